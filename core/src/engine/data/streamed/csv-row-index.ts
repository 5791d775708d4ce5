// One pass over a CSV file that is too large to hold: the header, the row
// count, and the byte offset and line of every `blockRows`-th row, so that
// any block of rows can be read again with one positional read. Rows are cut
// exactly where the whole-file parser (language/data-files/csv.ts) cuts them:
// at every "\n" (a "\r" before it dropped), blank lines skipped, quotes
// protecting commas only. A quoted field holding a newline therefore breaks
// its row in both paths alike, with the same error at the same line, and the
// index never points into the middle of a row.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { chooseColumns, noHeaderRow, parseNumber, splitCsvLine, type ColumnChoice } from '../../../language';
import { DataError } from '../../../language';
import { t } from '../../../shared';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SCAN_CHUNK_BYTES = 1024 * 1024;

export interface CsvRowIndex {
  /** The real path of the file, and what it was when indexed: a block read from a changed file is refused. */
  path: string;
  size: number;
  mtimeMs: number;
  header: string[];
  /** The chosen columns' indices in the header. */
  columns: number[];
  rows: number;
  blockRows: number;
  /** Byte offset of row b·blockRows, for every block b, then the file's size. */
  offsets: Float64Array;
  /** 1-based file line of row b·blockRows, for every block b. */
  lines: Float64Array;
}

/** Only ASCII whitespace, so String.trim() would leave nothing; other bytes need decoding to tell. */
function blankBytes(bytes: Buffer, start: number, end: number): boolean | undefined {
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) continue;
    return b >= 0x80 ? undefined : false;
  }
  return true;
}

/** Opens the data file for reading; a file gone or unreadable is a data error naming it, not a stack trace. */
export function openDataFile(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    throw new DataError('data-unreadable', t('cannot open the data file {0}: {1}', path, (error as Error).message), 'path');
  }
}

export function indexCsvRows(path: string, choice: ColumnChoice, blockRows: number): CsvRowIndex {
  const fd = openDataFile(path);
  try {
    const { size, mtimeMs } = fstatSync(fd);
    let header: string[] | undefined;
    // Whether every cell of each column is a number: only needed when the columns are chosen by that.
    const judgeColumns = choice.column === undefined && choice.columns === undefined;
    let allNumeric: boolean[] = [];
    let rows = 0;
    const offsets: number[] = [];
    const lines: number[] = [];

    // As split(/\r?\n/): a "\r" is dropped only before a "\n", not at the end of the file.
    const takeLine = (bytes: Buffer, start: number, end: number, offset: number, line: number, endsAtNewline = true) => {
      const contentEnd = endsAtNewline && end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
      let text: string | undefined;
      let blank = blankBytes(bytes, start, contentEnd);
      if (blank === undefined) {
        text = bytes.toString('utf8', start, contentEnd);
        if (line === 1) text = text.replace(/^\uFEFF/, '');
        blank = text.trim() === '';
      }
      if (blank) return;
      if (header === undefined) {
        header = splitCsvLine(text ?? bytes.toString('utf8', start, contentEnd));
        allNumeric = header.map(() => true);
        return;
      }
      if (rows % blockRows === 0) {
        offsets.push(offset);
        lines.push(line);
      }
      rows++;
      if (judgeColumns) {
        const cells = splitCsvLine(text ?? bytes.toString('utf8', start, contentEnd));
        for (let c = 0; c < allNumeric.length; c++) if (allNumeric[c] && parseNumber(cells[c]) === undefined) allNumeric[c] = false;
      }
    };

    let carry = Buffer.alloc(0);
    let carryOffset = 0;
    let position = 0;
    let line = 1;
    const chunk = Buffer.alloc(SCAN_CHUNK_BYTES);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, position);
      if (n === 0) break;
      position += n;
      const bytes = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let i = bytes.indexOf(NEWLINE, start); i >= 0; i = bytes.indexOf(NEWLINE, start)) {
        takeLine(bytes, start, i, carryOffset + start, line);
        line++;
        start = i + 1;
      }
      carryOffset += start;
      carry = Buffer.from(bytes.subarray(start));
    }
    takeLine(carry, 0, carry.length, carryOffset, line, false);
    if (position !== size) throw fileChanged(path, size, position);
    if (header === undefined) throw noHeaderRow();
    const columns = chooseColumns(header, choice, (index) => rows > 0 && allNumeric[index]);
    offsets.push(size);
    return { path, size, mtimeMs, header, columns, rows, blockRows, offsets: Float64Array.from(offsets), lines: Float64Array.from(lines) };
  } finally {
    closeSync(fd);
  }
}

/** The error for a file that is not what the streaming pass saw: training reads it again for every batch. */
export function fileChanged(path: string, indexedSize: number, size: number): DataError {
  const advice = t('a streamed data file is read again for every batch, so leave it unchanged until the run ends, or train on a copy');
  return new DataError('data-unreadable', size === indexedSize
    ? t('the data file {0} changed while training (its rows are no longer those it had when training started): {1}', path, advice)
    : t('the data file {0} changed while training (it had {1} bytes, now {2}): {3}', path, indexedSize, size, advice),
  'path');
}
