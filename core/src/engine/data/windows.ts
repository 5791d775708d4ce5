// Window sets: every source is a list of windows addressed by a global index,
// cut into the training and validation parts by offset views.
import type { Batch, Dataset, WindowSource, WindowSplit } from '../../language';

/** Where a window's targets are (Dataset.targetSteps): after its last step, or after each of its steps. */
export type TargetSteps = NonNullable<Dataset['targetSteps']>;
import { windowCount } from '../../language';
import { oneHotBatch } from './one-hot-batch';

/** All windows of one source; `batch` receives global window indices. */
export interface WindowSet {
  readonly size: number;
  batch(indices: ArrayLike<number>): Batch;
}

class OffsetView implements WindowSource {
  constructor(
    private readonly base: WindowSet,
    private readonly offset: number,
    readonly size: number,
  ) {}

  batch(indices: ArrayLike<number>): Batch {
    const global = new Array<number>(indices.length);
    for (let i = 0; i < indices.length; i++) global[i] = indices[i] + this.offset;
    return this.base.batch(global);
  }
}

export function splitSources(windows: WindowSet, split: WindowSplit): { train: WindowSource; validation: WindowSource } {
  return {
    train: new OffsetView(windows, 0, split.train),
    validation: new OffsetView(windows, split.train + split.gap, split.validation),
  };
}

/**
 * Windows over one series of `width` values per row: window i is rows
 * i..i+timesteps-1, its targets the next `horizon` rows (all columns, row after row);
 * at every step, the row after each step (rows i+1..i+timesteps).
 */
export class SeriesWindows implements WindowSet {
  readonly size: number;

  constructor(
    private readonly series: Float32Array,
    private readonly width: number,
    private readonly timesteps: number,
    private readonly horizon = 1,
    /** Every-step targets (horizon 1 only: the checker refuses both together). */
    private readonly targetSteps: TargetSteps = 'last',
  ) {
    this.size = windowCount(series.length / width, timesteps, 1, horizon);
  }

  batch(indices: ArrayLike<number>): Batch {
    const { series, width, timesteps, horizon } = this;
    const windowLength = timesteps * width;
    const everyStep = this.targetSteps === 'every_step';
    const targetLength = everyStep ? windowLength : horizon * width;
    const x = new Float32Array(indices.length * windowLength);
    const y = new Float32Array(indices.length * targetLength);
    for (let b = 0; b < indices.length; b++) {
      const start = indices[b] * width;
      // Rows are contiguous, so a window is one block copy, and so are its targets: the window one row on, or the rows after it.
      x.set(series.subarray(start, start + windowLength), b * windowLength);
      const targetStart = everyStep ? start + width : start + windowLength;
      y.set(series.subarray(targetStart, targetStart + targetLength), b * targetLength);
    }
    return { size: indices.length, x, y };
  }
}

/**
 * Windows over a sequence of class indices (characters), starting every
 * `stride` tokens: inputs one-hot
 * [timesteps, classes], target the index of the next one (at every step:
 * of the one after each step, as char-rnn). The one-hot block
 * of a batch is built on demand, never for the whole text.
 */
export class TokenWindows implements WindowSet {
  readonly size: number;

  constructor(
    private readonly tokens: Uint16Array | Uint32Array,
    private readonly classes: number,
    private readonly timesteps: number,
    private readonly stride: number,
    /** Token ids as they are (for an embedding) instead of one-hot rows. */
    private readonly ids = false,
    private readonly targetSteps: TargetSteps = 'last',
  ) {
    this.size = windowCount(tokens.length, timesteps, stride);
  }

  batch(indices: ArrayLike<number>): Batch {
    const { tokens, classes, timesteps } = this;
    const everyStep = this.targetSteps === 'every_step';
    // Token ids, one per step: the input of an embedding, or the indices of one-hot rows.
    const ids = new Float32Array(indices.length * timesteps);
    const y = new Float32Array(indices.length * (everyStep ? timesteps : 1));
    for (let b = 0; b < indices.length; b++) {
      const start = indices[b] * this.stride;
      ids.set(tokens.subarray(start, start + timesteps), b * timesteps);
      if (everyStep) y.set(tokens.subarray(start + 1, start + timesteps + 1), b * timesteps);
      else y[b] = tokens[start + timesteps];
    }
    return this.ids ? { size: indices.length, x: ids, y } : oneHotBatch(indices.length, ids, classes, y);
  }
}

/** Independent sequences stored whole: x [count, timesteps, features], one target row each. */
export class SequenceSet implements WindowSet {
  readonly size: number;

  constructor(
    private readonly inputs: Float32Array,
    private readonly targets: Float32Array,
    private readonly sequenceLength: number,
    private readonly outputs: number,
  ) {
    this.size = targets.length / outputs;
  }

  batch(indices: ArrayLike<number>): Batch {
    const { inputs, targets, sequenceLength, outputs } = this;
    const x = new Float32Array(indices.length * sequenceLength);
    const y = new Float32Array(indices.length * outputs);
    for (let b = 0; b < indices.length; b++) {
      const i = indices[b];
      x.set(inputs.subarray(i * sequenceLength, (i + 1) * sequenceLength), b * sequenceLength);
      y.set(targets.subarray(i * outputs, (i + 1) * outputs), b * outputs);
    }
    return { size: indices.length, x, y };
  }
}
