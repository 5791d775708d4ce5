// Step masks and outputs at every step on the fused kernels, against the
// engine's stock and gated layers (whose masking is tfjs-layers' rnn(): a
// padded step carries the state and outputs it again): outputs and gradients
// within 1e-4 on batches of mixed lengths, and padding that changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { gatedCellProvider, stockLayerProvider, type RecurrentLayerProvider, type RecurrentLayerRequest } from '../../core/src/engine/compile/providers';
import { fusedLayerProvider } from '../../core/src/engine/kernels/provider';
import { KERNEL_BUILDS, layerRequest, assertClose, maskedGradients as gradients, seededUniform, stepMask } from './kernels-helpers';

const TIMESTEPS = 7;
const FEATURES = 3;
const UNITS = 4;

const request = (overrides: Partial<RecurrentLayerRequest>) => layerRequest({ units: UNITS, ...overrides });

/** A layer from `provider`, wrapped as the engine wraps bidirectional layers (compile/model.ts). */
function createLayer(provider: RecurrentLayerProvider, req: RecurrentLayerRequest, bidirectional: boolean): tfl.layers.Layer {
  if (!bidirectional) return provider.create(req);
  return tfl.layers.bidirectional({ name: req.name, layer: provider.create({ ...req, name: `${req.name}_inner` }) as tfl.RNN, mergeMode: 'concat' });
}

/** Real lengths of a batch: every length from 1 to TIMESTEPS, over and over. */
function lengthsOf(batch: number): number[] {
  return Array.from({ length: batch }, (_, b) => 1 + ((b * 3) % TIMESTEPS));
}


/** Fused and reference layers with the same random weights; the reference is the stock layer for standard cells, else the gated cell. */
function layerPair(provider: RecurrentLayerProvider, req: RecurrentLayerRequest, bidirectional: boolean, rand: ReturnType<typeof seededUniform>, batch: number) {
  const reference = stockLayerProvider.supports(req) ? stockLayerProvider : gatedCellProvider;
  const expected = createLayer(reference, { ...req, name: `${req.name}_reference` }, bidirectional);
  const fused = createLayer(provider, req, bidirectional);
  tf.dispose([expected.apply(tf.zeros([batch, TIMESTEPS, FEATURES])) as tf.Tensor, fused.apply(tf.zeros([batch, TIMESTEPS, FEATURES])) as tf.Tensor]);
  const weights = expected.getWeights().map((w) => rand(w.shape, 0.6));
  expected.setWeights(weights);
  fused.setWeights(weights);
  return { expected, fused, weights };
}

function compareMasked(provider: RecurrentLayerProvider, req: RecurrentLayerRequest, seed: number, batch: number, bidirectional = false): void {
  const rand = seededUniform(seed);
  const x = tf.variable(rand([batch, TIMESTEPS, FEATURES], 1));
  const mask = stepMask(lengthsOf(batch), TIMESTEPS);
  const { expected, fused, weights } = layerPair(provider, req, bidirectional, rand, batch);
  const width = bidirectional ? 2 * UNITS : UNITS;
  const probe = rand(req.returnSequences ? [batch, TIMESTEPS, width] : [batch, width], 1);
  const want = gradients(expected, x, probe, mask);
  const got = gradients(fused, x, probe, mask);
  const unmasked = gradients(fused, x, probe, tf.onesLike(mask));
  assert.ok(Math.abs(got.value.dataSync()[0] - unmasked.value.dataSync()[0]) > 1e-3, 'the mask changes the outputs');
  assertClose(got.value, want.value, 1e-4, 'loss');
  assertClose(got.input, want.input, 1e-4, 'input gradient');
  want.weights.forEach((w, i) => assertClose(got.weights[i], w, 1e-4, `gradient of ${expected.trainableWeights[i].originalName}`));
  tf.dispose([x, mask, probe, ...weights, ...want.all, ...got.all, ...unmasked.all]);
  expected.dispose();
  fused.dispose();
}

/**
 * The same sequences with and without PAD masked steps after them (filled
 * with noise): the outputs at the real steps, the last-step output and every
 * weight gradient are the same; the padded inputs get no gradient.
 */
