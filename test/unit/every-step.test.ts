// Models that predict at every step (`output.at: every_step`) and step masks,
// through the engine: the windows' targets, the loss as the mean over steps
// (computed here by hand), padding that changes nothing, and whole runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { layers } from '@tensorflow/tfjs-layers';
import { buildModelWithInfo } from '../../core/src/engine/compile/model';
import { portableLayerProviders, type RecurrentLayerProvider } from '../../core/src/engine/compile/providers';
import { fusedKernelProviders } from '../../core/src/engine/kernels/provider';
import { loadDataset } from '../../core/src/engine/data';
import { SeriesWindows, TokenWindows } from '../../core/src/engine/data/windows';
import { batchTensors } from '../../core/src/engine/train/batches';
import { forward, forwardWithLogits, lastStepOutput } from '../../core/src/engine/train/forward';
import { denseAtEveryStep } from '../../core/src/engine/train/sequence-dense';
import { lossFunction, taskMetric } from '../../core/src/engine/train/losses';
import { train } from '../../core/src/engine/train';
import type { EndEvent, EpochEvent, StartEvent, TrainEvent } from '../../core/src/shared/protocol';
import { compareWithBaselines } from '../../core/src/shared';
import type { Batch, Dataset, FileSystem } from '../../core/src/language';
import { makeSpec, type SpecOptions } from '../helpers/model-spec';
import { KERNEL_BUILDS, assertClose, seededUniform } from './kernels-helpers';

tf.setBackend('cpu');
const runsDir = mkdtempSync(join(tmpdir(), 'rnn-every-step-test-'));

test('series windows at every step: the target after each step is the next row, the last one the last-step target', () => {
  const series = Float32Array.from({ length: 20 }, (_, i) => i * 10 + 0.5);
  const last = new SeriesWindows(series, 2, 3).batch([0, 4]);
  const every = new SeriesWindows(series, 2, 3, 1, 'every_step').batch([0, 4]);
  assert.deepEqual(Array.from(every.x), Array.from(last.x));
  // Window 0 is rows 0..2 (values 0..5), window 4 rows 4..6; their targets are rows 1..3 and 5..7.
  assert.deepEqual(Array.from(every.y), [20, 30, 40, 50, 60, 70, 100, 110, 120, 130, 140, 150].map((v) => v + 0.5));
  assert.deepEqual(Array.from(last.y), [60.5, 70.5, 140.5, 150.5]);
});

test('text windows at every step: the next character after each step (char-rnn)', () => {
  const tokens = Uint16Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const every = new TokenWindows(tokens, 10, 4, 3, false, 'every_step').batch([0, 1]);
  assert.deepEqual(Array.from(every.y), [1, 2, 3, 4, 4, 5, 6, 7]);
  assert.deepEqual(Array.from(new TokenWindows(tokens, 10, 4, 3).batch([0, 1]).y), [4, 7]);
});

test('loadDataset gives every-step targets for sine and text, and batchTensors shapes them [size, timesteps(, outputs)]', () => {
  const sine = loadDataset(makeSpec({ timesteps: 5, outputAt: 'every_step' }), 1, { exists: () => false, readText: () => undefined });
  assert.equal(sine.targetSteps, 'every_step');
  const { x, y, mask } = batchTensors(sine.train.batch([0, 1, 2]), sine);
  assert.deepEqual(y.shape, [3, 5, 1]);
  assert.equal(mask, undefined);
  // The target after step t is the input at step t + 1.
  assertClose(tf.slice(y, [0, 0, 0], [3, 4, 1]), tf.slice(x, [0, 1, 0], [3, 4, 1]), 0, 'targets are the inputs one step on');
  const fs: FileSystem = { exists: (p) => p === '/t/t.txt', readText: () => 'abcabcabdabcabcabd'.repeat(4) };
  const text = loadDataset(makeSpec({ data: { fn: 'text', args: { path: 't.txt', level: 'char', stride: 4, lowercase: false } }, baseDir: '/t', timesteps: 4, outputAt: 'every_step' }), 1, fs);
  assert.deepEqual(batchTensors(text.train.batch([0, 1]), text).y.shape, [2, 4]);
});

