import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectData, loadDataset, splitWindows, denormalize } from '../../core/src/engine/data';
import { boundaryGap } from '../../core/src/language/data-files/split';
import type { FileSystem } from '../../core/src/language/check/api';
import { makeSpec } from '../helpers/model-spec';

function memoryFs(files: Record<string, string>): FileSystem {
  return { exists: (p) => p in files, readText: (p) => files[p] };
}

const csvText = 'Month,Passengers,Note\n1949-01,112,a\n1949-02,118,b\n1949-03,132,c\n1949-04,129,d\n1949-05,121,e\n1949-06,135,f\n1949-07,148,g\n1949-08,148,h\n1949-09,136,i\n1949-10,119,j\n';

test('sine: seeded, amplitude and period as asked, windows predict the next point', () => {
  const spec = makeSpec({ data: { fn: 'sine', args: { samples: 100, period: 20, amplitude: 2, noise: 0 } }, timesteps: 5, validationSplit: 0 });
  const data = loadDataset(spec, 1, memoryFs({}));
  assert.equal(data.train.size, 95);
  const batch = data.train.batch([0, 3]);
  assert.equal(batch.x.length, 2 * 5);
  assert.ok(Math.abs(batch.x[1] - 2 * Math.sin((2 * Math.PI) / 20)) < 1e-6);
  assert.ok(Math.abs(batch.y[0] - 2 * Math.sin((2 * Math.PI * 5) / 20)) < 1e-6);
  assert.ok(Math.abs(batch.y[1] - 2 * Math.sin((2 * Math.PI * 8) / 20)) < 1e-6);

  const noisy = (seed: number) =>
    loadDataset(makeSpec({ data: { fn: 'sine', args: { samples: 50, period: 20, amplitude: 1, noise: 0.1 } }, timesteps: 5 }), seed, memoryFs({})).train.batch([0]).x;
  assert.deepEqual(noisy(3), noisy(3));
  assert.notDeepEqual(noisy(3), noisy(4));
});

test('adding: one marker in each half, target is the sum of the marked values', () => {
  const spec = makeSpec({ data: { fn: 'adding', args: { samples: 40, timesteps: 10 } }, timesteps: 10, features: 2, validationSplit: 0.25 });
  const data = loadDataset(spec, 7, memoryFs({}));
  assert.deepEqual(data.split, { train: 30, validation: 10, gap: 0 });
  const batch = data.train.batch(Array.from({ length: 30 }, (_, i) => i));
  for (let s = 0; s < 30; s++) {
    const marks: number[] = [];
    let sum = 0;
    for (let t = 0; t < 10; t++) {
      const value = batch.x[(s * 10 + t) * 2];
      assert.ok(value >= 0 && value < 1);
      if (batch.x[(s * 10 + t) * 2 + 1] === 1) {
        marks.push(t);
        sum += value;
      }
    }
    assert.equal(marks.length, 2);
    assert.ok(marks[0] < 5 && marks[1] >= 5);
    assert.ok(Math.abs(batch.y[s] - sum) < 1e-6);
  }
});

test('split: validation is last, and its inputs never contain a training target', () => {
  for (const [timesteps, stride] of [[10, 1], [10, 10], [10, 3], [4, 7]]) {
    const split = splitWindows(100, 0.2, boundaryGap(timesteps, stride));
    assert.equal(split.validation, 20);
    assert.equal(split.train + split.gap + split.validation, 100);
    const lastTrainingTarget = (split.train - 1) * stride + timesteps;
    const firstValidationInput = (split.train + split.gap) * stride;
    assert.ok(firstValidationInput > lastTrainingTarget, `timesteps ${timesteps}, stride ${stride}`);
    // and no window more than needed is dropped
    assert.ok((split.train + split.gap - 1) * stride <= lastTrainingTarget);
  }
  assert.deepEqual(splitWindows(100, 0, 10), { train: 100, validation: 0, gap: 0 });
  assert.equal(splitWindows(5, 0.5, 10).train, 0);
});

