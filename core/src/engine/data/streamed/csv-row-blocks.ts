// Rows of an indexed CSV file read back on demand, a block at a time: one
// positional read of the block's bytes, parsed by the same row reader as the
// whole file (so values and errors are the same), kept in a small cache of
// recent blocks. Every read first compares the file with what was indexed.
import { closeSync, fstatSync, readSync } from 'node:fs';
import { FLOAT32_MAX, parseNumber, readRowValues, splitCsvLine, type ColumnChoice, type Normalization } from '../../../language';
import { applyNormalization, type RowVisitor } from '../normalize';
import { fileChanged, openDataFile, type CsvRowIndex } from './csv-row-index';

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const COMMA = 0x2c;

/**
 * The chosen cells of a line of plain ASCII without quotes, parsed straight
 * from the bytes (the cells are those splitCsvLine would cut, and parsed as
 * parseNumber would): 'blank' for a line of whitespace, 'slow' for a line the
 * string path must read (quotes, other bytes, a missing or bad cell, whose
 * error it reports).
 */
function readPlainRow(
  bytes: Buffer, start: number, end: number, columns: number[], commas: number[], values: Float32Array, at: number,
): 'row' | 'blank' | 'slow' {
  commas.length = 0;
  let blank = true;
  for (let i = start; i < end; i++) {
    const byte = bytes[i];
    if (byte >= 0x80 || byte === QUOTE) return 'slow';
    if (byte === COMMA) commas.push(i);
    else if (blank && byte !== 0x20 && (byte < 0x09 || byte > 0x0d)) blank = false;
  }
  if (blank && commas.length === 0) return 'blank';
  for (let k = 0; k < columns.length; k++) {
    const c = columns[k];
    if (c > commas.length) return 'slow';
    const value = parseNumber(bytes.toString('latin1', c === 0 ? start : commas[c - 1] + 1, c === commas.length ? end : commas[c]).trim());
    if (value === undefined || Math.abs(value) > FLOAT32_MAX) return 'slow';
    values[at + k] = value;
  }
  return 'row';
}

/**
 * Opens the indexed file for a run of reads (a batch, a pass), after checking
 * it is still the file that was indexed; closed again before returning, so a
 * data set holds no file open between batches.
 */
export function withIndexedFile<T>(index: CsvRowIndex, read: (fd: number) => T): T {
  const fd = openDataFile(index.path);
  try {
    const stat = fstatSync(fd);
    if (stat.size !== index.size || stat.mtimeMs !== index.mtimeMs) throw fileChanged(index.path, index.size, stat.size);
    return read(fd);
  } finally {
    closeSync(fd);
  }
}

/** The values of block `b` of the index: its rows' chosen columns, row-major, as float32 like the whole-file path. */
export function readRowBlock(index: CsvRowIndex, choice: ColumnChoice, b: number, fd: number): Float32Array {
  const start = index.offsets[b];
  const length = index.offsets[b + 1] - start;
  const bytes = Buffer.allocUnsafe(length);
  if (readSync(fd, bytes, 0, length, start) !== length) throw fileChanged(index.path, index.size, index.size);
  const width = index.columns.length;
  const expected = Math.min(index.blockRows, index.rows - b * index.blockRows);
  const values = new Float32Array(expected * width);
  const commas: number[] = [];
  let row = 0;
  let line = index.lines[b];
  for (let from = 0; from <= length; line++) {
    const newline = bytes.indexOf(NEWLINE, from);
    const end = newline < 0 ? length : newline;
    const kind = row < expected ? readPlainRow(bytes, from, end, index.columns, commas, values, row * width) : 'slow';
    if (kind === 'row') row++;
    else if (kind === 'slow') {
      // As split(/\r?\n/): a "\r" is part of the line only at the very end of the file.
      const text = bytes.toString('utf8', from, newline >= 0 && end > from && bytes[end - 1] === 0x0d ? end - 1 : end);
      if (text.trim() !== '') {
        // More rows than indexed: the same size and time, yet other content.
        if (row === expected) throw fileChanged(index.path, index.size, index.size);
        readRowValues(splitCsvLine(text), line, index.header, index.columns, choice, values, row * width);
        row++;
      }
    }
    if (newline < 0) break;
    from = newline + 1;
  }
  if (row !== expected) throw fileChanged(index.path, index.size, index.size);
  return values;
}

/** Every block in order, uncached: for the passes over the whole file before training (validation, statistics). */
export function visitRowBlocks(index: CsvRowIndex, choice: ColumnChoice): RowVisitor {
  const width = index.columns.length;
  return (rows, visit) => withIndexedFile(index, (fd) => {
    for (let b = 0; b * index.blockRows < rows; b++) {
      const block = readRowBlock(index, choice, b, fd);
      const wanted = Math.min(index.blockRows, rows - b * index.blockRows);
      visit(block.subarray(0, wanted * width));
    }
  });
}

/**
 * Normalised rows for the windows, from the most recently used `cacheBlocks`
 * blocks or the file. Windows in time order hit the cache; shuffled windows
 * of a large file mostly miss it, and each miss costs one read and parse of a
 * block (docs/performance.md).
 */
export class CachedRowBlocks {
  private readonly cache = new Map<number, Float32Array>();
  private fd: number | undefined;
  readonly width: number;

  constructor(
    private readonly index: CsvRowIndex,
    private readonly choice: ColumnChoice,
    private readonly normalization: Normalization | undefined,
    private readonly cacheBlocks: number,
  ) {
    this.width = index.columns.length;
  }

  /** Runs `read` (the copies of one batch) with the file open, checked once. */
  reading<T>(read: () => T): T {
    return withIndexedFile(this.index, (fd) => {
      this.fd = fd;
      try {
        return read();
      } finally {
        this.fd = undefined;
      }
    });
  }

  /** Copies rows start..start+count-1 into `target` from `at` on; only inside `reading`. */
  copyRows(start: number, count: number, target: Float32Array, at: number): void {
    const { blockRows } = this.index;
    const { width } = this;
    let row = start;
    let to = at;
    while (row < start + count) {
      const b = Math.floor(row / blockRows);
      const inBlock = row - b * blockRows;
      const take = Math.min(blockRows - inBlock, start + count - row);
      target.set(this.block(b).subarray(inBlock * width, (inBlock + take) * width), to);
      row += take;
      to += take * width;
    }
  }

  private block(b: number): Float32Array {
    const hit = this.cache.get(b);
    if (hit) {
      // Most recently used last: the first key is the one to evict.
      this.cache.delete(b);
      this.cache.set(b, hit);
      return hit;
    }
    if (this.fd === undefined) throw new Error('CachedRowBlocks: rows are read only inside reading()');
    const values = readRowBlock(this.index, this.choice, b, this.fd);
    if (this.normalization) applyNormalization(values, this.width, this.normalization);
    if (this.cache.size >= this.cacheBlocks) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(b, values);
    return values;
  }
}
