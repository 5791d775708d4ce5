// What the theory of backpropagation through time predicts at initialisation,
// measured by the probe on models checked from .rnn text and built as a run
// builds them (the fused kernels when built here, else the stock layers): the
// adding problem, T = 100, 32 units, five seeds, the first-to-last-step ratio
// ||dL/dh_1|| / ||dL/dh_T||. Bounds are orders of magnitude, never values.
// (Keras 3.15 on the same setup, measured while writing this: rnn 3e-8..7e-3,
// lstm 2e-9..2e-8; the PyTorch measurement of the lstm, 1e-5..1e-3,
// used PyTorch's two biases.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { fusedKernelProviders } from '../../core/src/engine';
import { firstToLastRatio } from '../../core/src/shared';
import { probeSpec, specOf } from './insight-helpers';

const SEEDS = [1, 2, 3, 4, 5];
const providers = fusedKernelProviders() ?? undefined;

const addingModel = (seed: number, hidden: string) => `model Adding {
  data: adding(samples: 400, timesteps: 100)
  input { timesteps: 100, features: 2 }
  hidden { units: [32], ${hidden} }
  output { units: 1, activation: linear }
  loss: mse
  train { epochs: 1, batch_size: 32, validation_split: 0.2, seed: ${seed} }
}`;

/** The ratio of each seed's model at initialisation, probed on 32 validation windows. */
function ratios(hidden: string): number[] {
  return SEEDS.map((seed) => {
    const { probes } = probeSpec(specOf(addingModel(seed, hidden)), seed, 32, providers);
    assert.equal(probes.length, 1);
    return firstToLastRatio(probes[0].norms, 'forward');
  });
}

const show = (values: number[]) => values.map((v) => v.toExponential(1)).join(', ');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

test('at initialisation the gradient through time vanishes, stays or explodes as the theory says', async () => {
  await tf.setBackend('cpu');
  const rnn = ratios('cell: rnn');
  for (const r of rnn) assert.ok(r >= 1e-6 && r <= 1e-2, `plain tanh rnn: ${show(rnn)}`);

  // Forget bias 1 keeps the forget gate near 0.73, so the cell path decays too: no better than the rnn at first.
  const lstm = ratios('cell: lstm');
  for (const r of lstm) assert.ok(r > 0 && r <= 1e-2, `standard lstm: ${show(lstm)}`);
  assert.ok(median(lstm) <= median(rnn) * 10, `standard lstm ${show(lstm)} against rnn ${show(rnn)}`);

  // The 1997 constant error carousel: without a forget gate the cell state carries the gradient undamped.
  const carousel = ratios('cell: lstm, gates: [input, output]');
  carousel.forEach((r, i) => assert.ok(r >= 100 * rnn[i], `lstm without forget gate ${show(carousel)} against rnn ${show(rnn)}`));

  const shrunk = ratios('cell: rnn, recurrent_init: orthogonal(gain: 0.5)');
  shrunk.forEach((r, i) => assert.ok(r <= 1e-6 * rnn[i], `gain 0.5 ${show(shrunk)} against gain 1 ${show(rnn)}`));

  const grown = ratios('cell: rnn, recurrent_init: orthogonal(gain: 2)');
  for (const r of grown) assert.ok(r > 1e3 && Number.isFinite(r), `gain 2: ${show(grown)}`);
});

test("Le et al. 2015's IRNN (relu, identity recurrent weights) keeps the gradient through 100 steps at initialisation", async () => {
  await tf.setBackend('cpu');
  const irnn = ratios('cell: rnn, activation: relu, recurrent_init: identity');
  for (const r of irnn) assert.ok(r > 0.1 && r < 10, `IRNN: ${show(irnn)}`);
});
