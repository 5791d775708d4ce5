// The every-step output layer's kernel (kernels/src/output.c through
// fused-output-op.ts) against the engine's TypeScript path on the same
// numbers: Dense(softmax) at every step, the sparse cross-entropy from the
// softmax (train/losses.ts) and accuracy (taskMetric), on the cpu backend.
// The loss, the metric and the gradients of h, W and b agree to 1e-5, with
// and without a step mask, on the wasm build, the native build and every
// prebuilt native variant this CPU runs; with one batch part and with two
// (16 sequences and more are split between the threads) and with blocks of
// more than the kernel's 256 rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// Registers the gradients of tfjs-core's ops, which the TypeScript path needs.
import '@tensorflow/tfjs-layers';
import { fusedSoftmaxCrossEntropy } from '../../core/src/engine/kernels/fused-output-op';
import { loadNativeVariants } from '../../core/src/engine/kernels/load';
import type { RecurrentKernels } from '../../core/src/engine/kernels/recurrent-kernels';
import { lossFunction, taskMetric } from '../../core/src/engine/train/losses';
import { createRandom } from '../../core/src/engine/util/random';
import { KERNEL_BUILDS, assertClose, seededUniform, stepMask } from './kernels-helpers';

tf.setBackend('cpu');

const TOLERANCE = 1e-5;
const loss = lossFunction('sparse_categorical_crossentropy', 'sparse');
const accuracy = taskMetric('classification', 'sparse_categorical_crossentropy', 'sparse');

interface Case {
  batch: number;
  timesteps: number;
  units: number;
  classes: number;
  masked: boolean;
}

const CASES: Case[] = [
  { batch: 3, timesteps: 5, units: 20, classes: 65, masked: false },
  { batch: 3, timesteps: 5, units: 20, classes: 65, masked: true },
  { batch: 17, timesteps: 7, units: 16, classes: 3, masked: true },
  { batch: 40, timesteps: 16, units: 33, classes: 65, masked: false },
  { batch: 40, timesteps: 16, units: 33, classes: 65, masked: true },
];

const label = (c: Case) => `batch ${c.batch} x ${c.timesteps} steps, ${c.units} units, ${c.classes} classes${c.masked ? ', step mask' : ''}`;

/** Integer class targets, seeded; a few logits large enough that the softmax is near 0 or 1 somewhere. */
function inputs(c: Case, seed: number) {
  const rand = seededUniform(seed);
  const { next } = createRandom(seed + 1);
  const hidden = rand([c.batch, c.timesteps, c.units], 1);
  const kernel = rand([c.units, c.classes], 2);
  const bias = rand([c.classes], 0.5);
  const targets = tf.tensor2d(
    Float32Array.from({ length: c.batch * c.timesteps }, () => Math.floor(next() * c.classes)),
    [c.batch, c.timesteps],
  );
  const mask = c.masked ? stepMask(Array.from({ length: c.batch }, (_, b) => 1 + ((b * 5) % c.timesteps)), c.timesteps) : undefined;
  return { hidden, kernel, bias, targets, mask };
}

/** Loss, metric and gradients by the engine's TypeScript path. */
function reference(i: ReturnType<typeof inputs>) {
  let metric: tf.Scalar | undefined;
  const { value, grads } = tf.valueAndGrads((h: tf.Tensor, W: tf.Tensor, b: tf.Tensor) => {
    const [batch, steps, units] = h.shape;
    const logits = tf.reshape(tf.add(tf.matMul(tf.reshape(h, [batch * steps, units]), W), b), [batch, steps, W.shape[1]!]);
    const predicted = tf.softmax(logits);
    metric = tf.keep(accuracy.compute(i.targets, predicted, i.mask));
    return loss(i.targets, predicted, i.mask, logits);
  })([i.hidden, i.kernel, i.bias]);
  return { value, metric: metric!, grads };
}

