// Rows as CSV text (RFC 4180 quoting), for every table RNN Studio writes: the
// panel's epoch export and `rnn predict`. The reading side is the language's
// data-files/csv.ts, which reads what this writes.

/** One line per row, cells joined by commas; undefined and null become empty cells. */
export function csvText(rows: readonly (readonly unknown[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
