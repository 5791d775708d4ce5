// The fused layer against the engine's own implementation of every gate
// variant (the GatedCell, itself checked against hand-written references):
// same request, same weights, outputs and gradients within 1e-4. Then a
// fused model saves and loads back with identical predictions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { gatedCellProvider, stockLayerProvider, type RecurrentLayerProvider, type RecurrentLayerRequest } from '../../core/src/engine/compile/providers';
import { fusedLayerProvider as fusedLayerProviderOf } from '../../core/src/engine/kernels/provider';
import { loadKernelBuild, type KernelBuild } from '../../core/src/engine/kernels/load';
import { KERNEL_BUILDS, layerRequest, TFJS_BACKENDS, assertClose, seededUniform } from './kernels-helpers';
import { seedDropout } from '../../core/src/engine/compile/dropout-seeds';
import { createRandom } from '../../core/src/engine/util/random';

/** The provider of fused layers on the build the current test runs (set by onBuild). */
let fusedLayerProvider: RecurrentLayerProvider;

/** Runs `body` with the fused layers made on one build of the kernels. */
async function onBuild(build: KernelBuild, body: () => void | Promise<void>): Promise<void> {
  fusedLayerProvider = fusedLayerProviderOf(loadKernelBuild(build)!);
  await body();
}

const BATCH = 5;
const TIMESTEPS = 6;
const FEATURES = 3;

function request(overrides: Partial<RecurrentLayerRequest>): RecurrentLayerRequest {
  return layerRequest({ inputShape: [TIMESTEPS, FEATURES], ...overrides });
}

function gradients(layer: tfl.layers.Layer, x: tf.Variable, probe: tf.Tensor) {
  const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, probe)) as tf.Scalar, [x, ...vars]);
  return { value, input: grads[x.name], weights: vars.map((v) => grads[v.name]), disposeAll: () => tf.dispose([value, ...Object.values(grads)]) };
}

/** A layer from `provider`, wrapped as the engine wraps bidirectional layers (compile/model.ts). */
function createLayer(provider: typeof gatedCellProvider, req: RecurrentLayerRequest, bidirectional: boolean): tfl.layers.Layer {
  if (!bidirectional) return provider.create(req);
  const inner = provider.create({ ...req, name: `${req.name}_inner`, inputShape: undefined });
  return tfl.layers.bidirectional({ name: req.name, layer: inner as tfl.RNN, mergeMode: 'concat', inputShape: req.inputShape });
}

function compareWithReference(req: RecurrentLayerRequest, reference: typeof gatedCellProvider, seed: number, bidirectional = false): void {
  const rand = seededUniform(seed);
  const x = tf.variable(rand([BATCH, TIMESTEPS, FEATURES], 1));
  const expected = createLayer(reference, { ...req, name: `${req.name}_reference` }, bidirectional);
  const fused = createLayer(fusedLayerProvider, req, bidirectional);
  tf.dispose(expected.apply(tf.zeros([BATCH, TIMESTEPS, FEATURES])) as tf.Tensor);
  tf.dispose(fused.apply(tf.zeros([BATCH, TIMESTEPS, FEATURES])) as tf.Tensor);
  const shapes = expected.getWeights().map((w) => w.shape);
  assert.deepEqual(fused.getWeights().map((w) => w.shape), shapes, 'same weight shapes as the reference');
  const weights = shapes.map((shape) => rand(shape, 0.6));
  expected.setWeights(weights);
  fused.setWeights(weights);

  const width = bidirectional ? 2 * req.units : req.units;
  const outputShape = req.returnSequences ? [BATCH, TIMESTEPS, width] : [BATCH, width];
  const probe = rand(outputShape, 1);
  const want = gradients(expected, x, probe);
  const got = gradients(fused, x, probe);
  assertClose(got.value, want.value, 1e-4, 'loss');
  assertClose(got.input, want.input, 1e-4, 'input gradient');
  want.weights.forEach((w, i) => assertClose(got.weights[i], w, 1e-4, `gradient of ${expected.trainableWeights[i].originalName}`));
  want.disposeAll();
  got.disposeAll();
  tf.dispose([x, probe, ...weights]);
  expected.dispose();
  fused.dispose();
}

