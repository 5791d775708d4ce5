// The baselines a run must beat and the scores it is compared with, against hand computations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core alone does not add the chained tensor methods that tfjs-layers calls.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadDataset } from '../../core/src/engine/data';
import { measureBaselines } from '../../core/src/engine/train/baselines';
import { stepPredictionsOf, validationPredictions } from '../../core/src/engine/train/callbacks/predictions';
import type { FileSystem } from '../../core/src/language/check/api';
import {
  classScores, compareWithBaselines, confusionMatrix, describeComparison, overallAccuracy, persistenceForecast, seasonalNaiveForecast,
} from '../../core/src/shared';
import { makeSpec } from '../helpers/model-spec';

test.before(async () => {
  await tf.setBackend('cpu');
});

const memoryFs = (files: Record<string, string>): FileSystem => ({ exists: (p) => p in files, readText: (p) => files[p] });
const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-4, `${what}: ${actual} against ${expected}`);

test('persistence repeats the last value; seasonal naive takes the value one season back, repeating the last season seen', () => {
  const series = [10, 20, 30, 40, 50, 60, 70];
  assert.deepEqual(persistenceForecast(series, 5, 3), [50, 50, 50]);
  // Season 3, origin 5: rows 5, 6, 7 come from rows 2, 3, 4; row 8's value one season back (row 5) is not seen yet: two seasons back, row 2.
  assert.deepEqual(seasonalNaiveForecast(series, 5, 4, 3), [30, 40, 50, 30]);
  assert.equal(seasonalNaiveForecast(series, 2, 1, 3), undefined, 'the series does not reach one season back');
});

// Ten rows; a season of 4.
const ROWS = [112, 118, 132, 129, 121, 135, 148, 148, 136, 119];
const CSV = `Month,Passengers\n${ROWS.map((v, i) => `m${i},${v}`).join('\n')}\n`;

test('series baselines: persistence and seasonal naive over every validation forecast row, in the run\'s loss and in the data\'s units', () => {
  const spec = makeSpec({
    data: { fn: 'csv', args: { path: 'air.csv', column: 'Passengers', normalize: 'minmax', season: 4, stream: 'auto' } },
    timesteps: 2, horizon: 2, validationSplit: 0.4, baseDir: '/d',
  });
  const data = loadDataset(spec, 1, memoryFs({ '/d/air.csv': CSV }));
  // 7 windows (2 inputs + 2 targets); 2 validate (floor(7 × 0.4)), 3 dropped, 2 train: validation windows 5 and 6
  // read rows 5-6 and 6-7 and forecast rows 7-8 and 8-9.
  assert.deepEqual(data.split, { train: 2, validation: 2, gap: 3 });
  const scale = 132 - 112; // minmax over rows 0-4, the rows training sees
  const persistence = [[148 - 148, 148 - 136], [148 - 136, 148 - 119]]; // last input rows 6 and 7
  const seasonal = [[ROWS[3] - 148, ROWS[4] - 136], [ROWS[4] - 136, ROWS[5] - 119]]; // rows 7-4, 8-4, 9-4
  const mse = (errors: number[][]) => errors.flat().reduce((s, e) => s + e * e, 0) / 4;
  const [best, other] = measureBaselines(data, 'mse');
  const byName = Object.fromEntries([best, other].map((b) => [b.name, b]));
  close(byName.persistence.rmse!, Math.sqrt(mse(persistence)), 'persistence RMSE');
  close(byName.seasonal_naive.rmse!, Math.sqrt(mse(seasonal)), 'seasonal-naive RMSE');
  close(byName.persistence.loss, mse(persistence) / scale ** 2, 'persistence loss (normalised mse)');
  close(byName.seasonal_naive.loss, mse(seasonal) / scale ** 2, 'seasonal-naive loss');
  assert.equal(byName.seasonal_naive.season, 4);
  assert.ok(best.loss <= other.loss, 'best first');
});

