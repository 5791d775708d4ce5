// Rows of an indexed CSV file read back on demand, a block at a time: one
// positional read of the block's bytes, parsed by the same row reader as the
// whole file (so values and errors are the same), kept in a small cache of
// recent blocks. Every read first compares the file with what was indexed.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readRowValues, type ColumnChoice, type Normalization } from '../../../language';
import { splitCsvLine } from '../../../language';
import { applyNormalization, type RowVisitor } from '../normalize';
import { fileChanged, type CsvRowIndex } from './csv-row-index';

/** The values of block `b` of the index: its rows' chosen columns, row-major, as float32 like the whole-file path. */
export function readRowBlock(index: CsvRowIndex, choice: ColumnChoice, b: number): Float32Array {
  const start = index.offsets[b];
  const length = index.offsets[b + 1] - start;
  const bytes = Buffer.alloc(length);
  const fd = openSync(index.path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.size !== index.size || stat.mtimeMs !== index.mtimeMs) throw fileChanged(index.path, index.size, stat.size);
    if (readSync(fd, bytes, 0, length, start) !== length) throw fileChanged(index.path, index.size, stat.size);
  } finally {
    closeSync(fd);
  }
  const width = index.columns.length;
  const expected = Math.min(index.blockRows, index.rows - b * index.blockRows);
  const values = new Float32Array(expected * width);
  const lines = bytes.toString('utf8').split(/\r?\n/);
  let row = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    // More rows than indexed: the same size and time, yet other content.
    if (row === expected) throw fileChanged(index.path, index.size, index.size);
    readRowValues(splitCsvLine(lines[i]), index.lines[b] + i, index.header, index.columns, choice, values, row * width);
    row++;
  }
  if (row !== expected) throw fileChanged(index.path, index.size, index.size);
  return values;
}

/** Every block in order, uncached: for the passes over the whole file before training (validation, statistics). */
export function visitRowBlocks(index: CsvRowIndex, choice: ColumnChoice): RowVisitor {
  const width = index.columns.length;
  return (rows, visit) => {
    for (let b = 0; b * index.blockRows < rows; b++) {
      const block = readRowBlock(index, choice, b);
      const wanted = Math.min(index.blockRows, rows - b * index.blockRows);
      visit(block.subarray(0, wanted * width));
    }
  };
}

/**
 * Normalised rows for the windows, from the most recently used `cacheBlocks`
 * blocks or the file. Windows in time order hit the cache; shuffled windows
 * of a large file mostly miss it, and each miss costs one read and parse of a
 * block (docs/performance.md).
 */
export class CachedRowBlocks {
  private readonly cache = new Map<number, Float32Array>();
  readonly width: number;

  constructor(
    private readonly index: CsvRowIndex,
    private readonly choice: ColumnChoice,
    private readonly normalization: Normalization | undefined,
    private readonly cacheBlocks: number,
  ) {
    this.width = index.columns.length;
  }

  /** Copies rows start..start+count-1 into `target` from `at` on. */
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
    const values = readRowBlock(this.index, this.choice, b);
    if (this.normalization) applyNormalization(values, this.width, this.normalization);
    if (this.cache.size >= this.cacheBlocks) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(b, values);
    return values;
  }
}
