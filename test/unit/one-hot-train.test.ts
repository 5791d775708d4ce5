// A character-level model (one-hot input, no embedding) trains its first steps
// to the same losses and weights with its input given to the kernels as
// indices and as dense rows (RNN_SPARSE_INPUT=0): last-step and every-step
// models, two stacked layers (the second still gets its input gradient, so the
// first trains as on tfjs's stock layers) and a bidirectional layer. And which
// layers skip their input gradient: only those fed by the model's input
// through layers without trainable weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { layers, sequential } from '@tensorflow/tfjs-layers';
import type { Layer } from '@tensorflow/tfjs-layers/dist/engine/topology';
import { buildModelWithInfo } from '../../core/src/engine/compile/model';
import { fusedLayerProvider } from '../../core/src/engine/kernels/provider';
import { FusedRecurrent } from '../../core/src/engine/kernels/fused-layer';
import { inputNeedsGradient } from '../../core/src/engine/kernels/input-gradient';
import { oneHotIndices } from '../../core/src/engine/kernels/one-hot';
import { knownOneHot, oneHotTensor } from '../../core/src/engine/kernels/tensor-values';
import { portableLayerProviders } from '../../core/src/engine/compile/providers';
import { lossFunction, taskMetric } from '../../core/src/engine/train/losses';
import { FlatOptimizer } from '../../core/src/engine/train/flat-optimizer';
import { trainStep } from '../../core/src/engine/train/step';
import type { RecurrentKernels } from '../../core/src/engine/kernels/recurrent-kernels';
import type { SpecOptions } from '../helpers/model-spec';
import type { Batch } from '../../core/src/language';
import { charModel } from '../helpers/char-model';
import { KERNEL_BUILDS, layerRequest } from './kernels-helpers';

const STEPS = 5;
/** The char model these tests train, with plain SGD: Adam would hide a gradient that is off by a constant factor. */
const charSpec = (overrides: SpecOptions) => charModel({ optimizer: { fn: 'sgd', args: { lr: 0.5 } }, ...overrides });

/** The model of `overrides` with seed 3, its recurrent layers on `kernels` (null: tfjs's stock layers). */
function charModelOn(overrides: SpecOptions, kernels: RecurrentKernels | null) {
  const { spec, data } = charSpec(overrides);
  const providers = kernels ? [fusedLayerProvider(kernels), ...portableLayerProviders] : portableLayerProviders;
  return { spec, data, model: buildModelWithInfo(spec, 3, { providers }).model };
}

/** A fresh model of `overrides` on `kernels` and the training step over it; `dispose` frees both. */
function freshStep(overrides: SpecOptions, kernels: RecurrentKernels | null) {
  const { spec, data, model } = charModelOn(overrides, kernels);
  const step = {
    model,
    variables: model.trainableWeights.map((w) => w.read() as tf.Variable),
    optimizer: new FlatOptimizer(spec.optimizer),
    loss: lossFunction(spec.loss, data.targets),
    metric: taskMetric(data.task, spec.loss, data.targets),
    clip: {},
  };
  const dispose = () => {
    step.optimizer.dispose();
    model.dispose();
  };
  return { spec, data, model, step, dispose };
}

/** STEPS training steps of a fresh model (on `kernels`, or on the stock layers with null): each step's [loss, metric], and the weights after. */
function trainSteps(kernels: RecurrentKernels | null, overrides: SpecOptions, sparse: boolean) {
  const before = process.env.RNN_SPARSE_INPUT;
  if (sparse) delete process.env.RNN_SPARSE_INPUT;
  else process.env.RNN_SPARSE_INPUT = '0';
  try {
    const { spec, data, model, step, dispose } = freshStep(overrides, kernels);
    const values: number[][] = [];
    for (let s = 0; s < STEPS; s++) {
      const batch = data.train.batch(Array.from({ length: spec.train.batch_size }, (_, i) => (s * 7 + i * 3) % data.train.size));
      assert.ok(oneHotIndices(batch.x, data.features), 'the batch is one-hot');
      values.push(Array.from(trainStep(step, batch, data)));
    }
    const weights = model.getWeights().map((w) => w.dataSync().slice());
    dispose();
    return { values, weights };
  } finally {
    if (before === undefined) delete process.env.RNN_SPARSE_INPUT;
    else process.env.RNN_SPARSE_INPUT = before;
  }
}