test('a series without a season has persistence only; the adding problem has the training mean', () => {
  const sine = loadDataset(makeSpec({ data: { fn: 'sine', args: { samples: 100, period: 12.5, amplitude: 1, noise: 0 } }, timesteps: 5 }), 1, memoryFs({}));
  assert.deepEqual(measureBaselines(sine, 'mse').map((b) => b.name), ['persistence']);

  const adding = loadDataset(makeSpec({ data: { fn: 'adding', args: { samples: 50, timesteps: 6 } }, timesteps: 6, features: 2, validationSplit: 0.2 }), 3, memoryFs({}));
  const targets = (source: typeof adding.train) => [...source.batch(Array.from({ length: source.size }, (_, i) => i)).y];
  const train = targets(adding.train);
  const mean = train.reduce((a, b) => a + b) / train.length;
  const validation = targets(adding.validation);
  const expected = validation.reduce((s, y) => s + (y - mean) ** 2, 0) / validation.length;
  const [baseline] = measureBaselines(adding, 'mse');
  assert.equal(baseline.name, 'mean');
  close(baseline.loss, expected, 'mean predictor MSE');
  close(baseline.rmse!, Math.sqrt(expected), 'its RMSE');
});

test('classification: the majority class\'s accuracy and the class frequencies\' cross-entropy', () => {
  // One character per window, every 2: the targets are the odd characters, b, b, a, b, b, a, ... (30 windows).
  const text = 'ababaa'.repeat(10);
  const spec = makeSpec({
    data: { fn: 'text', args: { path: 't.txt', level: 'char', stride: 2, lowercase: false } }, timesteps: 1, validationSplit: 0.25, baseDir: '/d',
    outputActivation: 'softmax', loss: 'sparse_categorical_crossentropy', task: 'classification',
  });
  const data = loadDataset(spec, 1, memoryFs({ '/d/t.txt': text }));
  const targets = (source: typeof data.train) => [...source.batch(Array.from({ length: source.size }, (_, i) => i)).y];
  const train = targets(data.train);
  const validation = targets(data.validation);
  // The vocabulary is sorted: a is class 0, b class 1.
  const frequency = [0, 1].map((c) => train.filter((y) => y === c).length / train.length);
  const majority = frequency[0] > frequency[1] ? 0 : 1;
  // 23 training windows (15 b, 8 a), 7 validation windows (4 b, 3 a): the majority class is right 4 times in 7.
  assert.deepEqual([train.length, validation.length, majority], [23, 7, 1]);
  const [baseline] = measureBaselines(data, 'sparse_categorical_crossentropy');
  assert.equal(baseline.name, 'majority_class');
  close(baseline.accuracy!, 4 / 7, 'accuracy');
  close(baseline.loss, -validation.reduce((s, y) => s + Math.log(frequency[y]), 0) / validation.length, 'cross-entropy of the frequencies');
});

test('confusion matrix, per-class accuracy and F1 by hand', () => {
  // 3 classes; truth then prediction.
  const truth = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
  const guess = [0, 0, 1, 2, 1, 1, 0, 2, 2, 2];
  const confusion = confusionMatrix(truth, guess, 3);
  assert.deepEqual(confusion, [[2, 1, 1], [1, 2, 0], [0, 0, 3]]);
  const scores = classScores(confusion);
  // class 0: recall 2/4, precision 2/3, F1 = 2·2 / (4 + 3)
  close(scores[0].accuracy, 0.5, 'class 0 accuracy');
  close(scores[0].f1, 4 / 7, 'class 0 F1');
  // class 1: recall 2/3, precision 2/3, F1 2/3
  close(scores[1].f1, 2 / 3, 'class 1 F1');
  // class 2: recall 1, precision 3/4, F1 = 6 / 7
  close(scores[2].accuracy, 1, 'class 2 accuracy');
  close(scores[2].f1, 6 / 7, 'class 2 F1');
  close(overallAccuracy(confusion), 7 / 10, 'accuracy');
  assert.ok(Number.isNaN(classScores([[0, 0], [0, 3]])[0].f1), 'a class never present nor predicted has no F1');
});

