// What the data layer tells the checker (facts, cheap) and gives the training
// loop (windows in batches, as plain typed arrays so data stays backend-agnostic).
import type { NormalizationMethod, Task } from '../../shared';

export interface WindowSplit {
  train: number;
  validation: number;
  /** Windows dropped between the two parts so that validation inputs never contain a training target. */
  gap: number;
}

export interface DataFacts {
  task: Task;
  features: number;
  outputs: number;
  /** Number of (input window, target) pairs for this many timesteps. */
  windows(timesteps: number): number;
  /** How the windows divide into training and validation (time order, validation last). */
  split(timesteps: number, validationSplit: number): WindowSplit;
  vocabulary?: string[];
  /** The facts come from a head of a large file: sizes that need the whole file (the vocabulary) are not known. */
  partial?: boolean;
}

export type DataErrorCode = 'data-file-missing' | 'data-column-missing' | 'data-unreadable' | 'data-not-allowed' | 'data-not-checked' | 'data-unusable';

export type InspectResult =
  | { ok: true; facts: DataFacts }
  | {
      ok: false;
      code: DataErrorCode;
      message: string;
      /** Argument at fault: 'path' | 'column' | 'columns'. */
      arg: string;
      /** Index into `columns` when one item is at fault. */
      item?: number;
    };

/** One batch: x is [size, timesteps, features]; y is [size, outputs] (dense) or [size] class indices (sparse). */
export interface Batch {
  size: number;
  x: Float32Array;
  /** One target per window ([size, outputs], sparse [size]), or per step with Dataset.targetSteps `every_step` ([size, timesteps, outputs], sparse [size, timesteps]). */
  y: Float32Array;
  /** [size, timesteps]: 1 for a real step, 0 for padding (at the end of a shorter sequence); absent: every step is real. */
  mask?: Float32Array;
}

/** A set of windows addressed 0..size-1 (a training or validation part). */
export interface WindowSource {
  readonly size: number;
  /** Builds the batch of the given windows on demand (large one-hot data is never materialised whole). */
  batch(indices: ArrayLike<number>): Batch;
}

/** Per-column scaling: normalised = (value - offset) / scale, from the training part only. */
export interface Normalization {
  method: Exclude<NormalizationMethod, 'none'>;
  columns: string[];
  offset: number[];
  scale: number[];
}

export interface Dataset {
  task: Task;
  timesteps: number;
  features: number;
  outputs: number;
  /** 'dense': y holds `outputs` values per window; 'sparse': y holds one class index per window. */
  targets: 'dense' | 'sparse';
  /** Where the targets are: after the last step only (absent, or `last`), or at every step (`every_step`). */
  targetSteps?: 'last' | 'every_step';
  train: WindowSource;
  validation: WindowSource;
  split: WindowSplit;
  normalization?: Normalization;
  vocabulary?: string[];
}

/** A bad data file found while loading; `arg` names the data argument at fault. */
export class DataError extends Error {
  constructor(
    readonly code: DataErrorCode,
    message: string,
    readonly arg: string,
    readonly item?: number,
    /** 1-based line and column in the data file, when one place in it is at fault. */
    readonly at?: { line: number; column: number },
  ) {
    super(message);
    this.name = 'DataError';
  }
}
