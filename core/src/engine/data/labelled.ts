// Labelled sequences for training: each one whole, padded at the end to
// `timesteps` (longer ones cut to it) with a mask, its class index as the
// target; the validation part drawn at random with the run's seed, or from
// every class in the same proportion (stratify).
import type { Batch, WindowSplit } from '../../language';
import { splitLabelled } from '../../language';
import { createRandom, shuffleInPlace } from '../util/random';
import type { WindowSet } from './windows';
import { oneHotBatch } from './one-hot-batch';

/** How a step reaches the model: its values, a one-hot row of the vocabulary, or the token id (for an embedding). */
export type StepEncoding = 'values' | 'one-hot' | 'token-ids';

export interface LabelledData {
  /** Values (steps × features) or token ids (one per step) of each sequence. */
  sequences: (Float32Array | Uint32Array)[];
  /** Class index of each sequence. */
  labels: Uint32Array;
  classes: number;
}

/**
 * The order the sequences are stored in for training: the training part,
 * then the validation part, each drawn with `seed` (per class with `stratify`).
 */
export function labelledOrder(labels: ArrayLike<number>, classes: number, validationSplit: number, stratify: boolean, seed: number)
  : { order: number[]; split: WindowSplit } {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const { validationPerClass, ...split } = splitLabelled(byClass.map((members) => members.length), validationSplit, stratify);
  const random = createRandom(seed);
  let validation: number[];
  let train: number[];
  if (validationPerClass) {
    const drawn = byClass.map((members, c) => {
      const shuffled = shuffleInPlace([...members], random);
      return { validation: shuffled.slice(0, validationPerClass[c]), train: shuffled.slice(validationPerClass[c]) };
    });
    validation = drawn.flatMap((d) => d.validation);
    train = drawn.flatMap((d) => d.train);
  } else {
    const shuffled = shuffleInPlace(Array.from({ length: labels.length }, (_, i) => i), random);
    validation = shuffled.slice(0, split.validation);
    train = shuffled.slice(split.validation);
  }
  // Sorted within each part: the order is the data's, the choice the seed's (training shuffles every epoch anyway).
  return { order: [...train.sort((a, b) => a - b), ...validation.sort((a, b) => a - b)], split };
}

/** Window i is sequence order[i]: x padded to `timesteps` steps, y its class, mask 1 on real steps. */
export class PaddedSequences implements WindowSet {
  readonly size: number;
  /** Some sequence is shorter than `timesteps`: batches carry a mask. */
  private readonly padded: boolean;

  constructor(
    private readonly data: LabelledData,
    private readonly order: readonly number[],
    private readonly timesteps: number,
    /** Values per step as the model sees them: the features, or the vocabulary for one-hot tokens (1 for token ids). */
    private readonly width: number,
    private readonly encoding: StepEncoding,
  ) {
    this.size = order.length;
    this.padded = order.some((i) => this.steps(i) < timesteps);
  }

  /** Real steps of sequence i after the cut. */
  private steps(i: number): number {
    const sequence = this.data.sequences[i];
    const length = this.encoding === 'values' ? sequence.length / this.width : sequence.length;
    return Math.min(length, this.timesteps);
  }

  batch(indices: ArrayLike<number>): Batch {
    const { timesteps, width, encoding } = this;
    // One-hot steps are kept as token ids too, their padding as -1 (a row of zeros).
    const perStep = encoding === 'values' ? width : 1;
    const x = new Float32Array(indices.length * timesteps * perStep).fill(encoding === 'one-hot' ? -1 : 0);
    const y = new Float32Array(indices.length);
    const mask = this.padded ? new Float32Array(indices.length * timesteps) : undefined;
    for (let b = 0; b < indices.length; b++) {
      const i = this.order[indices[b]];
      const sequence = this.data.sequences[i];
      const steps = this.steps(i);
      x.set(sequence.subarray(0, steps * perStep), b * timesteps * perStep);
      mask?.fill(1, b * timesteps, b * timesteps + steps);
      y[b] = this.data.labels[i];
    }
    if (encoding === 'one-hot') return oneHotBatch(indices.length, x, width, y, mask);
    return mask ? { size: indices.length, x, y, mask } : { size: indices.length, x, y };
  }
}
