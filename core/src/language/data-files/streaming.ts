// Whether a data file is streamed from disk or loaded whole, and what each
// way costs in memory. The checker counts the data against the memory budget
// with these figures and records its choice in the spec (ModelSpec.streamData);
// the engine follows that choice, so a spec that checks clean trains.
import type { StreamMode } from '../../shared';

/**
 * Rows per block of a streamed CSV: a cache miss reads and parses one block,
 * and the index keeps 16 bytes per block (half a byte per row). A window of
 * 32 steps touches two or three blocks; smaller blocks would parse fewer rows
 * a window but grow the index.
 */
export const STREAM_BLOCK_ROWS = 32;
/**
 * Recently used blocks a streamed CSV keeps (16,384 rows): enough for the
 * blocks of every window of a shuffled batch of 128 windows of 32 steps, and
 * for windows in time order (validation) to hit it.
 */
export const STREAM_CACHE_BLOCKS = 512;

/**
 * What loading a CSV whole costs beyond its text, measured on Node 20 (V8)
 * for parseCsv + numericColumns: about 264 bytes per row (the line, the row's
 * array) and 24 per cell (its string), e.g. 309 MiB for a 16 MiB file of a
 * million two-column rows (docs/performance.md).
 */
const CSV_ROW_BYTES = 264;
const CSV_CELL_BYTES = 24;
const FLOAT32_BYTES = 4;
const TEXT_BYTES_PER_CHAR = 12;
/** An index entry: a block's byte offset and line, two float64. */
const INDEX_ENTRY_BYTES = 16;

/** A data file being streamed, as the engine reports it. */
export interface StreamedFile {
  path: string;
  bytes: number;
  rows: number;
  blockRows: number;
  cacheBlocks: number;
}

/** The memory a source's data takes each way. */
export interface DataMemory {
  mode: StreamMode;
  /** Loaded whole (an estimate for files). */
  inMemoryBytes: number;
  /** Streamed: the row index and the cache of blocks; undefined when the source cannot stream. */
  streamedBytes?: number;
}

/** A CSV of `fileBytes` with about `rows` rows of `cells` cells, `width` of them chosen. */
export function csvMemory(mode: StreamMode, fileBytes: number, rows: number, cells: number, width: number): DataMemory {
  const bytesPerRow = rows > 0 ? fileBytes / rows : fileBytes;
  return {
    mode,
    inMemoryBytes: Math.round(fileBytes + rows * (CSV_ROW_BYTES + cells * CSV_CELL_BYTES + width * FLOAT32_BYTES)),
    streamedBytes: Math.round(Math.ceil(rows / STREAM_BLOCK_ROWS) * INDEX_ENTRY_BYTES
      + STREAM_CACHE_BLOCKS * STREAM_BLOCK_ROWS * width * FLOAT32_BYTES
      // One block while it is read and parsed: its bytes, its text, its rows.
      + STREAM_BLOCK_ROWS * (2 * bytesPerRow + CSV_ROW_BYTES + cells * CSV_CELL_BYTES)),
  };
}

/** Generated data (sine, adding): `count` floats, always held whole. */
export function floatsInMemory(count: number): DataMemory {
  return { mode: 'never', inMemoryBytes: count * FLOAT32_BYTES };
}

/**
 * A text of about `chars` characters, always loaded whole: the string (1-2
 * bytes a character), the array of its characters that encoding builds (an
 * 8-byte reference each) and the 2-byte tokens.
 */
export function textInMemory(chars: number): DataMemory {
  return { mode: 'never', inMemoryBytes: Math.round(chars * TEXT_BYTES_PER_CHAR) };
}

/**
 * `always` streams; `never` and sources that cannot stream load whole;
 * `auto` streams only when loading whole would take the model over the
 * budget: a file in memory trains faster (no read or parse per batch), so it
 * is streamed only when it has to be.
 */
export function streamsData(memory: DataMemory, modelBytes: number, budget: number): boolean {
  if (memory.streamedBytes === undefined || memory.mode === 'never') return false;
  return memory.mode === 'always' || modelBytes + memory.inMemoryBytes > budget;
}
