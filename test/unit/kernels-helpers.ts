// Shared by the kernel tests: seeded random tensors and element-wise comparison.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { createRandom } from '../../core/src/util/random';

/** Seeded uniform tensors in [-scale, scale) so failures reproduce. */
export function seededUniform(seed: number): (shape: number[], scale: number) => tf.Tensor {
  const { next } = createRandom(seed);
  return (shape, scale) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    for (let i = 0; i < size; i++) values[i] = (next() * 2 - 1) * scale;
    return tf.tensor(values, shape);
  };
}

export function assertClose(actual: tf.Tensor | undefined, expected: tf.Tensor | undefined, tolerance: number, what: string): void {
  assert.ok(actual, `${what}: no fused value`);
  assert.ok(expected, `${what}: no reference value`);
  assert.deepEqual(actual.shape, expected.shape, `${what}: shapes differ`);
  const a = actual.dataSync();
  const e = expected.dataSync();
  let worst = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs(a[i] - e[i]);
    if (!(diff <= worst)) {
      worst = diff;
      at = i;
    }
  }
  assert.ok(worst <= tolerance, `${what}: element ${at} differs by ${worst} (fused ${a[at]}, reference ${e[at]})`);
}
