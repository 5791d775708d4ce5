// Text generation from a character or word model: temperature sampling, seeded.
import * as tf from '@tensorflow/tfjs-core';
import { RNN, type LayersModel } from '@tensorflow/tfjs-layers';
import { joinTokens, tokenize } from '../../language';
import type { TokenLevel } from '../../shared';
import { TokenEmbedding } from '../compile/embedding';
import { createRandom } from '../util/random';
import { readValues } from '../util/read-values';
import { forward, lastStepOutput } from './forward';

export interface GenerateOptions {
  length: number;
  temperature: number;
  prime: string;
  vocabulary: string[];
  timesteps: number;
  seed: number;
  /** How the prime is split into tokens and the tokens joined (default: characters). */
  level?: TokenLevel;
  lowercase?: boolean;
}

/** Draws an index from probabilities p reweighted as p^(1/temperature). */
export function sampleIndex(probabilities: ArrayLike<number>, temperature: number, uniform: number): number {
  const weights = Array.from(probabilities, (p) => Math.exp(Math.log(Math.max(p, 1e-12)) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let target = uniform * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i];
    if (target < 0) return i;
  }
  return weights.length - 1;
}

/** Feeds one character at a time and returns the next-character probabilities. */
interface CharStepper {
  step(id: number): Float32Array;
  dispose(): void;
}

type CellLike = { stateSize: number | number[]; call(inputs: tf.Tensor[], kwargs: object): tf.Tensor | tf.Tensor[]; dropoutMask: unknown; recurrentDropoutMask: unknown };

/** Training leaves its last dropout masks on the cells; stepping a cell directly must start without them. */
function clearMasks(cells: CellLike[]): void {
  for (const cell of cells) {
    for (const key of ['dropoutMask', 'recurrentDropoutMask'] as const) {
      tf.dispose(cell[key] as tf.Tensor | tf.Tensor[] | null ?? []);
      cell[key] = null;
    }
  }
}

/**
 * Steps the recurrent cells directly, carrying their states: one step per
 * character instead of re-reading a whole window, and the model sees the
 * whole history as char-rnn does. Only for forward-only recurrent stacks
 * (a bidirectional layer needs the whole window): otherwise undefined.
 */
function statefulStepper(model: LayersModel, classes: number): CharStepper | undefined {
  const recurrent = model.layers.slice(0, -1);
  const output = model.layers[model.layers.length - 1];
  if (!recurrent.every((layer) => layer instanceof RNN && !layer.goBackwards)) return undefined;
  const cells = recurrent.map((layer) => (layer as RNN).cell as unknown as CellLike);
  clearMasks(cells);
  let states = cells.map((cell) => (Array.isArray(cell.stateSize) ? cell.stateSize : [cell.stateSize]).map((n) => tf.zeros([1, n])));
  return {
    step(id) {
      const { probabilities, next } = tf.tidy(() => {
        let h: tf.Tensor = tf.cast(tf.oneHot(tf.tensor1d([id], 'int32'), classes), 'float32');
        const nextStates = cells.map((cell, i) => {
          const outs = cell.call([h, ...states[i]], { training: false }) as tf.Tensor[];
          h = outs[0];
          return outs.slice(1);
        });
        return { probabilities: output.apply(h, { training: false }) as tf.Tensor, next: nextStates };
      });
      tf.dispose(states);
      states = next;
      const values = probabilities.dataSync() as Float32Array;
      probabilities.dispose();
      return values;
    },
    dispose() {
      tf.dispose(states);
      clearMasks(cells);
    },
  };
}

/** Re-reads the last `timesteps` characters for every new one (any model shape). */
function windowedStepper(model: LayersModel, classes: number, timesteps: number): CharStepper {
  const context: number[] = [];
  return {
    step(id) {
      context.push(id);
      const window = context.slice(-timesteps);
      return readValues(() => {
        // Behind an embedding the model reads token ids, else one-hot rows.
        if (model.layers[0] instanceof TokenEmbedding) return forward(model, tf.tensor2d([window]), false);
        const x = tf.buffer([1, window.length, classes], 'float32');
        window.forEach((c, t) => x.set(1, 0, t, c));
        return lastStepOutput(forward(model, x.toTensor(), false));
      }).values;
    },
    dispose() {},
  };
}

/**
 * The prime text followed by `length` generated characters. Prime characters
 * outside the vocabulary are left out of the model's input; without a prime
 * the text starts from one random character of the vocabulary.
 */
export function generateText(model: LayersModel, options: GenerateOptions, mode: 'auto' | 'windowed' = 'auto'): string {
  const random = createRandom(options.seed);
  const index = new Map(options.vocabulary.map((ch, i) => [ch, i]));
  const classes = options.vocabulary.length;
  const level = options.level ?? 'char';
  const prime = tokenize(options.prime, { level, lowercase: options.lowercase ?? false }).flatMap((token) => (index.has(token) ? [index.get(token)!] : []));
  if (prime.length === 0) prime.push(random.int(classes));
  const tokens = [options.prime.length > 0 ? options.prime : options.vocabulary[prime[0]]];
  const stepper = (mode === 'auto' ? statefulStepper(model, classes) : undefined) ?? windowedStepper(model, classes, options.timesteps);
  try {
    let probabilities: ArrayLike<number> = [];
    for (const id of prime) probabilities = stepper.step(id);
    for (let i = 0; i < options.length; i++) {
      const next = sampleIndex(probabilities, options.temperature, random.next());
      tokens.push(options.vocabulary[next]);
      if (i < options.length - 1) probabilities = stepper.step(next);
    }
  } finally {
    stepper.dispose();
  }
  return joinTokens(tokens, level);
}
