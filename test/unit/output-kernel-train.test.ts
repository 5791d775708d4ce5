// The fused output-layer kernel inside the engine: an every-step text model
// on the fused kernels trains its first steps to the same losses, accuracies
// and weights through the kernel as through the TypeScript path (the same
// loss without the mark that routes it to the kernel), with and without step
// masks; so does a model that classifies after the last step (the kernel with
// one step); insight's probe measures the same gradient norms either way; a
// run says which path its output layer took.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { buildModelWithInfo } from '../../core/src/engine/compile/model';
import { fusedLayerProvider } from '../../core/src/engine/kernels/provider';
import { portableLayerProviders } from '../../core/src/engine/compile/providers';
import { loadDataset } from '../../core/src/engine/data';
import { batchLoss, outputRoute } from '../../core/src/engine/train/batch-loss';
import { batchTensors } from '../../core/src/engine/train/batches';
import { lossFunction, taskMetric, type LossFunction } from '../../core/src/engine/train/losses';
import { FlatOptimizer } from '../../core/src/engine/train/flat-optimizer';
import { trainStep } from '../../core/src/engine/train/step';
import { probeLayers } from '../../core/src/engine/insight/probe';
import { train } from '../../core/src/engine/train';
import type { RecurrentKernels } from '../../core/src/engine/kernels/recurrent-kernels';
import type { TrainEvent } from '../../core/src/shared/protocol';
import type { SpecOptions } from '../helpers/model-spec';
import { charModel, charTextFs } from '../helpers/char-model';
import { KERNEL_BUILDS } from './kernels-helpers';

const TOLERANCE = 1e-4;
const STEPS = 5;
const fs = charTextFs;

/** The every-step text model these tests train unless told otherwise. */
function textSpec(overrides: SpecOptions = {}) {
  return charModel({ outputAt: 'every_step', hidden: { cell: 'lstm', units: [16] }, optimizer: { fn: 'adam', args: { lr: 0.02, clipnorm: 1 } }, ...overrides }).spec;
}

/** The same loss without its mark: batchLoss then takes the TypeScript path. */
const unmarked = (loss: LossFunction): LossFunction => (y, p, mask, logits) => loss(y, p, mask, logits);

/** STEPS training steps of a fresh model on `kernels` with `loss`: each step's [loss, metric], and the weights after. */
function trainSteps(kernels: RecurrentKernels, overrides: SpecOptions, markLoss: boolean) {
  // Plain SGD: Adam would hide a gradient that is off by a constant factor.
  const spec = textSpec({ optimizer: { fn: 'sgd', args: { lr: 0.5 } }, ...overrides });
  const data = loadDataset(spec, 3, fs);
  const { model } = buildModelWithInfo(spec, 3, { providers: [fusedLayerProvider(kernels), ...portableLayerProviders] });
  const loss = lossFunction(spec.loss, data.targets);
  const step = {
    model,
    variables: model.trainableWeights.map((w) => w.read() as tf.Variable),
    optimizer: new FlatOptimizer(spec.optimizer),
    loss: markLoss ? loss : unmarked(loss),
    metric: taskMetric(data.task, spec.loss, data.targets),
    clip: {},
  };
  assert.equal(outputRoute(model, step.loss).kernels, markLoss ? kernels : null, 'the route the test means to take');
  const values: number[][] = [];
  for (let s = 0; s < STEPS; s++) {
    const indices = Array.from({ length: spec.train.batch_size }, (_, i) => (s * 7 + i * 3) % data.train.size);
    values.push(Array.from(trainStep(step, data.train.batch(indices), data)));
  }
  const weights = model.getWeights().map((w) => w.dataSync().slice());
  step.optimizer.dispose();
  model.dispose();
  return { values, weights };
}

function assertSameTraining(a: ReturnType<typeof trainSteps>, b: ReturnType<typeof trainSteps>): void {
  a.values.forEach((pair, s) =>
    pair.forEach((v, k) => assert.ok(Math.abs(v - b.values[s][k]) <= TOLERANCE, `step ${s + 1} ${k ? 'accuracy' : 'loss'}: ${v} against ${b.values[s][k]}`)),
  );
  assert.ok(a.values[STEPS - 1][0] < a.values[0][0], 'the loss went down');
  a.weights.forEach((w, i) => {
    let worst = 0;
    for (let j = 0; j < w.length; j++) worst = Math.max(worst, Math.abs(w[j] - b.weights[i][j]));
    assert.ok(worst <= TOLERANCE, `weight ${i} differs by ${worst}`);
  });
}

