// Insight's probe (core/src/engine/insight): the gradient norm through time,
// gates, states, saturation and per-block weight gradients are the same
// whether the fused kernels report them or the stock/gated layers are stepped
// by hand, they equal tfjs-layers' own recurrent layers' gradients, and the
// probe leaves the model and the tensor count as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { layers, type LayersModel } from '@tensorflow/tfjs-layers';
import { buildModelWithInfo, fusedKernelProviders, loadDataset, probeRecurrentLayers } from '../../core/src/engine';
import { nodeFileSystem } from '../../core/src/language';
import { lossFunction } from '../../core/src/engine/train/losses';
import { probeLayers, type LayerProbe } from '../../core/src/engine/insight/probe';
import { KERNEL_BUILDS } from './kernels-helpers';
import { probeSpec, specOf } from './insight-helpers';
import { makeSpec, type SpecOptions } from '../helpers/model-spec';
import type { ModelSpec } from '../../core/src/shared';
import { join } from 'node:path';

const adding = (hidden: string, timesteps = 30) => `model M {
  data: adding(samples: 160, timesteps: ${timesteps})
  input { timesteps: ${timesteps}, features: 2 }
  hidden { ${hidden} }
  output { units: 1, activation: linear }
  loss: mse
  train { epochs: 1, batch_size: 16, validation_split: 0.25, seed: 7 }
}`;

const VARIANTS = [
  'cell: rnn, units: [6]',
  'cell: gru, units: [5]',
  'cell: lstm, units: [5]',
  'cell: lstm, units: [5], gates: [input, output]',
  'cell: lstm, units: [4], peepholes: true',
  'cell: lstm, units: [6, 5]',
  'cell: gru, units: [4], bidirectional: true',
  'cell: lstm, units: [5, 3], bidirectional: true',
];

/** Largest |a - b| / |b| over the steps. */
function worstRelative(actual: readonly number[], expected: readonly number[]): number {
  return Math.max(...expected.map((e, t) => Math.abs(actual[t] - e) / Math.abs(e)));
}