/** A dataset of `timesteps` steps, 2 features, 1 output (dense) or 3 classes (sparse), for hand-built batches. */
function dataset(timesteps: number, targets: 'dense' | 'sparse', targetSteps: Dataset['targetSteps']): Dataset {
  const empty = { size: 0, batch: () => { throw new Error('unused'); } };
  return { task: targets === 'sparse' ? 'classification' : 'regression', timesteps, features: 2, outputs: targets === 'sparse' ? 3 : 1,
    targets, targetSteps, train: empty, validation: empty, split: { train: 0, gap: 0, validation: 0 } };
}

test('the every-step loss is the mean over every window and step, and with a mask over the real steps only (by hand)', () => {
  const predicted = [[0.5, 1, -1], [2, 0, 0.25]];
  const target = [[1, 1, 1], [0, 0, 3]];
  const mask = [[1, 1, 0], [1, 0, 0]];
  const p = tf.tensor3d(predicted.map((row) => row.map((v) => [v])));
  const y = tf.tensor3d(target.map((row) => row.map((v) => [v])));
  const squared = predicted.flatMap((row, b) => row.map((v, t) => (v - target[b][t]) ** 2));
  // (0.25 + 0 + 4 + 4 + 0 + 7.5625) / 6 steps
  const mse = lossFunction('mse', 'dense');
  assert.ok(Math.abs(mse(y, p).dataSync()[0] - squared.reduce((a, b) => a + b) / 6) < 1e-6);
  // Real steps: (0, 0), (0, 1), (1, 0): (0.25 + 0 + 4) / 3
  const masked = squared.filter((_, i) => mask[Math.floor(i / 3)][i % 3] === 1);
  assert.ok(Math.abs(mse(y, p, tf.tensor2d(mask)).dataSync()[0] - masked.reduce((a, b) => a + b) / 3) < 1e-6);
  // Sparse cross-entropy at every step: -log p(target) per step.
  const probabilities = [[[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]], [[0.3, 0.3, 0.4], [0.25, 0.5, 0.25]]];
  const classes = [[0, 1], [2, 0]];
  const crossEntropy = lossFunction('sparse_categorical_crossentropy', 'sparse');
  const byHand = -(Math.log(0.7) + Math.log(0.8) + Math.log(0.4) + Math.log(0.25)) / 4;
  assert.ok(Math.abs(crossEntropy(tf.tensor2d(classes), tf.tensor3d(probabilities)).dataSync()[0] - byHand) < 1e-6);
  const accuracy = taskMetric('classification', 'sparse_categorical_crossentropy', 'sparse');
  // Right at three steps of four; the wrong one is masked out below.
  assert.equal(accuracy.compute(tf.tensor2d(classes), tf.tensor3d(probabilities)).dataSync()[0], 0.75);
  assert.equal(accuracy.compute(tf.tensor2d(classes), tf.tensor3d(probabilities), tf.tensor2d([[1, 1], [0, 0]])).dataSync()[0], 1);
});

test('a model at every step outputs [batch, timesteps, outputs]; the same Dense at each step, and its last step is lastStepOutput', () => {
  const spec = makeSpec({ hidden: { cell: 'gru', units: [5] }, timesteps: 6, outputAt: 'every_step', seed: 3 });
  const { model } = buildModelWithInfo(spec, 3);
  const x = seededUniform(1)([2, 6, 1], 1);
  const out = forward(model, x, false);
  assert.deepEqual(out.shape, [2, 6, 1]);
  // Step t of the output is the Dense layer applied to the recurrent layer's state at step t.
  const states = model.layers[0].apply(x) as tf.Tensor;
  const dense = model.layers[1];
  for (let t = 0; t < 6; t++) {
    const state = tf.reshape(tf.slice(states, [0, t, 0], [2, 1, 5]), [2, 5]);
    assertClose(tf.reshape(tf.slice(out, [0, t, 0], [2, 1, 1]), [2, 1]), dense.apply(state) as tf.Tensor, 1e-6, `step ${t}`);
  }
  assert.deepEqual(lastStepOutput(out).shape, [2, 1]);
  model.dispose();
});

