// What a run ends with for the panel: the forecast of a horizon model, the
// confusion matrix of a classification, each scored like its baselines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train } from '../../core/src/engine/train';
import { readEvents } from '../../core/src/engine';
import type { EndEvent, StartEvent, TrainEvent } from '../../core/src/shared/protocol';
import { makeSpec, type SpecOptions } from '../helpers/model-spec';

const runsDir = mkdtempSync(join(tmpdir(), 'rnn-outcomes-test-'));

async function run(spec: SpecOptions) {
  const events: TrainEvent[] = [];
  const result = await train(makeSpec(spec), { runsDir, backend: 'cpu', onEvent: (e) => events.push(e) });
  const start = events.find((e): e is StartEvent => e.type === 'start')!;
  const end = events.find((e): e is EndEvent => e.type === 'end')!;
  return { result, start, end };
}

test('a horizon model forecasts its validation windows and the rows after the series, and the run replays them', async () => {
  const { result, start, end } = await run({
    data: { fn: 'sine', args: { samples: 120, period: 12, amplitude: 1, noise: 0.05 } },
    timesteps: 12, horizon: 6, hidden: { cell: 'gru', units: [8] }, epochs: 2, batchSize: 16, validationSplit: 0.2,
  });
  assert.equal(result.status, 'completed');
  // 120 rows, 12 inputs + 6 targets: 103 windows, 20 validate, 17 dropped between the parts.
  assert.equal(start.validationSamples, 20);
  assert.deepEqual(start.layers.at(-1)!.outputShape, [null, 6]);
  const forecast = end.forecast!;
  assert.equal(forecast.horizon, 6);
  assert.equal(forecast.season, 12);
  assert.equal(forecast.series.values.length, 120);
  assert.equal(forecast.future.length, 6);
  assert.equal(forecast.windows.length, 20);
  // The first validation window starts after 66 training windows and 17 dropped: it forecasts rows 95-100.
  assert.equal(forecast.windows[0].origin, 66 + 17 + 12);
  assert.equal(forecast.validationStart, 95);
  assert.ok(forecast.windows.every((w) => w.predicted.length === 6 && w.predicted.every(Number.isFinite)));
  assert.ok(end.scores!.rmse! > 0 && Number.isFinite(end.scores!.rmse));
  // The run folder holds the same end event (a saved run replays into the panel like a live one).
  const saved = readEvents(result.runDir).find((e): e is EndEvent => e.type === 'end')!;
  assert.deepEqual(saved.forecast, forecast);
});

test('a classification run ends with its confusion matrix over the validation windows, classes named by the vocabulary', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-outcomes-text-'));
  writeFileSync(join(dir, 'text.txt'), 'abcab cabca bcabc '.repeat(30));
  const { start, end } = await run({
    data: { fn: 'text', args: { path: 'text.txt', level: 'char', stride: 4, lowercase: false } }, baseDir: dir, task: 'classification',
    timesteps: 4, features: 4, outputUnits: 4, outputActivation: 'softmax', loss: 'sparse_categorical_crossentropy',
    hidden: { cell: 'lstm', units: [8] }, epochs: 2, batchSize: 16,
  });
  const { classes, confusion } = end.classification!;
  assert.deepEqual(classes, [' ', 'a', 'b', 'c']);
  assert.equal(confusion.flat().reduce((a, b) => a + b, 0), start.validationSamples);
  const diagonal = confusion.reduce((n, row, c) => n + row[c], 0);
  assert.ok(Math.abs(end.scores!.accuracy! - diagonal / start.validationSamples) < 1e-6, 'the accuracy is the diagonal\'s share');
  assert.equal(start.baselines?.[0].name, 'majority_class');
  assert.equal(end.predictions, undefined);
  assert.equal(end.forecast, undefined);
});

test('a multivariate series forecasts every column: the first in the fields older runs have, the others beside it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-outcomes-csv-'));
  // Two columns on different scales, so a column drawn in the other's units would show.
  const rows = Array.from({ length: 60 }, (_, i) => `${i},${Math.sin(i / 3).toFixed(4)},${(100 + 10 * Math.cos(i / 4)).toFixed(3)}`);
  writeFileSync(join(dir, 'two.csv'), `t,a,b\n${rows.join('\n')}\n`);
  const { result, end } = await run({
    data: { fn: 'csv', args: { path: 'two.csv', columns: ['a', 'b'], normalize: 'minmax', stream: 'auto' } }, baseDir: dir, features: 2, outputUnits: 2,
    timesteps: 6, hidden: { cell: 'gru', units: [4] }, epochs: 1, batchSize: 16, validationSplit: 0.25,
  });
  assert.equal(result.status, 'completed', result.reason);
  const forecast = end.forecast!;
  assert.equal(forecast.column, 'a');
  assert.equal(forecast.otherColumns?.length, 1);
  const [b] = forecast.otherColumns!;
  assert.equal(b.column, 'b');
  // In the data's units: column b's values are the file's, row for row.
  assert.equal(b.values.length, forecast.series.values.length);
  assert.ok(Math.abs(b.values[7] - (100 + 10 * Math.cos(7 / 4))) < 1e-3, `row 7 of b: ${b.values[7]}`);
  assert.ok(Math.abs(forecast.series.values[7] - Math.sin(7 / 3)) < 1e-3);
  assert.equal(b.windows.length, forecast.windows.length);
  assert.ok(b.windows.every((w) => w.length === 1 && w[0] > 50), 'b\'s forecasts are near its own scale');
  assert.equal(b.future.length, 1);
});
