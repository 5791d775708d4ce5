// The engine's flat optimizer (core/src/engine/train/flat-optimizer.ts)
// against tfjs's optimizers with the loop's clipping (clip.ts): every
// optimizer and option the schema offers, the same weights after several
// steps, the same state under the same names (so checkpoints written by
// either resume on the other), and the same loss curve when a model trains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { FlatOptimizer } from '../../core/src/engine/train/flat-optimizer';
import { makeOptimizer } from '../../core/src/engine/train/optimizers';
import { clipGradients, type ClipSettings } from '../../core/src/engine/train/clip';
import { optimizerState, restoreOptimizerState } from '../../core/src/engine/train/optimizer-state';
import { trainStep, type TrainStep } from '../../core/src/engine/train/step';
import { lossFunction, taskMetric } from '../../core/src/engine/train/losses';
import { buildModelWithInfo } from '../../core/src/engine/compile/model';
import { loadDataset } from '../../core/src/engine/data/load';
import { createRandom } from '../../core/src/engine/util/random';
import { nodeFileSystem } from '../../core/src/language';
import type { OptimizerSpec } from '../../core/src/shared';
import { makeSpec } from '../helpers/model-spec';

test.before(async () => {
  await tf.setBackend('cpu');
});

/** Every optimizer of the schema, with the options that change its arithmetic. */
const OPTIMIZERS: { label: string; fn: OptimizerSpec['fn']; args: Record<string, number | boolean> }[] = [
  { label: 'sgd', fn: 'sgd', args: { lr: 0.05 } },
  { label: 'sgd with momentum', fn: 'sgd', args: { lr: 0.05, momentum: 0.9 } },
  { label: 'sgd with nesterov momentum', fn: 'sgd', args: { lr: 0.05, momentum: 0.8, nesterov: true } },
  { label: 'adam', fn: 'adam', args: { lr: 0.01 } },
  { label: 'adam, other betas and epsilon', fn: 'adam', args: { lr: 0.003, beta1: 0.8, beta2: 0.95, epsilon: 1e-4 } },
  { label: 'rmsprop', fn: 'rmsprop', args: { lr: 0.01 } },
  { label: 'rmsprop with momentum', fn: 'rmsprop', args: { lr: 0.01, rho: 0.8, momentum: 0.5, epsilon: 1e-5 } },
  { label: 'adagrad', fn: 'adagrad', args: { lr: 0.1 } },
  { label: 'adadelta', fn: 'adadelta', args: { lr: 1, rho: 0.9, epsilon: 1e-6 } },
  { label: 'adamax', fn: 'adamax', args: { lr: 0.02, beta1: 0.85, beta2: 0.99 } },
];

const CLIPS: { label: string; clip: ClipSettings }[] = [
  { label: 'no clipping', clip: {} },
  // Small enough that the random gradients below are clipped at every step.
  { label: 'clipnorm', clip: { clipnorm: 0.5 } },
  { label: 'clipvalue', clip: { clipvalue: 0.3 } },
  { label: 'clipvalue and clipnorm', clip: { clipvalue: 0.3, clipnorm: 0.5 } },
];

function specOf(fn: OptimizerSpec['fn'], args: Record<string, number | boolean>): OptimizerSpec {
  return makeSpec({ optimizer: { fn, args } }).optimizer;
}

const SHAPES = [[3, 8], [8], [5, 2, 3]];
let made = 0;

/** Two sets of variables with the same random values, under names of their own. */
function twinVariables(seed: number): [tf.Variable[], tf.Variable[]] {
  const random = createRandom(seed);
  const values = SHAPES.map((shape) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.normal()));
  const make = () => SHAPES.map((shape, i) => tf.variable(tf.tensor(values[i], shape), true, `flat_test_${made++}`));
  return [make(), make()];
}

/** Gradients for step `k`, the same values under each set's names; some large, so that clipping bites. */
function gradients(variables: tf.Variable[], seed: number): tf.NamedTensorMap {
  const random = createRandom(seed);
  return Object.fromEntries(variables.map((v) => [v.name, tf.tensor(Float32Array.from({ length: v.size }, () => random.normal() * (random.next() < 0.2 ? 5 : 0.5)), v.shape)]));
}

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  const [x, y] = [a.dataSync(), b.dataSync()];
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return worst;
}