test('at every step through a softmax, the cross-entropy from the logits equals the one from the probabilities, gradients too', () => {
  const spec = makeSpec({ hidden: { cell: 'lstm', units: [6] }, timesteps: 5, features: 2, outputUnits: 4, outputActivation: 'softmax',
    loss: 'sparse_categorical_crossentropy', task: 'classification', outputAt: 'every_step' } as SpecOptions);
  const { model } = buildModelWithInfo(spec, 4);
  const x = seededUniform(8)([3, 5, 2], 1);
  const y = tf.tensor2d([[0, 1, 2, 3, 0], [1, 1, 1, 2, 3], [3, 2, 1, 0, 0]]);
  const mask = tf.tensor2d([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 0, 0, 0, 0]]);
  const loss = lossFunction('sparse_categorical_crossentropy', 'sparse');
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const viaLogits = tf.variableGrads(() => {
    const { predicted, logits } = forwardWithLogits(model, x, false, mask);
    assert.ok(logits, 'a softmax output at every step hands back its logits');
    return loss(y, predicted, mask, logits);
  }, variables);
  const viaProbabilities = tf.variableGrads(() => loss(y, forward(model, x, false, mask), mask), variables);
  assertClose(viaLogits.value, viaProbabilities.value, 1e-5, 'loss');
  for (const v of variables) assertClose(viaLogits.grads[v.name], viaProbabilities.grads[v.name], 1e-5, `gradient of ${v.name}`);
  model.dispose();
});

for (const backend of ['cpu', 'wasm']) {
  test(`the sparse cross-entropy from the softmax matches tfjs's from the logits, value and gradient, masked, far-apart logits (${backend})`, async () => {
    await tf.setBackend(backend);
    try {
      // Row 2 puts its target 60 nats below the best class: a probability of about 1e-26, still above the clip.
      const logits = tf.tensor3d([[[0.5, -1, 2], [3, 0, -2]], [[-60, 0, 0], [1, 1, 1]]]);
      const y = tf.tensor2d([[2, 1], [0, 1]]);
      const mask = tf.tensor2d([[1, 1], [1, 0]]);
      const loss = lossFunction('sparse_categorical_crossentropy', 'sparse');
      const reference = (l: tf.Tensor) => {
        const perStep = tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(y, 'int32'), 3), l, undefined, 0, tf.Reduction.NONE);
        return tf.div(tf.sum(tf.mul(perStep, mask)), tf.sum(mask)) as tf.Scalar;
      };
      const ours = tf.valueAndGrad((l: tf.Tensor) => loss(y, tf.softmax(l), mask, l))(logits);
      const theirs = tf.valueAndGrad(reference)(logits);
      assertClose(ours.value, theirs.value, 1e-5, 'loss');
      assertClose(ours.grad, theirs.grad, 1e-6, 'gradient with respect to the logits');
      assert.ok(ours.value.dataSync()[0] > 20, 'the far-off target counts in full');
    } finally {
      await tf.setBackend('cpu');
    }
  });
}

/** Loss and every weight gradient of one batch, as a training step computes them (forward, masked loss). */
function lossAndGradients(providers: readonly RecurrentLayerProvider[], cell: 'rnn' | 'gru' | 'lstm', batch: Batch, data: Dataset, outputAt: 'last' | 'every_step') {
  const sparse = data.targets === 'sparse';
  const spec = makeSpec({
    hidden: { cell, units: [4, 3], gates: cell === 'lstm' ? ['input', 'forget', 'output'] : cell === 'gru' ? ['update', 'reset'] : [] },
    timesteps: data.timesteps, features: 2, outputUnits: data.outputs, outputAt,
    ...(sparse ? { outputActivation: 'softmax', loss: 'sparse_categorical_crossentropy', task: 'classification' } : {}),
  } as SpecOptions);
  const { model } = buildModelWithInfo(spec, 7, { providers });
  const loss = lossFunction(spec.loss, data.targets);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { x, y, mask } = batchTensors(batch, data);
  const { value, grads } = tf.variableGrads(() => loss(y, forward(model, x, true, mask), mask), variables);
  const result = { loss: value, gradients: variables.map((v) => grads[v.name]) };
  model.dispose();
  return result;
}

/**
 * Batch of 3 sequences of 5 real steps (random), and the same batch padded
 * to 8 steps with noise, its targets too, masked out.
 */