/**
 * Recurrent dropout in training: both layers draw their masks from the same
 * seeded dropout seeds (one per sequence, the input's first), so the fused
 * layer must give the gated cell's loss and gradients exactly.
 */
function compareWithDropout(req: RecurrentLayerRequest, seed: number, batch: number): void {
  const rand = seededUniform(seed);
  const x = tf.variable(rand([batch, TIMESTEPS, FEATURES], 1));
  const expected = gatedCellProvider.create({ ...req, name: `${req.name}_reference` });
  const fused = fusedLayerProvider.create(req);
  tf.dispose(expected.apply(tf.zeros([batch, TIMESTEPS, FEATURES])) as tf.Tensor);
  tf.dispose(fused.apply(tf.zeros([batch, TIMESTEPS, FEATURES])) as tf.Tensor);
  const weights = expected.getWeights().map((w) => rand(w.shape, 0.6));
  expected.setWeights(weights);
  fused.setWeights(weights);
  const probe = rand(req.returnSequences ? [batch, TIMESTEPS, req.units] : [batch, req.units], 1);
  const inTraining = (layer: tfl.layers.Layer, training: boolean) => {
    seedDropout([layer], createRandom(seed).next);
    const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training }) as tf.Tensor, probe)) as tf.Scalar, [x, ...vars]);
    return { value, input: grads[x.name], weights: vars.map((v) => grads[v.name]), all: [value, ...Object.values(grads)] };
  };
  const want = inTraining(expected, true);
  const got = inTraining(fused, true);
  const withoutDropout = inTraining(fused, false);
  assert.ok(Math.abs(got.value.dataSync()[0] - withoutDropout.value.dataSync()[0]) > 1e-3, 'the masks change the loss');
  assertClose(got.value, want.value, 1e-4, 'loss');
  assertClose(got.input, want.input, 1e-4, 'input gradient');
  want.weights.forEach((w, i) => assertClose(got.weights[i], w, 1e-4, `gradient of ${expected.trainableWeights[i].originalName}`));
  tf.dispose([x, probe, ...weights, ...want.all, ...got.all, ...withoutDropout.all]);
  expected.dispose();
  fused.dispose();
}

const dropoutCases: [Partial<RecurrentLayerRequest>, number][] = [
  [{ cell: 'lstm', recurrentDropout: 0.3 }, 5],
  [{ cell: 'lstm', recurrentDropout: 0.3, dropout: 0.2, peepholes: true, returnSequences: false }, 5],
  [{ cell: 'gru', gates: ['update', 'reset'], recurrentDropout: 0.4 }, 5],
  [{ cell: 'gru', gates: ['reset'], recurrentDropout: 0.4, returnSequences: false }, 5],
  [{ cell: 'rnn', gates: [], recurrentDropout: 0.4 }, 5],
  // Split between two threads: each half gets its own rows of the mask.
  [{ cell: 'lstm', recurrentDropout: 0.3, returnSequences: false }, 17],
  [{ cell: 'gru', gates: ['update', 'reset'], recurrentDropout: 0.3 }, 17],
];

const variants: Partial<RecurrentLayerRequest>[] = [
  { cell: 'lstm', gates: ['input', 'output'] },
  { cell: 'lstm', gates: ['forget', 'output'] },
  { cell: 'lstm', gates: ['input', 'forget'], returnSequences: false },
  { cell: 'lstm', gates: [] },
  { cell: 'lstm', coupled: true },
  { cell: 'lstm', peepholes: true },
  { cell: 'lstm', peepholes: true, coupled: true, returnSequences: false },
  { cell: 'lstm', peepholes: true, gates: ['forget', 'output'] },
  { cell: 'gru', gates: ['update'] },
  { cell: 'gru', gates: ['reset'], returnSequences: false },
  { cell: 'gru', gates: [] },
  { cell: 'lstm', activation: 'relu', gateActivation: 'hard_sigmoid', peepholes: true },
];