/** Steps both optimizers `steps` times on the same gradients; asserts the weights agree after every step. */
function stepBoth(reference: tf.Optimizer, flat: FlatOptimizer, [a, b]: [tf.Variable[], tf.Variable[]], clip: ClipSettings, steps: number, from = 0): void {
  for (let k = from; k < from + steps; k++) {
    // A tensor that shares a weight's data from before the step (a clone does) must keep its values.
    const kept = b.map((v) => tf.clone(v));
    const keptValues = kept.map((t) => Float32Array.from(t.dataSync()));
    tf.tidy(() => {
      reference.applyGradients(clipGradients(gradients(a, k), clip));
      flat.applyGradients(gradients(b, k), clip);
    });
    kept.forEach((t, i) => assert.equal(maxDifference(t, tf.tensor(keptValues[i], t.shape)), 0, `step ${k + 1}: the update changed the data of weight ${i} before it`));
    tf.dispose(kept);
    a.forEach((v, i) => {
      const difference = maxDifference(v, b[i]);
      assert.ok(difference <= 1e-6, `step ${k + 1}, weight ${i}: differs by ${difference}`);
    });
  }
}

for (const { label, fn, args } of OPTIMIZERS) {
  for (const { label: clipLabel, clip } of CLIPS) {
    test(`${label}, ${clipLabel}: the flat update equals tfjs's optimizer over 6 steps`, () => {
      const spec = specOf(fn, args);
      const twins = twinVariables(7);
      const [a] = twins;
      const before = a.map((v) => v.clone());
      stepBoth(makeOptimizer(spec), new FlatOptimizer(spec), twins, clip, 6);
      // The weights moved: a comparison of two unchanged sets would prove nothing.
      a.forEach((v, i) => assert.ok(maxDifference(v, before[i]) > 1e-4, `weight ${i} did not move`));
      tf.dispose([...twins.flat(), ...before]);
    });
  }

  // On wasm the update hands its own array to a new tensor (wasm copies it into its memory; cpu would keep it).
  test(`${label}, clipvalue and clipnorm, on the wasm backend: the flat update equals tfjs's optimizer over 6 steps`, async () => {
    await tf.setBackend('wasm');
    try {
      const spec = specOf(fn, args);
      const twins = twinVariables(5);
      stepBoth(makeOptimizer(spec), new FlatOptimizer(spec), twins, { clipvalue: 0.3, clipnorm: 0.5 }, 6);
      tf.dispose(twins.flat());
    } finally {
      await tf.setBackend('cpu');
    }
  });

  test(`${label}: the state has tfjs's names and values, and either optimizer resumes from the other's`, async () => {
    const spec = specOf(fn, args);
    const clip = { clipnorm: 1 };
    const twins = twinVariables(11);
    const [a, b] = twins;
    const reference = makeOptimizer(spec);
    const flat = new FlatOptimizer(spec);
    stepBoth(reference, flat, twins, clip, 3);
    const fromTfjs = await optimizerState(reference, fn);
    const fromFlat = await optimizerState(flat, fn);
    // Same names, in the same order, once each variable's name is replaced by its position.
    const position = (name: string, set: tf.Variable[]) => set.reduce((n, v, i) => n.replace(v.name, `#${i}`), name);
    assert.deepEqual(fromFlat.tensors.map((t) => position(t.name, b)), fromTfjs.tensors.map((t) => position(t.name, a)));
    fromTfjs.tensors.forEach((t, i) => assert.ok(maxDifference(t.tensor, fromFlat.tensors[i].tensor) <= 1e-6, `${t.name} differs`));

    // A checkpoint tfjs's optimizer wrote (every run before the flat optimizer) goes on in a flat one, and the other way.
    const resumedFlat = new FlatOptimizer(spec);
    await restoreOptimizerState(resumedFlat, fn, fromTfjs.tensors.map((t) => ({ ...t, name: position(t.name, a).replace(/#(\d+)/, (_, i) => b[Number(i)].name) })), b);
    const resumedTfjs = makeOptimizer(spec);
    await restoreOptimizerState(resumedTfjs, fn, fromFlat.tensors.map((t) => ({ ...t, name: position(t.name, b).replace(/#(\d+)/, (_, i) => a[Number(i)].name) })));
    fromTfjs.release();
    fromFlat.release();
    stepBoth(resumedTfjs, resumedFlat, twins, clip, 3, 3);
    assert.equal(resumedFlat.iterations, 6);
    tf.dispose(twins.flat());
  });
}

test('a restored state that does not fit the weights is refused with a reason', async () => {
  const spec = specOf('adam', { lr: 0.01 });
  const [a, b] = twinVariables(3);
  const flat = new FlatOptimizer(spec);
  flat.applyGradients(gradients(a, 0));
  const { tensors, release } = await optimizerState(flat, 'adam');
  assert.throws(() => new FlatOptimizer(spec).restore(tensors, b.slice(0, 2)), /holds 6 tensors for 2 weights/);
  assert.throws(() => new FlatOptimizer(spec).restore(tensors, [b[1], b[0], b[2]]), /holds 24 values in .*\/m, for a weight of 8/);
  release();
  tf.dispose([...a, ...b]);
});

test('a seeded model trains to the same loss curve with the flat optimizer as with tfjs optimizer (40 steps, clipnorm)', () => {
  const spec = makeSpec({ hidden: { cell: 'gru', units: [6] }, optimizer: { fn: 'adam', args: { lr: 0.02, clipnorm: 1 } }, batchSize: 16 });
  const data = loadDataset(spec, 1, nodeFileSystem);
  const curve = (optimizer: (s: OptimizerSpec) => TrainStep['optimizer']) => {
    const { model } = buildModelWithInfo(spec, 1);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const step: TrainStep = {
      model,
      variables,
      optimizer: optimizer(spec.optimizer),
      loss: lossFunction(spec.loss, data.targets),
      metric: taskMetric(data.task, spec.loss, data.targets),
      clip: { clipnorm: 1 },
    };
    const losses: number[] = [];
    for (let k = 0; k < 40; k++) {
      const indices = Array.from({ length: 16 }, (_, i) => (k * 16 + i) % data.train.size);
      losses.push(trainStep(step, data.train.batch(indices), data)[0]);
    }
    model.dispose();
    return losses;
  };
  const flat = curve((s) => new FlatOptimizer(s));
  // tfjs's optimizer behind the step's interface, clipping as the loop did before the flat optimizer.
  const reference = curve((s) => {
    const inner = makeOptimizer(s);
    return { applyGradients: (grads: tf.NamedTensorMap, clip: ClipSettings) => inner.applyGradients(clipGradients(grads, clip)) } as unknown as FlatOptimizer;
  });
  assert.ok(flat[39] < flat[0] / 2, `the model learns (${flat[0]} -> ${flat[39]})`);
  flat.forEach((loss, k) => assert.ok(Math.abs(loss - reference[k]) <= 1e-5, `step ${k + 1}: ${loss} flat, ${reference[k]} tfjs`));
});

test('a weight without a gradient in a step leaves the other weights\' state where it belongs', () => {
  const spec = specOf('adam', { lr: 0.01 });
  const [a, b] = twinVariables(13);
  const all = gradients(a, 0);
  const flat = new FlatOptimizer(spec);
  flat.applyGradients(all);
  // The second weight gets no gradient (a weight the loss does not reach is left out of tfjs's gradients).
  const second = gradients(a, 1);
  flat.applyGradients({ [a[0].name]: second[a[0].name], [a[2].name]: second[a[2].name] });
  // The third weight alone, with the same two gradients, ends where it did among the others.
  const alone = new FlatOptimizer(spec);
  alone.applyGradients({ [b[2].name]: tf.tensor(all[a[2].name].dataSync(), b[2].shape) });
  alone.applyGradients({ [b[2].name]: tf.tensor(second[a[2].name].dataSync(), b[2].shape) });
  assert.equal(maxDifference(a[2], b[2]), 0);
  tf.dispose([...a, ...b, ...Object.values(all), ...Object.values(second)]);
});