test('csv: chosen column, minmax statistics from the training part only, de-normalisable', () => {
  const fs = memoryFs({ '/d/air.csv': csvText });
  const spec = makeSpec({
    data: { fn: 'csv', args: { path: 'air.csv', column: 'Passengers', normalize: 'minmax', stream: 'auto' } },
    timesteps: 2,
    validationSplit: 0.25,
    baseDir: '/d',
  });
  const data = loadDataset(spec, 1, fs);
  // 10 rows, 8 windows: 2 validation, 2 dropped at the boundary, 4 training (rows 0..5).
  assert.deepEqual(data.split, { train: 4, validation: 2, gap: 2 });
  assert.deepEqual(data.normalization, { method: 'minmax', columns: ['Passengers'], offset: [112], scale: [135 - 112] });
  const val = data.validation.batch([0, 1]);
  assert.ok(Math.abs(denormalize(val.y[0], data.normalization, 0) - 136) < 1e-3);
  assert.ok(Math.abs(denormalize(val.y[1], data.normalization, 0) - 119) < 1e-3);
  assert.ok(Math.abs(val.x[0] - (148 - 112) / 23) < 1e-6);
});

test('horizon: each window forecasts the next rows, and the gap keeps every training target out of validation inputs', () => {
  const fs = memoryFs({ '/d/air.csv': csvText });
  const spec = makeSpec({
    data: { fn: 'csv', args: { path: 'air.csv', column: 'Passengers', normalize: 'minmax', season: 4, stream: 'auto' } },
    timesteps: 2,
    horizon: 3,
    validationSplit: 0.25,
    baseDir: '/d',
  });
  const data = loadDataset(spec, 1, fs);
  // By hand: 10 rows, windows of 2 inputs + 3 targets: 6 windows. 1 validation window (floor(6 × 0.25));
  // the last training window's targets end 2 + 3 - 1 = 4 rows after its start, so 4 windows are dropped; 1 trains.
  assert.deepEqual(data.split, { train: 1, validation: 1, gap: 4 });
  assert.equal(data.horizon, 3);
  // Window 0 reads rows 0-1 and forecasts rows 2-4, the last rows training sees: the scaling comes from rows 0-4.
  assert.deepEqual(data.normalization, { method: 'minmax', columns: ['Passengers'], offset: [112], scale: [132 - 112] });
  const units = (values: Float32Array) => [...values].map((v) => Math.round(denormalize(v, data.normalization, 0)));
  const train = data.train.batch([0]);
  assert.deepEqual(units(train.x), [112, 118]);
  assert.deepEqual(units(train.y), [132, 129, 121]);
  // Window 5 reads rows 5-6 (after row 4, the last training target) and forecasts rows 7-9.
  const validation = data.validation.batch([0]);
  assert.deepEqual(units(validation.x), [135, 148]);
  assert.deepEqual(units(validation.y), [148, 136, 119]);
  assert.deepEqual({ width: data.series?.width, season: data.series?.season, validationStart: data.series?.validationStart }, { width: 1, season: 4, validationStart: 5 });
  // The checker's facts count the same windows and split.
  const facts = inspectData(spec.data, 2, '/d', fs);
  assert.ok(facts.ok);
  assert.equal(facts.facts.windows(2, 3), 6);
  assert.deepEqual(facts.facts.split(2, 0.25, 3), data.split);
});

test('horizon: a stride-1 boundary gap grows by horizon - 1', () => {
  assert.equal(boundaryGap(12, 1), 12);
  assert.equal(boundaryGap(12, 1, 12), 23);
  // stride 5, 10 inputs + 3 targets: the last training window's targets reach 12 rows past its start, so 2 windows go.
  assert.equal(boundaryGap(10, 5, 3), 2);
});

test('csv: zscore uses the training mean and deviation', () => {
  const fs = memoryFs({ '/d/air.csv': csvText });
  const spec = makeSpec({ data: { fn: 'csv', args: { path: 'air.csv', columns: ['Passengers'], normalize: 'zscore', stream: 'auto' } }, timesteps: 2, validationSplit: 0.25, baseDir: '/d' });
  const norm = loadDataset(spec, 1, fs).normalization!;
  const rows = [112, 118, 132, 129, 121, 135];
  const mean = rows.reduce((a, b) => a + b) / rows.length;
  const std = Math.sqrt(rows.reduce((a, b) => a + (b - mean) ** 2, 0) / rows.length);
  assert.ok(Math.abs(norm.offset[0] - mean) < 1e-9);
  assert.ok(Math.abs(norm.scale[0] - std) < 1e-9);
});

