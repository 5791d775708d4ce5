// What the data layer tells the checker (facts, cheap) and gives the training
// loop (windows in batches, as plain typed arrays so data stays backend-agnostic).
import type { NormalizationMethod, Task } from '../../shared';
import type { DataMemory, StreamedFile } from './streaming';

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
  /** Number of (input window, target) pairs for this many timesteps, each followed by `horizon` target rows (default 1). */
  windows(timesteps: number, horizon?: number): number;
  /** How the windows divide into training and validation (time order, validation last; labelled sequences at random, by class with `stratify`). */
  split(timesteps: number, validationSplit: number, horizon?: number, stratify?: boolean): WindowSplit;
  vocabulary?: string[];
  /** The facts come from a head of a large file: sizes that need the whole file (the vocabulary, the classes) are not known. */
  partial?: boolean;
  /** What the data takes in memory, loaded whole or streamed. */
  memory?: DataMemory;
  /** Labelled sequences: the class names, sorted; a class id is an index here. */
  classes?: string[];
  /** The classes come from a head of a large file: there may be more. */
  partialClasses?: boolean;
  /** Labelled sequences: how many of each class, in the order of `classes`. */
  classCounts?: number[];
  /** Labelled sequences: the steps (tokens) of every sequence the checker read, shortest first. */
  lengths?: number[];
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

/**
 * One batch: x is [size, timesteps, features], or [size, timesteps] token ids
 * when the dataset's inputs are `token-ids`; y is [size, horizon × outputs]
 * (dense, the forecast rows one after the other) or [size] class indices (sparse).
 */
export interface Batch {
  size: number;
  x: Float32Array;
  /** One target per window ([size, outputs], sparse [size]), or per step with Dataset.targetSteps `every_step` ([size, timesteps, outputs], sparse [size, timesteps]). */
  y: Float32Array;
  /** [size, timesteps]: 1 for a real step, 0 for padding (at the end of a shorter sequence); absent: every step is real. */
  mask?: Float32Array;
  /**
   * When x is one-hot rows: [size, timesteps], the index of each step's 1 (-1
   * for a row of zeros). Training makes its input tensor from them and the
   * fused kernels take them as they are, so x need not be built at all.
   */
  oneHot?: Float32Array;
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
  /** Set when the rows are read from this file batch by batch rather than held. */
  streamed?: StreamedFile;
  /** Rows each window forecasts (`output.horizon`); absent: 1. Dense targets hold horizon × outputs values. */
  horizon?: number;
  /** 'token-ids': x holds one token id per step, [size, timesteps], for an embedding; absent: values (one-hot rows for tokens). */
  inputs?: 'token-ids';
  /** Names of the classes by class index (what a sparse y holds); absent: the indices are the names. */
  classes?: string[];
  /** The series the windows were cut from, for sources that have one (sine, csv): forecasts and their baselines read it. */
  series?: SeriesData;
}

/**
 * One series cut into windows a row apart: window i is rows i .. i+timesteps-1
 * and forecasts rows i+timesteps .. i+timesteps+horizon-1.
 */
export interface SeriesData {
  /** Rows of `width` values, normalised as the model sees them. */
  values: Float32Array;
  width: number;
  /** The name of each column. */
  columns: string[];
  /** Rows of one season when the series has one (declared with `season:`, or a sine's whole-number period). */
  season?: number;
  /** The window index the validation windows start at. */
  validationStart: number;
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