function worstAbsolute(actual: Float32Array, expected: Float32Array): number {
  assert.equal(actual.length, expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

/** Two probes of the same weights agree: norms to a relative 1e-4 per step, activations and gradients to float precision. */
function assertSameProbes(actual: LayerProbe[], expected: LayerProbe[], what: string): void {
  assert.deepEqual(actual.map((p) => p.layer), expected.map((p) => p.layer), `${what}: the layers`);
  expected.forEach((reference, i) => {
    const probe = actual[i];
    const where = `${what}, layer ${reference.layer.layer} ${reference.layer.direction}`;
    assert.ok(reference.norms.every((n) => Number.isFinite(n) && n > 0), `${where}: norms ${reference.norms}`);
    const worst = worstRelative(probe.norms, reference.norms);
    assert.ok(worst <= 1e-4, `${where}: the norms differ by a relative ${worst}`);
    assert.deepEqual(probe.traces.map((s) => s.name), reference.traces.map((s) => s.name), `${where}: trace names`);
    probe.traces.forEach((series, k) => {
      const diff = worstAbsolute(series.values, reference.traces[k].values);
      assert.ok(diff <= 1e-5, `${where}: trace ${series.name} differs by ${diff}`);
    });
    probe.saturation.forEach((s, k) => {
      assert.equal(s.gate, reference.saturation[k].gate);
      assert.ok(Math.abs(s.low - reference.saturation[k].low) <= 1e-3 && Math.abs(s.high - reference.saturation[k].high) <= 1e-3, `${where}: saturation of ${s.gate}`);
    });
    probe.blocks.forEach((block, k) => {
      const other = reference.blocks[k];
      assert.deepEqual([block.block, block.gate], [other.block, other.gate]);
      assert.deepEqual(block.weights, other.weights, `${where}: ${block.block} weights of ${block.gate}`);
      const scale = Math.max(1e-6, ...Array.from(other.gradients, Math.abs));
      const diff = worstAbsolute(block.gradients, other.gradients);
      assert.ok(diff <= 1e-4 * scale, `${where}: dL/dW of the ${block.block} block of ${block.gate} differs by ${diff} (largest ${scale})`);
    });
  });
}

const CHARACTER_MODELS: [string, SpecOptions['hidden'], SpecOptions['outputAt']][] = [
  ['two stacked every-step lstm layers', { cell: 'lstm', units: [6, 5] }, 'every_step'],
  ['a last-step bidirectional gru', { cell: 'gru', units: [5], gates: ['update', 'reset'], bidirectional: true }, 'last'],
];

/** A character-level model of a slice of the shakespeare sample's text (its features: the characters found). */
function characterSpec(hidden: SpecOptions['hidden'], outputAt: SpecOptions['outputAt']): ModelSpec {
  const spec = makeSpec({
    data: { fn: 'text', args: { path: 'data/tinyshakespeare.txt', level: 'char', stride: 4001, lowercase: false } },
    baseDir: join(__dirname, '..', '..', 'samples'),
    timesteps: 16,
    outputActivation: 'softmax',
    loss: 'sparse_categorical_crossentropy',
    task: 'classification',
    outputAt,
    hidden,
    batchSize: 16,
  });
  const data = loadDataset(spec, 3, nodeFileSystem);
  return { ...spec, input: { ...spec.input, features: data.features }, output: { ...spec.output, units: data.outputs } };
}

for (const { build, skip } of KERNEL_BUILDS) {
  for (const hidden of VARIANTS) {
    test(`${build} fused kernels and the stock/gated layers stepped by hand probe a ${hidden} alike`, { skip }, async () => {
      await tf.setBackend('cpu');
      const spec = specOf(adding(hidden));
      const fused = probeSpec(spec, 3, 16, fusedKernelProviders(build)!);
      const stock = probeSpec(spec, 3, 16);
      const expectedLayers = spec.hidden.units.length * (spec.hidden.bidirectional ? 2 : 1);
      assert.equal(stock.probes.length, expectedLayers);
      assertSameProbes(fused.probes, stock.probes, hidden);
    });
  }

  // One-hot characters go to the kernels as indices, and the first layer computes no input gradient.
  for (const [what, hidden, outputAt] of CHARACTER_MODELS) {
    test(`${build} fused kernels and the stock/gated layers stepped by hand probe a character-level ${what} alike`, { skip }, async () => {
      await tf.setBackend('cpu');
      const spec = characterSpec(hidden, outputAt);
      assertSameProbes(probeSpec(spec, 3, 16, fusedKernelProviders(build)!).probes, probeSpec(spec, 3, 16).probes, `characters, ${what}`);
    });
  }

  test(`${build}: with padded steps the fused norms are those of the carried state, as tfjs's masked rnn() carries it`, { skip }, async () => {
    await tf.setBackend('cpu');
    for (const hidden of ['cell: lstm, units: [5]', 'cell: gru, units: [4], bidirectional: true', 'cell: rnn, units: [3]']) {
      const spec = specOf(adding(hidden, 12));
      const data = loadDataset(spec, 1, nodeFileSystem);
      const windows = 6;
      const batch = data.validation.batch(Array.from({ length: windows }, (_, i) => i));
      // Window b is real for its first 12 - b steps, padding after.
      batch.mask = Float32Array.from({ length: windows * 12 }, (_, i) => (i % 12 < 12 - Math.floor(i / 12) ? 1 : 0));
      const { model } = buildModelWithInfo(spec, 1, { providers: fusedKernelProviders(build)! });
      const request = { model, data, batch, traced: 3, loss: lossFunction(spec.loss, data.targets) };
      assertSameProbes(probeLayers(request), probeLayers(request, { stepFused: true }), `${hidden} with padding`);
      model.dispose();
    }
  });
}

/**
 * dL/dh_t by tfjs-layers' own layer, independent of the probe: h_t from the
 * layer run over steps 0..t, then the loss of the layer run from state h_t
 * over steps t+1..T-1, differentiated with respect to that initial state.
 */
function referenceNorms(model: LayersModel, x: tf.Tensor3D, y: tf.Tensor): number[] {
  const [batch, steps] = x.shape;
  const stock = model.layers[0] as unknown as { getClassName(): string; getWeights(): tf.Tensor[]; getConfig(): Record<string, unknown> };
  const dense = model.layers[1];
  const kind = stock.getClassName();
  const make = () => {
    const config = { ...stock.getConfig(), returnSequences: false, returnState: true, name: undefined, batchInputShape: undefined };
    const layer = kind === 'LSTM' ? layers.lstm(config as never) : kind === 'GRU' ? layers.gru(config as never) : layers.simpleRNN(config as never);
    tf.dispose(layer.apply(tf.slice(x, [0, 0, 0], [batch, 1, -1])) as tf.Tensor[]);
    layer.setWeights(stock.getWeights());
    return layer;
  };
  const head = make();
  const tail = make();
  return Array.from({ length: steps }, (_, t) =>
    tf.tidy(() => {
      const [, ...state] = head.apply(tf.slice(x, [0, 0, 0], [batch, t + 1, -1])) as tf.Tensor[];
      const lossFrom = (h: tf.Tensor) => {
        const last = t === steps - 1 ? h : (tail.apply(tf.slice(x, [0, t + 1, 0], [batch, steps - t - 1, -1]), { initialState: [h, ...state.slice(1)] }) as tf.Tensor[])[0];
        return tf.mean(tf.squaredDifference(dense.apply(last) as tf.Tensor, y)) as tf.Scalar;
      };
      return Math.sqrt(tf.sum(tf.square(tf.grad(lossFrom)(state[0]))).dataSync()[0]);
    }),
  );
}

for (const cell of ['rnn', 'gru', 'lstm']) {
  test(`the probe's ||dL/dh_t|| of a ${cell} equal tfjs-layers' own gradient with respect to the state, on the stock layer and on the fused kernels`, async () => {
    await tf.setBackend('cpu');
    const spec = specOf(adding(`cell: ${cell}, units: [4]`, 7));
    const data = loadDataset(spec, 2, nodeFileSystem);
    const batch = data.validation.batch([0, 1, 2, 3, 4]);
    const { model } = buildModelWithInfo(spec, 2);
    assert.equal(model.layers[0].getClassName(), { rnn: 'SimpleRNN', gru: 'GRU', lstm: 'LSTM' }[cell]);
    const x = tf.tensor3d(batch.x, [5, 7, 2]);
    const y = tf.tensor2d(batch.y, [5, 1]);
    const expected = referenceNorms(model, x, y);
    tf.dispose([x, y]);
    const request = { model, data, batch, traced: 0, loss: lossFunction(spec.loss, data.targets) };
    const stepped = probeRecurrentLayers(request)[0].norms;
    assert.ok(worstRelative(stepped, expected) <= 1e-4, `stepped ${stepped} vs tfjs ${expected}`);
    const kernels = KERNEL_BUILDS.find((k) => k.kernels);
    if (kernels) {
      const fused = buildModelWithInfo(spec, 2, { providers: fusedKernelProviders(kernels.build)! }).model;
      const norms = probeRecurrentLayers({ ...request, model: fused })[0].norms;
      assert.ok(worstRelative(norms, expected) <= 1e-4, `fused ${norms} vs tfjs ${expected}`);
      fused.dispose();
    }
    model.dispose();
  });
}

for (const kernels of ['stock', ...KERNEL_BUILDS.filter((k) => k.kernels).map((k) => k.build)] as const) {
  test(`a probe on ${kernels === 'stock' ? 'the stock layers' : `the ${kernels} kernels`} changes no weight and leaks no tensor`, async () => {
    await tf.setBackend('cpu');
    const spec = specOf(adding('cell: lstm, units: [5, 4], bidirectional: true, peepholes: true', 10));
    const data = loadDataset(spec, 4, nodeFileSystem);
    const batch = data.validation.batch([0, 1, 2, 3]);
    const providers = kernels === 'stock' ? undefined : fusedKernelProviders(kernels)!;
    const { model } = buildModelWithInfo(spec, 4, providers ? { providers } : {});
    const weights = model.getWeights().map((w) => w.dataSync().slice());
    const before = tf.memory().numTensors;
    const probes = probeRecurrentLayers({ model, data, batch, traced: 1, loss: lossFunction(spec.loss, data.targets) });
    assert.equal(tf.memory().numTensors, before, 'tensors left behind');
    assert.throws(() => probeRecurrentLayers({ model, data, batch, traced: 4, loss: lossFunction(spec.loss, data.targets) }), /the sequence to trace, 4, is not one of the 4 sequences/);
    assert.equal(tf.memory().numTensors, before, 'a refused probe leaves nothing behind');
    assert.equal(probes.length, 4);
    model.getWeights().forEach((w, i) => assert.deepEqual(w.dataSync(), weights[i], `weight ${i} changed`));
    for (const probe of probes) {
      assert.equal(probe.norms.length, 10);
      assert.deepEqual(probe.traces.map((s) => s.name), [...probe.layer.gates, 'cell', 'hidden']);
      for (const series of probe.traces) assert.equal(series.values.length, 10 * probe.layer.units);
      assert.deepEqual(probe.saturation.map((s) => s.gate), ['input', 'forget', 'output']);
      assert.deepEqual(new Set(probe.blocks.map((b) => b.block)), new Set(['input', 'recurrent', 'bias']));
    }
    model.dispose();
  });
}

test('saturation counts the real steps of every window below 0.1 and above 0.9', async () => {
  await tf.setBackend('cpu');
  // A large input gain drives the gates into saturation; the counts must match the traced activations' own.
  const spec = specOf(adding('cell: gru, units: [3]', 5));
  const data = loadDataset(spec, 5, nodeFileSystem);
  const batch = data.validation.batch([0]);
  const { model } = buildModelWithInfo(spec, 5);
  const kernel = model.layers[0].weights[0];
  kernel.write(tf.mul(kernel.read(), 20));
  const [probe] = probeRecurrentLayers({ model, data, batch, traced: 0, loss: lossFunction(spec.loss, data.targets) });
  for (const { gate, low, high } of probe.saturation) {
    const values = probe.traces.find((s) => s.name === gate)!.values;
    assert.equal(low, values.filter((v) => v < 0.1).length / values.length, `${gate} low`);
    assert.equal(high, values.filter((v) => v > 0.9).length / values.length, `${gate} high`);
    assert.ok(low + high > 0, `${gate}: nothing saturated`);
  }
  model.dispose();
});