function compareWithPadding(provider: RecurrentLayerProvider, req: RecurrentLayerRequest, seed: number, batch: number): void {
  const PAD = 3;
  const rand = seededUniform(seed);
  const real = rand([batch, TIMESTEPS, FEATURES], 1);
  const padded = tf.variable(tf.concat([real, rand([batch, PAD, FEATURES], 5)], 1));
  const unpadded = tf.variable(real);
  const layer = provider.create(req);
  tf.dispose(layer.apply(tf.zeros([batch, TIMESTEPS, FEATURES])) as tf.Tensor);
  const weights = layer.getWeights().map((w) => rand(w.shape, 0.6));
  layer.setWeights(weights);
  const probe = rand(req.returnSequences ? [batch, TIMESTEPS, UNITS] : [batch, UNITS], 1);
  // Gradients reach only the real steps' outputs: the padded steps' outputs are multiplied by 0.
  const paddedProbe = req.returnSequences ? tf.concat([probe, tf.zeros([batch, PAD, UNITS])], 1) : probe;
  const without = gradients(layer, unpadded, probe, tf.ones([batch, TIMESTEPS]));
  const withPadding = gradients(layer, padded, paddedProbe, stepMask(Array(batch).fill(TIMESTEPS), TIMESTEPS + PAD));
  assertClose(withPadding.value, without.value, 1e-4, 'loss');
  without.weights.forEach((w, i) => assertClose(withPadding.weights[i], w, 1e-4, `gradient of ${layer.trainableWeights[i].originalName}`));
  const inputGradient = withPadding.input;
  assertClose(tf.slice(inputGradient, [0, 0, 0], [batch, TIMESTEPS, FEATURES]), without.input, 1e-4, 'input gradient at the real steps');
  assert.equal(tf.max(tf.abs(tf.slice(inputGradient, [0, TIMESTEPS, 0], [batch, PAD, FEATURES]))).dataSync()[0], 0, 'no gradient at padded steps');
  tf.dispose([real, padded, unpadded, probe, paddedProbe, ...weights, ...without.all, ...withPadding.all]);
  layer.dispose();
}

const cases: Partial<RecurrentLayerRequest>[] = [
  { cell: 'rnn', gates: [] },
  { cell: 'rnn', gates: [], returnSequences: false },
  { cell: 'gru', gates: ['update', 'reset'] },
  { cell: 'gru', gates: ['update', 'reset'], returnSequences: false },
  { cell: 'lstm' },
  { cell: 'lstm', returnSequences: false },
  { cell: 'lstm', peepholes: true, coupled: true },
  { cell: 'lstm', gates: ['forget', 'output'], returnSequences: false },
  { cell: 'gru', gates: ['update'] },
];

const label = (c: Partial<RecurrentLayerRequest>) =>
  [c.cell, c.gates && c.cell !== 'rnn' ? `gates [${c.gates.join(', ')}]` : '', c.peepholes ? 'peepholes' : '', c.coupled ? 'coupled' : '',
    c.returnSequences === false ? 'last step' : 'every step'].filter(Boolean).join(' ');

tf.setBackend('cpu');
for (const { build, kernels, skip } of KERNEL_BUILDS) {
  const provider = () => fusedLayerProvider(kernels!);
  for (const [index, overrides] of cases.entries()) {
    test(`fused ${label(overrides)} with a step mask matches the reference layer (${build} kernels)`, { skip }, () => {
      compareMasked(provider(), request(overrides), 100 + index, 5);
    });
    test(`fused ${label(overrides)}: masked padding changes nothing (${build} kernels)`, { skip }, () => {
      compareWithPadding(provider(), request(overrides), 200 + index, 4);
    });
  }
  test(`fused lstm and gru with a step mask split between two threads match the reference (${build} kernels)`, { skip }, () => {
    compareMasked(provider(), request({ cell: 'lstm', returnSequences: false }), 300, 17);
    compareMasked(provider(), request({ cell: 'gru', gates: ['update', 'reset'] }), 301, 17);
  });
  test(`bidirectional fused layers with a step mask match the stock ones: the backward direction starts at the last real step (${build} kernels)`, { skip }, () => {
    compareMasked(provider(), request({ cell: 'gru', gates: ['update', 'reset'] }), 400, 5, true);
    compareMasked(provider(), request({ cell: 'lstm', returnSequences: false }), 401, 5, true);
  });
}