function paddedPair(sparse: boolean, everyStep: boolean): { plain: [Batch, Dataset]; padded: [Batch, Dataset] } {
  const rand = seededUniform(sparse ? 21 : 22);
  const [size, real, total] = [3, 5, 8];
  const x = rand([size, real, 2], 1);
  const noise = rand([size, total - real, 2], 9);
  const targetShape = (steps: number) => [size, ...(everyStep ? [steps] : []), ...(sparse ? [] : [1])];
  const target = (steps: number, seed: number) => {
    const values = seededUniform(seed)(targetShape(steps), 1);
    return sparse ? tf.floor(tf.mul(tf.add(values, 1), 1.5)) : values;
  };
  const y = target(real, 5);
  const paddedY = everyStep ? tf.concat([y, target(total - real, 6)], 1) : y;
  const mask = new Float32Array(size * total).map((_, i) => (i % total < real ? 1 : 0));
  const steps = everyStep ? 'every_step' : 'last';
  return {
    plain: [{ size, x: x.dataSync() as Float32Array, y: y.dataSync() as Float32Array }, dataset(real, sparse ? 'sparse' : 'dense', steps)],
    padded: [
      { size, x: tf.concat([x, noise], 1).dataSync() as Float32Array, y: paddedY.dataSync() as Float32Array, mask },
      dataset(total, sparse ? 'sparse' : 'dense', steps),
    ],
  };
}

const implementations: { name: string; providers: () => readonly RecurrentLayerProvider[] | null; skip: string | false }[] = [
  { name: 'stock layers', providers: () => portableLayerProviders, skip: false },
  ...KERNEL_BUILDS.map(({ build, skip }) => ({ name: `${build} fused kernels`, providers: () => fusedKernelProviders(build), skip })),
];

for (const { name, providers, skip } of implementations) {
  for (const [cell, sparse, outputAt] of [['lstm', true, 'every_step'], ['gru', false, 'every_step'], ['rnn', false, 'last'], ['lstm', false, 'last']] as const) {
    test(`masked padding changes neither the loss nor a gradient: stacked ${cell}, ${sparse ? 'sparse classes' : 'regression'}, output at ${outputAt} (${name})`, { skip }, () => {
      const { plain, padded } = paddedPair(sparse, outputAt === 'every_step');
      const want = lossAndGradients(providers()!, cell, ...plain, outputAt);
      const got = lossAndGradients(providers()!, cell, ...padded, outputAt);
      assertClose(got.loss, want.loss, 1e-5, 'loss');
      want.gradients.forEach((g, i) => assertClose(got.gradients[i], g, 1e-5, `gradient ${i}`));
      // Without the mask the padding does change the loss: the test would notice a mask that is dropped.
      const unmasked = lossAndGradients(providers()!, cell, { ...padded[0], mask: undefined }, padded[1], outputAt);
      assert.ok(Math.abs(unmasked.loss.dataSync()[0] - want.loss.dataSync()[0]) > 1e-3);
    });
  }
}

for (const { build, skip } of KERNEL_BUILDS) {
  test(`fused and stock models agree to 1e-4 at every step on a batch of mixed lengths (${build} kernels)`, { skip }, () => {
    const { padded } = paddedPair(false, true);
    const [batch, data] = padded;
    // Lengths 8, 5 and 2.
    const mask = new Float32Array(3 * 8).map((_, i) => (i % 8 < [8, 5, 2][Math.floor(i / 8)] ? 1 : 0));
    for (const cell of ['rnn', 'gru', 'lstm'] as const) {
      const want = lossAndGradients(portableLayerProviders, cell, { ...batch, mask }, data, 'every_step');
      const got = lossAndGradients(fusedKernelProviders(build)!, cell, { ...batch, mask }, data, 'every_step');
      assertClose(got.loss, want.loss, 1e-4, `${cell} loss`);
      want.gradients.forEach((g, i) => assertClose(got.gradients[i], g, 1e-4, `${cell} gradient ${i}`));
    }
  });
}

async function run(spec: SpecOptions, fs?: FileSystem) {
  const events: TrainEvent[] = [];
  const result = await train(makeSpec(spec), { runsDir, backend: 'cpu', fs, onEvent: (e) => events.push(e) });
  return {
    result, epochs: events.filter((e): e is EpochEvent => e.type === 'epoch'), end: events.find((e): e is EndEvent => e.type === 'end')!,
    start: events.find((e): e is StartEvent => e.type === 'start')!,
  };
}