for (const backend of ['cpu', 'wasm']) {
  for (const { build, kernels, skip } of KERNEL_BUILDS) {
    test(`${build} kernels, ${backend} backend: an every-step text model trains its first ${STEPS} steps alike through the fused output kernel and the TypeScript path`, { skip }, async () => {
      await tf.setBackend(backend);
      assertSameTraining(trainSteps(kernels!, {}, true), trainSteps(kernels!, {}, false));
    });
  }
}

// The last recurrent layer and the output layer run as one op when the one feeds the other (the cases above, and
// stacked layers with dropout and peepholes here); a bidirectional layer's output goes through the output op alone.
const VARIANTS: [string, SpecOptions['hidden']][] = [
  ['two stacked gru layers with dropout and recurrent dropout', { cell: 'gru', units: [8, 12], gates: ['update', 'reset'], dropout: 0.1, recurrent_dropout: 0.2 }],
  ['an lstm with peepholes', { cell: 'lstm', units: [10], peepholes: true }],
  ['a bidirectional lstm', { cell: 'lstm', units: [8], bidirectional: true }],
];
for (const [what, hidden] of VARIANTS) {
  test(`${what}: the first ${STEPS} steps alike through the fused output kernel and the TypeScript path`, { skip: KERNEL_BUILDS[0].skip }, async () => {
    await tf.setBackend('cpu');
    const kernels = KERNEL_BUILDS[0].kernels!;
    assertSameTraining(trainSteps(kernels, { hidden }, true), trainSteps(kernels, { hidden }, false));
  });
}

// After the last step: the same kernel with one step per window, the step mask shaping the state alone.
const LAST_STEP: [string, SpecOptions][] = [
  ['an lstm classifying after the last step', { outputAt: 'last' }],
  ['two stacked gru layers with dropout classifying after the last step', { outputAt: 'last', hidden: { cell: 'gru', units: [8, 12], gates: ['update', 'reset'], dropout: 0.1 } }],
  ['a bidirectional lstm classifying after the last step', { outputAt: 'last', hidden: { cell: 'lstm', units: [8], bidirectional: true } }],
];
for (const backend of ['cpu', 'wasm']) {
  for (const [what, overrides] of LAST_STEP) {
    test(`${backend} backend, ${what}: the first ${STEPS} steps alike through the fused output kernel and the TypeScript path`, { skip: KERNEL_BUILDS[0].skip }, async () => {
      await tf.setBackend(backend);
      const kernels = KERNEL_BUILDS[0].kernels!;
      assertSameTraining(trainSteps(kernels, overrides, true), trainSteps(kernels, overrides, false));
    });
  }
}

/**
 * One batch of `windows` windows of `spec`'s model with a hand-made step mask (4, 6, 8, ... real steps of 12: text
 * windows are never padded): the loss, accuracy and every gradient through the fused output kernel equal the
 * TypeScript path's.
 */
function assertMaskedBatchLikeTypeScript(spec: ReturnType<typeof textSpec>, windows: number): void {
  const kernels = KERNEL_BUILDS[0].kernels!;
  const data = loadDataset(spec, 3, fs);
  const { model } = buildModelWithInfo(spec, 3, { providers: [fusedLayerProvider(kernels), ...portableLayerProviders] });
  const loss = lossFunction(spec.loss, data.targets);
  const metric = taskMetric(data.task, spec.loss, data.targets);
  assert.equal(outputRoute(model, loss).kernels, kernels, 'the marked loss takes the fused output kernel');
  const tensors = batchTensors(data.train.batch(Array.from({ length: windows }, (_, i) => i)), data);
  const mask = tf.tensor2d(Float32Array.from({ length: windows * 12 }, (_, k) => (k % 12 < 4 + Math.floor(k / 12) * 2 ? 1 : 0)), [windows, 12]);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const run = (l: LossFunction) => {
    let m: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const out = batchLoss(model, { ...tensors, mask }, true, l, metric);
      m = tf.keep(out.metric!);
      return out.loss;
    }, variables);
    return { value: value.dataSync()[0], metric: m!.dataSync()[0], grads: variables.map((v) => grads[v.name].dataSync()) };
  };
  const fused = run(loss);
  const plain = run(unmarked(loss));
  assert.ok(Math.abs(fused.value - plain.value) <= TOLERANCE, `loss ${fused.value} against ${plain.value}`);
  assert.ok(Math.abs(fused.metric - plain.metric) <= TOLERANCE, `accuracy ${fused.metric} against ${plain.metric}`);
  fused.grads.forEach((g, i) => {
    let worst = 0;
    for (let j = 0; j < g.length; j++) worst = Math.max(worst, Math.abs(g[j] - plain.grads[i][j]));
    assert.ok(worst <= TOLERANCE, `gradient of ${variables[i].name} differs by ${worst}`);
  });
  model.dispose();
}