function assertSameTraining(a: ReturnType<typeof trainSteps>, b: ReturnType<typeof trainSteps>, tolerance: number): void {
  a.values.forEach((pair, s) =>
    pair.forEach((v, k) => assert.ok(Math.abs(v - b.values[s][k]) <= tolerance, `step ${s + 1} ${k ? 'metric' : 'loss'}: ${v} against ${b.values[s][k]}`)),
  );
  assert.ok(a.values[STEPS - 1][0] < a.values[0][0], 'the loss went down');
  assert.equal(a.weights.length, b.weights.length);
  a.weights.forEach((w, i) => {
    let worst = 0;
    for (let j = 0; j < w.length; j++) worst = Math.max(worst, Math.abs(w[j] - b.weights[i][j]));
    assert.ok(worst <= tolerance, `weight ${i} differs by ${worst}`);
  });
}

const MODELS: [string, SpecOptions][] = [
  ['a last-step lstm', { outputAt: 'last', hidden: { cell: 'lstm', units: [16] } }],
  ['an every-step lstm', { outputAt: 'every_step', hidden: { cell: 'lstm', units: [16] } }],
  ['two stacked every-step gru layers', { outputAt: 'every_step', hidden: { cell: 'gru', units: [12, 10], gates: ['update', 'reset'] } }],
  ['a bidirectional last-step lstm', { outputAt: 'last', hidden: { cell: 'lstm', units: [8], bidirectional: true } }],
  ['two stacked bidirectional every-step lstm layers', { outputAt: 'every_step', hidden: { cell: 'lstm', units: [8, 6], bidirectional: true } }],
];

tf.setBackend('cpu');
for (const { build, kernels, skip } of KERNEL_BUILDS) {
  for (const [what, overrides] of MODELS) {
    test(`${what} on one-hot characters trains its first ${STEPS} steps alike with the input as indices and dense (${build} kernels)`, { skip }, () => {
      assertSameTraining(trainSteps(kernels!, overrides, true), trainSteps(kernels!, overrides, false), 1e-5);
    });
  }
}

// The layers that skip their input's gradient must still train as tfjs's stock layers do, and a layer
// after them must still pass its input's gradient back to them.
for (const [what, overrides] of [MODELS[2], MODELS[3], MODELS[4]]) {
  test(`${what} on one-hot characters train as on the stock layers`, { skip: KERNEL_BUILDS[0].skip }, () => {
    assertSameTraining(trainSteps(KERNEL_BUILDS[0].kernels!, overrides, true), trainSteps(null, overrides, true), 1e-4);
  });
}

/** The first training step's [loss, metric] of a fresh model on the fused kernels, on the first batch as `edit` changes it. */
function firstStep(overrides: SpecOptions, edit: (batch: Batch) => Batch): number[] {
  const { spec, data, step, dispose } = freshStep(overrides, KERNEL_BUILDS[0].kernels!);
  const batch = data.train.batch(Array.from({ length: spec.train.batch_size }, (_, i) => i));
  const values = Array.from(trainStep(step, edit(batch), data));
  dispose();
  return values;
}

test("the kernels take a batch's one-hot indices as the data source gave them, without reading its input back", { skip: KERNEL_BUILDS[0].skip }, () => {
  for (const [what, overrides] of [MODELS[0], MODELS[1], MODELS[3]]) {
    const real = firstStep(overrides, (batch) => {
      assert.ok(batch.oneHot, 'the text source gives the indices');
      assert.deepEqual(batch.oneHot, oneHotIndices(batch.x, batch.x.length / batch.oneHot.length), 'they are the indices of x');
      return batch;
    });
    // x zeroed: only a layer that takes the given indices, not x, still trains as on the real batch.
    const zeroed = (batch: Batch) => ({ ...batch, x: new Float32Array(batch.x.length) });
    assert.deepEqual(firstStep(overrides, zeroed), real, `${what}: the indices, not x`);
    const withoutIndices = firstStep(overrides, (batch) => ({ ...zeroed(batch), oneHot: undefined }));
    assert.notDeepEqual(withoutIndices, real, `${what}: without the indices, x is searched (and it is zero)`);
    // Training reads the indices only: the dense rows are never built in JavaScript.
    const unread = (batch: Batch): Batch => ({ size: batch.size, y: batch.y, oneHot: batch.oneHot, get x(): Float32Array { throw new Error('x was read'); } });
    assert.deepEqual(firstStep(overrides, unread), real, `${what}: x is not read`);
  }
});

