// Shared by the kernel tests: seeded random tensors and element-wise comparison.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { createRequire } from 'node:module';
import { createRandom } from '../../core/src/engine/util/random';
import { loadKernelBuild, type KernelBuild } from '../../core/src/engine/kernels/load';
import type { RecurrentKernels } from '../../core/src/engine/kernels/recurrent-kernels';
import type { RecurrentLayerRequest } from '../../core/src/engine/compile/providers';

const HOW_TO_BUILD: Record<KernelBuild, string> = {
  wasm: 'dist/kernels.wasm is not built (npm run build:kernels needs clang and lld)',
  native: 'the native kernels are not built (npm run setup:native)',
};

/**
 * Every build of the kernels the tests run on, with a skip reason for one
 * that is not built here. RNN_REQUIRE_NATIVE=1 (CI after setup:native) turns
 * a missing native build into a failure instead of a skip.
 */
export const KERNEL_BUILDS: { build: KernelBuild; kernels: RecurrentKernels | null; skip: string | false }[] = (['wasm', 'native'] as const).map((build) => {
  const kernels = loadKernelBuild(build);
  if (!kernels && build === 'native' && process.env.RNN_REQUIRE_NATIVE === '1') throw new Error(`RNN_REQUIRE_NATIVE=1 but ${HOW_TO_BUILD.native}`);
  return { build, kernels, skip: kernels ? false : HOW_TO_BUILD[build] };
});

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
  assertValuesClose(actual.dataSync(), expected.dataSync(), tolerance, what);
}

/** Every element within `tolerance`; the message names the worst one, as `names` call the two sides. */
export function assertValuesClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
  what: string,
  names: [string, string] = ['fused', 'reference'],
): void {
  assert.equal(actual.length, expected.length, `${what}: lengths differ`);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    if (!(diff <= worst)) {
      worst = diff;
      at = i;
    }
  }
  assert.ok(worst <= tolerance, `${what}: element ${at} differs by ${worst} (${names[0]} ${actual[at]}, ${names[1]} ${expected[at]})`);
}

/** The tfjs backends the fused op is checked on: cpu, wasm, and tensorflow when tfjs-node loads (npm run setup:native). */
export const TFJS_BACKENDS: string[] = ['cpu', 'wasm', ...(loadsTensorflow() ? ['tensorflow'] : [])];

function loadsTensorflow(): boolean {
  try {
    createRequire(__filename)('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

/** A layer request of the kernel tests: an lstm of 4 units with every gate, fixed seeds, returning its sequence. */
export function layerRequest(overrides: Partial<RecurrentLayerRequest>): RecurrentLayerRequest {
  return {
    name: 'layer',
    cell: 'lstm',
    units: 4,
    gates: ['input', 'forget', 'output'],
    coupled: false,
    peepholes: false,
    activation: 'tanh',
    gateActivation: 'sigmoid',
    dropout: 0,
    recurrentDropout: 0,
    returnSequences: true,
    kernelSeed: 11,
    recurrentSeed: 12,
    ...overrides,
  };
}

/** [batch, timesteps] of 1 for the first `length` steps of each sequence, 0 after (padding at the end). */
export function stepMask(lengths: number[], timesteps: number): tf.Tensor2D {
  const values = new Float32Array(lengths.length * timesteps);
  lengths.forEach((length, b) => values.fill(1, b * timesteps, b * timesteps + length));
  return tf.tensor2d(values, [lengths.length, timesteps]);
}

/** sum(layer(x) * probe) under a step mask, and its gradients with respect to the input and every weight. */
export function maskedGradients(layer: tfl.layers.Layer, x: tf.Variable, probe: tf.Tensor, mask: tf.Tensor, training = false) {
  const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { mask, training }) as tf.Tensor, probe)) as tf.Scalar, [x, ...vars]);
  return { value, input: grads[x.name], weights: vars.map((v) => grads[v.name]), all: [value, ...Object.values(grads)] };
}