test('the comparison picks the best baseline by the task\'s measure and says by how much', () => {
  const baselines = [
    { name: 'seasonal_naive' as const, season: 12, loss: 0.02, rmse: 48.0 },
    { name: 'persistence' as const, loss: 0.03, rmse: 50.9 },
  ];
  const beaten = compareWithBaselines(baselines, { rmse: 39.4 })!;
  assert.equal(beaten.baseline.name, 'seasonal_naive');
  assert.equal(describeComparison(beaten), 'The model beats the seasonal-naive forecast (season 12) by 17.9%: validation RMSE 39.4 against 48.0');
  assert.equal(describeComparison(compareWithBaselines(baselines, { rmse: 49 })!),
    'The model does not beat the seasonal-naive forecast (season 12): validation RMSE 49.0 against 48.0');
  const classes = compareWithBaselines([{ name: 'majority_class', loss: 1, accuracy: 0.3 }], { accuracy: 0.62 })!;
  assert.equal(describeComparison(classes), 'The model beats the majority class by 32.0 points: validation accuracy 62.0% against 30.0%');
  assert.equal(compareWithBaselines(undefined, { rmse: 1 }), undefined);
});

test('per-step predictions of one window: the first output, or the class at each step', () => {
  // 3 steps × 2 outputs, dense.
  assert.deepEqual(stepPredictionsOf([1, 9, 2, 9, 3, 9], [1.5, 0, 2.5, 0, 3.5, 0], 3, 2, false), { target: [1, 2, 3], predicted: [1.5, 2.5, 3.5] });
  // 3 steps of 3 classes, sparse targets.
  assert.deepEqual(stepPredictionsOf([2, 0, 1], [0.1, 0.2, 0.7, 0.8, 0.1, 0.1, 0.3, 0.3, 0.4], 3, 3, true), { target: [2, 0, 1], predicted: [2, 0, 2] });
});

test('an every-step model (a synthetic one: a recurrent layer returning sequences into a time-distributed dense) ends with one window\'s per-step predictions', () => {
  const steps = 5;
  const model = tfl.sequential({ layers: [
    tfl.layers.simpleRNN({ units: 3, returnSequences: true, inputShape: [steps, 1], kernelInitializer: 'ones', recurrentInitializer: 'zeros' }),
    tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: 1, kernelInitializer: 'ones' }) }),
  ] });
  // Two windows, one target value per step (output { at: every_step }).
  const x = Float32Array.from({ length: 2 * steps }, (_, i) => (i % steps) / 10);
  const y = Float32Array.from({ length: 2 * steps }, (_, i) => i);
  const source = { size: 2, batch: (indices: ArrayLike<number>) => ({ size: indices.length, x: x.slice(0, indices.length * steps), y: y.slice(0, indices.length * steps) }) };
  const data = { task: 'regression', timesteps: steps, features: 1, outputs: 1, targets: 'dense', targetSteps: 'every_step', train: source, validation: source, split: { train: 2, validation: 2, gap: 0 } } as const;
  const outputs: Record<string, unknown> = {};
  validationPredictions.onTrainEnd!({ spec: makeSpec(), setup: { data, model }, outputs } as never, { status: 'completed' });
  const expected = tf.tidy(() => (model.predict(tf.tensor3d(x.slice(0, steps), [1, steps, 1])) as tf.Tensor).dataSync());
  assert.deepEqual(outputs.stepPredictions, { target: [0, 1, 2, 3, 4], predicted: [...expected] });
  // Both windows hold the same inputs, so the same predictions; the RMSE is over all ten steps.
  const squares = [...y].reduce((sum, target, i) => sum + (expected[i % steps] - target) ** 2, 0);
  close((outputs.scores as { rmse: number }).rmse, Math.sqrt(squares / 10), 'the model\'s RMSE over every step');
  model.dispose();
});