test('one-hot rows made from their indices on the backend are the dense rows, a padding step a row of zeros', async () => {
  const indices = Float32Array.from([2, 0, -1, 4, 1, -1]);
  const dense = Float32Array.from(Array.from(indices).flatMap((i) => Array.from({ length: 5 }, (_, c) => (c === i ? 1 : 0))));
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const x = oneHotTensor(indices, [2, 3, 5]);
    assert.equal(x.dtype, 'float32');
    assert.deepEqual(x.shape, [2, 3, 5]);
    assert.deepEqual(Array.from(x.dataSync()), Array.from(dense), backend);
    assert.equal(knownOneHot(x), indices, 'the tensor keeps its indices');
    x.dispose();
  }
  await tf.setBackend('cpu');
  assert.throws(() => oneHotTensor(indices, [2, 2, 5]), /6 for the rows of 2x2x5/);
});

/** The fused recurrent layers of a model built from `overrides`, first to last (a Bidirectional's copies are not in the graph). */
function recurrentLayers(overrides: SpecOptions): Layer[] {
  const { model } = charModelOn(overrides, KERNEL_BUILDS[0].kernels!);
  return model.layers.map((l) => (l instanceof FusedRecurrent ? l : (l as unknown as { forwardLayer?: Layer }).forwardLayer)).filter((l): l is Layer => l instanceof FusedRecurrent);
}

test('the input gradient is skipped only where nothing before the layer trains', { skip: KERNEL_BUILDS[0].skip }, () => {
  const stacked = recurrentLayers(MODELS[2][1]);
  assert.deepEqual(stacked.map(inputNeedsGradient), [false, true], 'the first layer reads the model input; the second the first');
  // A Bidirectional's copies are outside the graph; they answer from the wrapper's place in it.
  const [inner] = recurrentLayers(MODELS[3][1]);
  assert.equal(inputNeedsGradient(inner), false, 'the first bidirectional layer reads the model input');
  const { model } = charModelOn(MODELS[4][1], KERNEL_BUILDS[0].kernels!);
  const copies = model.layers.flatMap((l) => {
    const wrapper = l as unknown as { forwardLayer?: Layer; backwardLayer?: Layer };
    return wrapper.forwardLayer && wrapper.backwardLayer ? [wrapper.forwardLayer, wrapper.backwardLayer] : [];
  });
  assert.deepEqual(copies.map(inputNeedsGradient), [false, false, true, true], 'both copies of the first layer skip it; the second layer needs it');
  // Behind a weight-free Masking layer, as the first layer; behind a Dense layer, which trains.
  const provider = fusedLayerProvider(KERNEL_BUILDS[0].kernels!);
  const behindMasking = provider.create(layerRequest({ name: 'behind_masking' }));
  const behindDense = provider.create(layerRequest({ name: 'behind_dense' }));
  sequential({ layers: [layers.masking({ inputShape: [6, 3] }), behindMasking] });
  sequential({ layers: [layers.dense({ units: 3, inputShape: [6, 3] }), behindDense] });
  assert.equal(inputNeedsGradient(behindMasking), false);
  assert.equal(inputNeedsGradient(behindDense), true);
  assert.equal(inputNeedsGradient(provider.create(layerRequest({ name: 'called_directly' }))), true, 'a layer outside any graph');
  const unnoted = provider.create(layerRequest({ name: 'wrapped_by_hand' }));
  sequential({ layers: [layers.bidirectional({ layer: unnoted as never, inputShape: [6, 3] })] });
  assert.equal(inputNeedsGradient(unnoted), true, "a wrapper's copy nobody noted");
});