for (const { build, skip } of KERNEL_BUILDS) {
  for (const backend of TFJS_BACKENDS) {
    for (const [index, variant] of variants.entries()) {
      const flags = [variant.gates ? `gates [${variant.gates.join(', ')}]` : '', variant.coupled ? 'coupled' : '', variant.peepholes ? 'peepholes' : '',
        variant.returnSequences === false ? 'last step' : '', variant.activation ? `${variant.activation}/${variant.gateActivation}` : ''].filter(Boolean);
      test(`fused ${variant.cell} ${flags.join(', ')} matches the engine's gated cell (${build} kernels, ${backend} backend)`, { skip }, async () => {
        await tf.setBackend(backend);
        await onBuild(build, () => compareWithReference(request(variant), gatedCellProvider, 200 + index));
      });
    }
  }

  for (const [index, [variant, batch]] of dropoutCases.entries()) {
    const what = [variant.cell, variant.gates ? `gates [${variant.gates.join(', ')}]` : '', variant.peepholes ? 'peepholes' : '',
      variant.dropout ? `dropout ${variant.dropout}` : '', `recurrent dropout ${variant.recurrentDropout}`, `batch ${batch}`,
      variant.returnSequences === false ? 'last step' : ''].filter(Boolean).join(', ');
    test(`fused ${what} matches the gated cell with the same masks (${build} kernels)`, { skip }, () => onBuild(build, async () => {
      await tf.setBackend('cpu');
      compareWithDropout(request(variant), 600 + index, batch);
    }));
  }
  test(`a stacked fused model (sequence into last step) matches the stock layers (${build} kernels)`, { skip }, () => onBuild(build, async () => {
    await tf.setBackend('cpu');
    compareWithReference(request({ cell: 'gru', gates: ['update', 'reset'], returnSequences: true }), stockLayerProvider, 300);
    compareWithReference(request({ cell: 'rnn', gates: [], returnSequences: false }), stockLayerProvider, 301);
  }));

  test(`bidirectional fused layers match the engine's bidirectional stock and gated layers (${build} kernels)`, { skip }, () => onBuild(build, async () => {
    await tf.setBackend('cpu');
    compareWithReference(request({ name: 'bi_lstm', returnSequences: true }), stockLayerProvider, 500, true);
    compareWithReference(request({ name: 'bi_gru', cell: 'gru', gates: ['update', 'reset'], returnSequences: false }), stockLayerProvider, 501, true);
    compareWithReference(request({ name: 'bi_peep', peepholes: true, returnSequences: false }), gatedCellProvider, 502, true);
  }));

  test(`a trained fused model (bidirectional, stacked) saves and loads back with identical predictions (${build} kernels)`, { skip }, () => onBuild(build, async () => {
    await tf.setBackend('cpu');
    const rand = seededUniform(400);
    const model = tfl.sequential({
      layers: [
        createLayer(fusedLayerProvider, request({ name: 'lstm_1', returnSequences: true, peepholes: true }), true),
        fusedLayerProvider.create(request({ name: 'gru_2', cell: 'gru', gates: ['update', 'reset'], inputShape: undefined, returnSequences: false })),
        tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: 401 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    const x = rand([16, TIMESTEPS, FEATURES], 1);
    const y = rand([16, 1], 1);
    const history = await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, shuffle: false });
    const losses = history.history.loss as number[];
    assert.ok(losses[2] < losses[0], `the loss goes down (${losses.join(', ')})`);

    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    assert.deepEqual(loaded.layers.map((l) => l.getClassName()), ['Bidirectional', 'FusedRecurrent', 'Dense']);
    const before = model.predict(x) as tf.Tensor;
    const after = loaded.predict(x) as tf.Tensor;
    assert.deepEqual(Array.from(after.dataSync()), Array.from(before.dataSync()));
    tf.dispose([x, y, before, after]);
    model.dispose();
    loaded.dispose();
  }));
}
