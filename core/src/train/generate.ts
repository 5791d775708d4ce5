// Text generation from a character model: temperature sampling, seeded.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { createRandom } from '../util/random';
import { forward } from './forward';

export interface GenerateOptions {
  length: number;
  temperature: number;
  prime: string;
  vocabulary: string[];
  timesteps: number;
  seed: number;
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

/**
 * The prime text followed by `length` generated characters. The model sees
 * the last `timesteps` characters (fewer while the text is shorter); prime
 * characters outside the vocabulary are left out of the model's input.
 */
export function generateText(model: LayersModel, options: GenerateOptions): string {
  const random = createRandom(options.seed);
  const index = new Map(options.vocabulary.map((ch, i) => [ch, i]));
  const classes = options.vocabulary.length;
  const context: number[] = Array.from(options.prime).flatMap((ch) => (index.has(ch) ? [index.get(ch)!] : []));
  if (context.length === 0) context.push(random.int(classes));
  let text = options.prime.length > 0 ? options.prime : options.vocabulary[context[0]];
  for (let step = 0; step < options.length; step++) {
    const window = context.slice(-options.timesteps);
    const probabilities = tf.tidy(() => {
      const x = tf.buffer([1, window.length, classes], 'float32');
      window.forEach((id, t) => x.set(1, 0, t, id));
      return forward(model, x.toTensor(), false).dataSync();
    });
    const next = sampleIndex(probabilities, options.temperature, random.next());
    context.push(next);
    text += options.vocabulary[next];
  }
  return text;
}
