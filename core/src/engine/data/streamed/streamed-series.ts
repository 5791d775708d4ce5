// A series CSV streamed from disk: the index pass, a pass that reads every
// row once (so a bad cell fails before training, as when the file is loaded
// whole), and windows whose rows are read from the file batch by batch.
import type { Batch, ColumnChoice, Normalization } from '../../../language';
import { STREAM_BLOCK_ROWS, STREAM_CACHE_BLOCKS, windowCount, type StreamedFile } from '../../../language';
import type { RowVisitor } from '../normalize';
import type { TargetSteps, WindowSet } from '../windows';
import { CachedRowBlocks, visitRowBlocks } from './csv-row-blocks';
import { indexCsvRows } from './csv-row-index';

/** The rows of a series, in memory or on disk: what the loader needs to split, normalise and window them. */
export interface SeriesRows {
  rows: number;
  width: number;
  columns: string[];
  /** For the normalisation statistics. */
  visit: RowVisitor;
  /** The windows over the rows (each forecasting `horizon` rows), normalised when `normalization` is given. */
  windows(timesteps: number, horizon: number, normalization: Normalization | undefined, targetSteps: TargetSteps): WindowSet;
  /** The values when they are held in memory (forecast views and seasonal baselines read them); absent when streamed. */
  values?: Float32Array;
  streamed?: StreamedFile;
}

/** Windows as SeriesWindows cuts them (rows i..i+timesteps-1, the next `horizon` rows the targets), rows read on demand. */
class StreamedSeriesWindows implements WindowSet {
  readonly size: number;

  constructor(
    private readonly rows: CachedRowBlocks,
    rowCount: number,
    private readonly timesteps: number,
    private readonly horizon: number,
    private readonly targetSteps: TargetSteps,
  ) {
    this.size = windowCount(rowCount, timesteps, 1, horizon);
  }

  batch(indices: ArrayLike<number>): Batch {
    const { rows, timesteps, horizon } = this;
    const { width } = rows;
    const windowLength = timesteps * width;
    const everyStep = this.targetSteps === 'every_step';
    const targetRows = everyStep ? timesteps : horizon;
    const targetLength = targetRows * width;
    const x = new Float32Array(indices.length * windowLength);
    const y = new Float32Array(indices.length * targetLength);
    rows.reading(() => {
      for (let b = 0; b < indices.length; b++) {
        rows.copyRows(indices[b], timesteps, x, b * windowLength);
        // Every step: the window one row on; else the rows after it.
        rows.copyRows(everyStep ? indices[b] + 1 : indices[b] + timesteps, targetRows, y, b * targetLength);
      }
    });
    return { size: indices.length, x, y };
  }
}

/** `realPath` must already be judged openable (source-file.ts). Throws DataError. */
export function streamedCsvRows(realPath: string, choice: ColumnChoice): SeriesRows {
  const index = indexCsvRows(realPath, choice, STREAM_BLOCK_ROWS);
  const visit = visitRowBlocks(index, choice);
  // Every cell once, before training: a bad one fails here with its line, not in the middle of an epoch.
  visit(index.rows, () => {});
  return {
    rows: index.rows,
    width: index.columns.length,
    columns: index.columns.map((i) => index.header[i]),
    visit,
    windows: (timesteps, horizon, normalization, targetSteps) =>
      new StreamedSeriesWindows(new CachedRowBlocks(index, choice, normalization, STREAM_CACHE_BLOCKS), index.rows, timesteps, horizon, targetSteps),
    streamed: { path: realPath, bytes: index.size, rows: index.rows, blockRows: index.blockRows, cacheBlocks: STREAM_CACHE_BLOCKS },
  };
}