test('csv errors name the argument, the column and the line', () => {
  const fs = memoryFs({ '/d/air.csv': csvText, '/d/bad.csv': 'a,b\n1,2\n3,x\n' });
  const csv = (args: Record<string, unknown>) => ({ fn: 'csv' as const, args: { normalize: 'none' as const, ...args } as never });
  const missing = inspectData(csv({ path: 'nope.csv', column: 'a' }), 5, '/d', fs);
  assert.equal(missing.ok, false);
  assert.equal(!missing.ok && missing.code, 'data-file-missing');
  assert.equal(!missing.ok && missing.arg, 'path');

  const noColumn = inspectData(csv({ path: 'air.csv', columns: ['Passengers', 'Pasengers'] }), 5, '/d', fs);
  assert.ok(!noColumn.ok && noColumn.code === 'data-column-missing' && noColumn.arg === 'columns' && noColumn.item === 1);
  assert.match(!noColumn.ok ? noColumn.message : '', /Pasengers/);

  const notNumber = inspectData(csv({ path: 'bad.csv', column: 'b' }), 1, '/d', fs);
  assert.ok(!notNumber.ok && notNumber.code === 'data-unreadable' && notNumber.arg === 'column');
  assert.match(!notNumber.ok ? notNumber.message : '', /line 3, column "b": "x" is not a number/);

  const textColumn = inspectData(csv({ path: 'air.csv', column: 'Note' }), 1, '/d', fs);
  assert.ok(!textColumn.ok && textColumn.code === 'data-unreadable');

  const ok = inspectData(csv({ path: 'air.csv', column: 'Passengers' }), 3, '/d', fs);
  assert.ok(ok.ok);
  assert.equal(ok.ok && ok.facts.windows(3), 7);
  assert.equal(ok.ok && ok.facts.features, 1);
  assert.equal(ok.ok && ok.facts.task, 'regression');
});

test('text: sorted vocabulary, one-hot inputs built per batch, sparse next-char targets', () => {
  const fs = memoryFs({ '/t/x.txt': 'abcabcab' });
  const facts = inspectData({ fn: 'text', args: { path: 'x.txt', level: 'char', lowercase: false, stride: 1 } }, 3, '/t', fs);
  assert.ok(facts.ok);
  assert.deepEqual(facts.ok && facts.facts.vocabulary, ['a', 'b', 'c']);
  assert.equal(facts.ok && facts.facts.task, 'classification');
  assert.equal(facts.ok && facts.facts.windows(3), 5);

  const spec = makeSpec({ data: { fn: 'text', args: { path: 'x.txt', level: 'char', lowercase: false, stride: 1 } }, timesteps: 3, validationSplit: 0, baseDir: '/t' });
  const data = loadDataset(spec, 1, fs);
  assert.equal(data.targets, 'sparse');
  const batch = data.train.batch([1]);
  // "bca" -> "b"
  assert.deepEqual(Array.from(batch.x), [0, 1, 0, 0, 0, 1, 1, 0, 0]);
  assert.deepEqual(Array.from(batch.y), [1]);

  // stride 3: windows "abc"->a, "abc"->a (starts 0 and 3); "ab" at 6 has no target after it.
  const strided = loadDataset(makeSpec({ data: { fn: 'text', args: { path: 'x.txt', level: 'char', lowercase: false, stride: 3 } }, timesteps: 3, validationSplit: 0, baseDir: '/t' }), 1, fs);
  assert.equal(strided.train.size, 2);
  assert.deepEqual(Array.from(strided.train.batch([1]).y), [0]);
});

test('facts agree with the loaded data', () => {
  const fs = memoryFs({ '/d/air.csv': csvText });
  const spec = makeSpec({ data: { fn: 'csv', args: { path: 'air.csv', columns: ['Month', 'Passengers'], normalize: 'none', stream: 'auto' } }, timesteps: 2, baseDir: '/d' });
  const result = inspectData(spec.data, 2, '/d', fs);
  assert.ok(!result.ok && result.code === 'data-unreadable' && result.item === 0);

  const good = makeSpec({ data: { fn: 'sine', args: { samples: 300, period: 40, amplitude: 1, noise: 0 } }, timesteps: 20, validationSplit: 0.2 });
  const facts = inspectData(good.data, 20, '/', fs);
  assert.ok(facts.ok);
  const loaded = loadDataset(good, 1, fs);
  assert.deepEqual(facts.ok && facts.facts.split(20, 0.2), loaded.split);
  assert.equal(loaded.train.size + loaded.validation.size + loaded.split.gap, facts.ok ? facts.facts.windows(20) : -1);
});