// A series growing by 1, 2, 3, ...: persistence's error at every step is the step's increment.
const GROWING = [1, 2, 4, 7, 11, 16, 22, 29, 37, 46];

test('an every-step series model\'s baselines: persistence (each step\'s input) and the training mean, over every step', () => {
  const csv = `t,v\n${GROWING.map((v, i) => `${i},${v}`).join('\n')}\n`;
  const spec = makeSpec({
    data: { fn: 'csv', args: { path: 's.csv', column: 'v', normalize: 'none', stream: 'auto' } }, timesteps: 2, outputAt: 'every_step', validationSplit: 0.4, baseDir: '/d',
  });
  const data = loadDataset(spec, 1, memoryFs({ '/d/s.csv': csv }));
  // 8 windows: 3 train (0-2), 2 dropped, 3 validate (5-7). Window i reads rows i, i+1 and targets rows i+1, i+2.
  assert.deepEqual(data.split, { train: 3, validation: 3, gap: 2 });
  // Persistence predicts rows 5-6, 6-7, 7-8 for rows 6-7, 7-8, 8-9: errors 6, 7 | 7, 8 | 8, 9.
  const persistence = (36 + 49 + 49 + 64 + 64 + 81) / 6;
  // The training windows' targets are rows 1-2, 2-3, 3-4: 2, 4, 4, 7, 7, 11, mean 35/6; the validation targets 22, 29, 29, 37, 37, 46.
  const mean = [22, 29, 29, 37, 37, 46].reduce((sum, v) => sum + (v - 35 / 6) ** 2, 0) / 6;
  const baselines = measureBaselines(data, 'mse');
  assert.deepEqual(baselines.map((b) => b.name), ['persistence', 'mean'], 'best first');
  close(baselines[0].loss, persistence, 'persistence loss');
  close(baselines[0].rmse!, Math.sqrt(persistence), 'persistence RMSE');
  close(baselines[1].loss, mean, 'mean loss');
  close(baselines[1].rmse!, Math.sqrt(mean), 'mean RMSE');
});

test('an every-step text model\'s baseline: the training frequencies of the characters at every step', () => {
  // Windows of 2 every 2: 'ab','ab','aa', ...; the targets at every step are the next two characters: b a | b a | a a | ...
  const text = 'ababaa'.repeat(4);
  const spec = makeSpec({
    data: { fn: 'text', args: { path: 't.txt', level: 'char', stride: 2, lowercase: false } }, timesteps: 2, validationSplit: 0.25, baseDir: '/d',
    outputActivation: 'softmax', loss: 'sparse_categorical_crossentropy', task: 'classification', outputAt: 'every_step',
  });
  const data = loadDataset(spec, 1, memoryFs({ '/d/t.txt': text }));
  // 11 windows (starts 0, 2, ..., 20): 8 train, 1 dropped, 2 validate.
  assert.deepEqual(data.split, { train: 8, validation: 2, gap: 1 });
  // Training targets: windows 0-7 at rows 1-2, 3-4, ..., 15-16 of 'ababaa…' (a is 0, b is 1): b a, b a, a a, b a, b a, a a, b a, b a.
  const frequency = [10 / 16, 6 / 16];
  // Validation windows 9 and 10 target characters 19-20 and 21-22: b a, b a.
  const validation = [1, 0, 1, 0];
  const [baseline] = measureBaselines(data, 'sparse_categorical_crossentropy');
  assert.equal(baseline.name, 'majority_class');
  close(baseline.accuracy!, 2 / 4, 'a is right at 2 of the 4 validation steps');
  close(baseline.loss, -validation.reduce((s, y) => s + Math.log(frequency[y]), 0) / 4, 'cross-entropy of the frequencies over every step');
});