test('an every-step sine model trains, and its validation predictions are its last-step predictions against the next values', async () => {
  const sine = { fn: 'sine' as const, args: { samples: 300, period: 20, amplitude: 1, noise: 0 } };
  const { result, epochs, end, start } = await run({ data: sine, timesteps: 10, hidden: { cell: 'gru', units: [8] }, outputAt: 'every_step', epochs: 4, batchSize: 16 });
  assert.equal(result.status, 'completed', result.reason);
  // Its baselines and scores are over every step, so `rnn train` and the panel say how it compares.
  assert.deepEqual(start.baselines!.map((b) => b.name).sort(), ['mean', 'persistence']);
  const comparison = compareWithBaselines(start.baselines, end.scores);
  assert.equal(comparison?.measure, 'rmse');
  assert.ok(comparison!.model > 0 && Number.isFinite(comparison!.reference));
  assert.ok(epochs[3].loss < epochs[0].loss * 0.7, `loss ${epochs[0].loss} -> ${epochs[3].loss}`);
  const { target, predicted } = end.predictions!;
  assert.equal(target.length, predicted.length);
  // The validation windows start right after the training part (and its gap): their targets are the sine wave itself.
  const error = target.reduce((sum, v, i) => sum + Math.abs(v - predicted[i]), 0) / target.length;
  assert.ok(error < 0.5, `mean absolute error ${error}`);
  assert.ok(target.every((v) => Math.abs(v) <= 1.0001));
});

test('an every-step text model trains with accuracy over every step and generates its sample', async () => {
  const text = 'the cat sat on the mat. '.repeat(12);
  const fs: FileSystem = { exists: (p) => p === '/text/t.txt', readText: (p) => (p === '/text/t.txt' ? text : undefined) };
  const { result, epochs, end, start } = await run({
    data: { fn: 'text', args: { path: 't.txt', level: 'char', stride: 6, lowercase: false } }, baseDir: '/text', timesteps: 6, features: 11, outputUnits: 11,
    outputActivation: 'softmax', loss: 'sparse_categorical_crossentropy', task: 'classification', outputAt: 'every_step',
    hidden: { cell: 'lstm', units: [16] }, epochs: 3, batchSize: 8, optimizer: { fn: 'adam', args: { lr: 0.05 } },
    generate: { length: 20, temperature: 0.5, prime: 'the ' },
  }, fs);
  assert.equal(result.status, 'completed', result.reason);
  assert.ok(epochs[2].loss < epochs[0].loss);
  assert.equal(compareWithBaselines(start.baselines, end.scores)?.baseline.name, 'majority_class');
  assert.ok(end.scores!.accuracy! > 0.3, `accuracy over every step ${end.scores!.accuracy}`);
  assert.ok(epochs[2].metrics.accuracy > 0.3, `accuracy ${epochs[2].metrics.accuracy}`);
  assert.equal(end.sample!.length, 24);
});

for (const backend of ['cpu', 'wasm']) {
  test(`the output layer at every step has the stock Dense's gradients for its input, kernel and bias (${backend})`, async () => {
    await tf.setBackend(backend);
    try {
      const dense = layers.dense({ units: 3, activation: 'softmax', kernelInitializer: 'glorotUniform' });
      const x = seededUniform(5)([2, 4, 6], 1);
      dense.build([2, 4, 6]);
      const [kernel, bias] = dense.trainableWeights.map((w) => w.read() as tf.Variable);
      bias.assign(tf.tensor1d([0.1, -0.2, 0.3]));
      // A weighting of the outputs that differs by step and class, so every gradient is non-trivial.
      const weights = seededUniform(6)([2, 4, 3], 1);
      const objective = (run: (input: tf.Tensor) => tf.Tensor) => (input: tf.Tensor, k: tf.Tensor, b: tf.Tensor) => {
        void k; void b;
        return tf.sum(tf.mul(run(input), weights)) as tf.Scalar;
      };
      const ours = tf.grads(objective((input) => denseAtEveryStep(dense, input)!.output))([x, kernel, bias]);
      const stock = tf.grads(objective((input) => dense.apply(input) as tf.Tensor))([x, kernel, bias]);
      for (const [i, name] of ['input', 'kernel', 'bias'].entries()) assertClose(ours[i], stock[i], 1e-5, `gradient of the ${name}`);
    } finally {
      await tf.setBackend('cpu');
    }
  });
}
