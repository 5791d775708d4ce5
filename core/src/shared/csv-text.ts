// Rows as CSV text, for every table RNN Studio writes: the panel's epoch
// export, the runs table's exports and `rnn predict`. papaparse does the
// quoting (RFC 4180); the reading side is the language's data-files/csv.ts.
import Papa from 'papaparse';

/** One line per row, the first row the header; undefined and null become empty cells. */
export function csvText(rows: readonly (readonly unknown[])[]): string {
  return Papa.unparse(rows.map((row) => [...row]), { newline: '\n' }) + '\n';
}