test('after the last step with a step mask, the fused output kernel gives the loss, accuracy and gradients of the TypeScript path (every window counts)', { skip: KERNEL_BUILDS[0].skip }, async () => {
  await tf.setBackend('cpu');
  const spec = textSpec({ outputAt: 'last' });
  const data = loadDataset(spec, 3, fs);
  assert.equal(batchTensors(data.train.batch([0, 1, 2, 3, 4]), data).y.size, 5, 'one target per window');
  assertMaskedBatchLikeTypeScript(spec, 5);
});

test('with a step mask (sequences of different lengths) the fused output kernel gives the loss, accuracy and gradients of the TypeScript path', { skip: KERNEL_BUILDS[0].skip }, async () => {
  await tf.setBackend('cpu');
  assertMaskedBatchLikeTypeScript(textSpec(), 4);
});

test("insight's probe measures the same gradient norms through time with the fused output kernel", { skip: KERNEL_BUILDS[0].skip }, async () => {
  await tf.setBackend('cpu');
  const kernels = KERNEL_BUILDS[0].kernels!;
  const full = textSpec();
  const data = loadDataset(full, 3, fs);
  const { model } = buildModelWithInfo(full, 3, { providers: [fusedLayerProvider(kernels), ...portableLayerProviders] });
  const loss = lossFunction(full.loss, data.targets);
  const batch = data.train.batch([0, 1, 2, 3, 4]);
  const fused = probeLayers({ model, data, batch, traced: 1, loss });
  const plain = probeLayers({ model, data, batch, traced: 1, loss: unmarked(loss) });
  assert.equal(fused.length, 1);
  assert.equal(fused[0].norms.length, 12);
  assert.ok(fused[0].norms.every((n) => n > 0));
  fused[0].norms.forEach((n, t) => assert.ok(Math.abs(n - plain[0].norms[t]) <= TOLERANCE * Math.max(1, n), `norm at step ${t}: ${n} against ${plain[0].norms[t]}`));
  model.dispose();
});

test('a run says which path its every-step output layer takes', { skip: KERNEL_BUILDS[0].skip }, async () => {
  await tf.setBackend('cpu');
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-output-kernel-test-'));
  const logs = async (kernels: 'wasm' | 'stock') => {
    const events: TrainEvent[] = [];
    const spec = textSpec({ epochs: 1 });
    const result = await train(spec, { runsDir, fs, kernels, backend: 'cpu', verifyBackend: false, stepsPerEpoch: 2, onEvent: (e) => events.push(e) });
    assert.equal(result.status, 'completed', result.reason);
    return events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
  };
  assert.ok((await logs('wasm')).some((m) => /output layer at every step.*one call of the wasm fused kernels/.test(m)));
  assert.ok((await logs('stock')).some((m) => /output layer at every step runs as tfjs ops: the recurrent layers do not run on the fused kernels/.test(m)));
});

test('a run says which path its output layer after the last step takes', { skip: KERNEL_BUILDS[0].skip }, async () => {
  await tf.setBackend('cpu');
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-output-kernel-test-'));
  const logs = async (kernels: 'wasm' | 'stock') => {
    const events: TrainEvent[] = [];
    const result = await train(textSpec({ epochs: 1, outputAt: 'last' }), { runsDir, fs, kernels, backend: 'cpu', verifyBackend: false, stepsPerEpoch: 2, onEvent: (e) => events.push(e) });
    assert.equal(result.status, 'completed', result.reason);
    return events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
  };
  const fused = await logs('wasm');
  assert.ok(fused.some((m) => /output layer after the last step.*one call of the wasm fused kernels/.test(m)), fused.join('\n'));
  assert.ok(!fused.some((m) => /output layer at every step/.test(m)));
  assert.ok((await logs('stock')).some((m) => /output layer after the last step runs as tfjs ops: the recurrent layers do not run on the fused kernels/.test(m)));
});