function fused(kernels: RecurrentKernels, i: ReturnType<typeof inputs>) {
  let metric: tf.Scalar | undefined;
  const { value, grads } = tf.valueAndGrads((h: tf.Tensor, W: tf.Tensor, b: tf.Tensor) => {
    const out = fusedSoftmaxCrossEntropy(kernels, h, W, b, i.targets, i.mask);
    metric = tf.keep(out.accuracy);
    return out.loss;
  })([i.hidden, i.kernel, i.bias]);
  return { value, metric: metric!, grads };
}

function compare(kernels: RecurrentKernels, c: Case, seed: number): void {
  const i = inputs(c, seed);
  const want = reference(i);
  const got = fused(kernels, i);
  assert.ok(want.value.dataSync()[0] > 0.1, 'the loss is not trivial');
  assertClose(got.value, want.value, TOLERANCE, 'loss');
  assertClose(got.metric, want.metric, TOLERANCE, 'accuracy');
  ['h', 'W', 'b'].forEach((name, k) => assertClose(got.grads[k], want.grads[k], TOLERANCE, `gradient of ${name}`));
  // Without a gradient being recorded the kernel computes only the loss and the metric: the same ones.
  const plain = fusedSoftmaxCrossEntropy(kernels, i.hidden, i.kernel, i.bias, i.targets, i.mask);
  assertClose(plain.loss, want.value, TOLERANCE, 'loss without gradients');
  assertClose(plain.accuracy, want.metric, TOLERANCE, 'accuracy without gradients');
  tf.dispose([i.hidden, i.kernel, i.bias, i.targets, ...(i.mask ? [i.mask] : []), want.value, want.metric, ...want.grads, got.value, got.metric, ...got.grads, plain.loss, plain.accuracy]);
}

const machines: { name: string; kernels: RecurrentKernels | null; skip: string | false }[] = [
  ...KERNEL_BUILDS.map(({ build, kernels, skip }) => ({ name: build === 'native' ? 'native build' : 'wasm build', kernels, skip })),
  ...loadNativeVariants().map(({ variant, kernels, problem }) => ({ name: `${variant} variant`, kernels, skip: kernels ? (false as const) : (problem ?? 'not built') })),
];

for (const { name, kernels, skip } of machines) {
  for (const [index, c] of CASES.entries()) {
    test(`output layer kernel, ${name}: ${label(c)}: loss, accuracy and gradients of h, W, b match the TypeScript path`, { skip }, () => {
      compare(kernels!, c, 900 + index);
    });
  }
}

test('output layer kernel: a mask that hides every step gives loss 0 and no gradient, and a padded step changes nothing', { skip: KERNEL_BUILDS[0].skip }, () => {
  const kernels = KERNEL_BUILDS[0].kernels!;
  const c: Case = { batch: 2, timesteps: 4, units: 8, classes: 5, masked: true };
  const i = inputs(c, 77);
  const none = tf.zeros([2, 4]);
  const { value, grads } = tf.valueAndGrads((h: tf.Tensor) => fusedSoftmaxCrossEntropy(kernels, h, i.kernel, i.bias, i.targets, none).loss)([i.hidden]);
  assert.equal(value.dataSync()[0], 0);
  assert.ok(grads[0].dataSync().every((g) => g === 0));
  // Changing what lies under the mask (the hidden state and target of padded steps) changes neither loss nor gradients.
  const before = fused(kernels, i);
  const maskData = i.mask!.dataSync();
  const h2 = tf.tensor3d(i.hidden.dataSync().map((v, k) => (maskData[Math.floor(k / c.units)] === 0 ? v + 3 : v)), [2, 4, 8]);
  const t2 = tf.tensor2d(i.targets.dataSync().map((v, k) => (maskData[k] === 0 ? (v + 1) % c.classes : v)), [2, 4]);
  const after = fused(kernels, { ...i, hidden: h2, targets: t2 });
  assertClose(after.value, before.value, 0, 'loss');
  ['W', 'b'].forEach((w, k) => assertClose(after.grads[k + 1], before.grads[k + 1], 0, `gradient of ${w}`));
});
