// Reading numeric columns out of a CSV file with a header row. Errors name
// the line and the column so that the checker and the CLI can point at them.
import { t } from '../../shared';
import { DataError } from './types';
import { closestName, didYouMean } from '../check/suggest';

export interface CsvTable {
  header: string[];
  rows: string[][];
  /** 1-based file line of each row (the header is line 1). */
  lines: number[];
}

/** Splits one line on commas; double quotes protect commas, "" is a literal quote. */
export function splitCsvLine(line: string): string[] {
  // Most lines quote nothing: splitting on commas gives the same cells many times faster.
  if (!line.includes('"')) {
    const cells = line.split(',');
    for (let i = 0; i < cells.length; i++) cells[i] = cells[i].trim();
    return cells;
  }
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell.trim());
  return cells;
}

/** The largest finite float32: training data is float32, so a larger value becomes Infinity and the loss NaN. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Column names as a message lists them: bounded, since the header of any file the user names ends up in a diagnostic. */
const MAX_LISTED = 12;
const MAX_NAME = 32;
export function quoteBounded(text: string): string {
  const chars = Array.from(text);
  return `"${chars.length > MAX_NAME ? `${chars.slice(0, MAX_NAME).join('')}…` : text}"`;
}
function columnList(header: string[]): string {
  const listed = header.slice(0, MAX_LISTED).map(quoteBounded).join(', ');
  return header.length > MAX_LISTED ? `${listed}, …` : listed;
}

export function noHeaderRow(): DataError {
  return new DataError('data-unreadable', t('the CSV file is empty (it needs a header row)'), 'path');
}

export function parseCsv(text: string): CsvTable {
  const allLines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let headerIndex = allLines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) throw noHeaderRow();
  const header = splitCsvLine(allLines[headerIndex]);
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let i = headerIndex + 1; i < allLines.length; i++) {
    if (allLines[i].trim() === '') continue;
    rows.push(splitCsvLine(allLines[i]));
    lines.push(i + 1);
  }
  return { header, rows, lines };
}

export interface ColumnChoice {
  column?: string;
  columns?: string[];
}

/** Indices of the chosen columns; with neither `column` nor `columns`, every column whose cells are all numbers. */
export function selectColumns(table: CsvTable, choice: ColumnChoice): number[] {
  return chooseColumns(table.header, choice,
    (index) => table.rows.length > 0 && table.rows.every((row) => parseNumber(row[index]) !== undefined));
}

/** selectColumns for a caller that judged each column itself (a streaming pass that never holds the rows). */
export function chooseColumns(header: string[], choice: ColumnChoice, allNumeric: (index: number) => boolean): number[] {
  const find = (name: string) => header.indexOf(name);
  const known = () => columnList(header);
  const noColumn = (name: string) =>
    didYouMean(t('the CSV file has no column "{0}" (columns: {1})', name, known()), closestName(name, header));
  if (choice.column !== undefined) {
    const index = find(choice.column);
    if (index < 0) {
      throw new DataError('data-column-missing', noColumn(choice.column), 'column');
    }
    return [index];
  }
  if (choice.columns !== undefined) {
    return choice.columns.map((name, item) => {
      const index = find(name);
      if (index < 0) {
        throw new DataError('data-column-missing', noColumn(name), 'columns', item);
      }
      return index;
    });
  }
  const numeric = header.map((_, index) => index).filter(allNumeric);
  if (numeric.length === 0) throw new DataError('data-unreadable', t('the CSV file has no numeric column (columns: {0})', known()), 'path');
  return numeric;
}

export function parseNumber(cell: string | undefined): number | undefined {
  if (cell === undefined || cell === '') return undefined;
  const value = Number(cell);
  return Number.isFinite(value) ? value : undefined;
}

/** The chosen columns as a row-major [rows, columns] array. */
export function numericColumns(table: CsvTable, indices: number[], choice: ColumnChoice): Float32Array {
  const values = new Float32Array(table.rows.length * indices.length);
  table.rows.forEach((row, r) => readRowValues(row, table.lines[r], table.header, indices, choice, values, r * indices.length));
  return values;
}

/**
 * The chosen cells of one row, stored at `values[at..]`; a cell that is
 * missing, not a number or too large for float32 is a DataError naming the
 * line and column. Whole-file and streamed loading both read rows here.
 */
export function readRowValues(
  row: string[], line: number, header: string[], indices: number[], choice: ColumnChoice, values: Float32Array, at: number,
): void {
  // A plain loop: both paths call this for every row of the file.
  for (let k = 0; k < indices.length; k++) {
    const value = parseNumber(row[indices[k]]);
    if (value === undefined || Math.abs(value) > FLOAT32_MAX) throw badCell(row, line, header, indices, choice, k);
    values[at + k] = value;
  }
}

function badCell(row: string[], line: number, header: string[], indices: number[], choice: ColumnChoice, k: number): DataError {
  const column = indices[k];
  const cell = row[column];
  const where = choice.columns !== undefined ? { arg: 'columns', item: k } : { arg: choice.column !== undefined ? 'column' : 'path', item: undefined };
  if (parseNumber(cell) === undefined) {
    return new DataError(
      'data-unreadable',
      cell === undefined
        ? t('line {0}, column {1}: the cell is missing', line, quoteBounded(header[column]))
        : t('line {0}, column {1}: {2} is not a number', line, quoteBounded(header[column]), quoteBounded(cell)),
      where.arg,
      where.item,
      { line, column: column + 1 },
    );
  }
  return new DataError('data-unusable',
    t('line {0}, column {1} ({2}): {3} is too large for a 32-bit float (at most ±3.4e38); training would see infinity', line, column + 1, quoteBounded(header[column]), quoteBounded(cell)),
    where.arg, where.item, { line, column: column + 1 });
}
