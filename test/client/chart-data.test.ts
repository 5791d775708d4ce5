// The panel's data side (pure, no browser): accumulation, smoothing, series and alignment, CSV.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alignSeries, lossSeries, metricSeries } from '../../client/webview/chart-data';
import { epochsCsv } from '../../client/webview/csv';
import { RunData } from '../../client/webview/run-data';
import { debiasedEma } from '../../client/webview/smoothing';
import { syntheticRun } from '../webview/events';

const options = { xAxis: 'step' as const, yScale: 'linear' as const, smoothing: 0 };

function runOf(epochs: number, steps: number, label = 'run', scale = 1): RunData {
  const run = new RunData(label);
  run.addAll(syntheticRun({ epochs, stepsPerEpoch: steps, scale }));
  return run;
}

describe('debiased EMA (TensorBoard smoothing)', () => {
  it('starts at the first value instead of near zero, and follows a constant exactly', () => {
    assert.deepEqual(debiasedEma([5, 5, 5], 0.9).map((v) => Number(v?.toFixed(12))), [5, 5, 5]);
    const [first, second] = debiasedEma([2, 4], 0.5);
    assert.equal(first, 2);
    // last = 0.5·(0.5·2) + 0.5·4 = 2.5; debias 1 - 0.25 = 0.75 -> 3.333…
    assert.ok(Math.abs((second ?? 0) - 10 / 3) < 1e-12);
  });
  it('passes gaps and non-finite values through, and weight 0 changes nothing', () => {
    assert.deepEqual(debiasedEma([1, null, NaN, 3], 0), [1, null, NaN, 3]);
    const smoothed = debiasedEma([1, null, 3], 0.5);
    assert.equal(smoothed[1], null);
  });
});

describe('chart series', () => {
  it('has one point per batch and per epoch, validation, baseline', () => {
    const run = runOf(3, 10);
    const series = lossSeries(run, [], options);
    assert.deepEqual(series.map((s) => [s.label, s.ys.length]), [['batch loss', 30], ['loss', 3], ['val_loss', 3], ['baseline', 2]]);
    assert.deepEqual(series[1].xs, [10, 20, 30]);
  });
  it('adds a smoothed batch curve only when smoothing is on', () => {
    const labels = lossSeries(runOf(2, 5), [], { ...options, smoothing: 0.6 }).map((s) => s.label);
    assert.ok(labels.includes('batch loss (smoothed)'));
  });
  it('puts batches at fractional epochs when x is the epoch', () => {
    const [batches, epochs] = lossSeries(runOf(2, 4), [], { ...options, xAxis: 'epoch' });
    assert.deepEqual(batches.xs, [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
    assert.deepEqual(epochs.xs, [1, 2]);
  });
  it('drops values a log axis cannot show', () => {
    const run = new RunData('r');
    run.addAll([{ type: 'batch', epoch: 1, batch: 1, step: 1, loss: 0, time: 0 }, { type: 'batch', epoch: 1, batch: 2, step: 2, loss: 0.5, time: 0 }]);
    assert.deepEqual(lossSeries(run, [], { ...options, yScale: 'log' })[0].ys, [null, 0.5]);
  });
  it('overlays previous runs per epoch, in loss and metric charts', () => {
    const overlay = runOf(5, 10, '14:00', 2);
    const loss = lossSeries(runOf(3, 10), [overlay], options).filter((s) => s.role.startsWith('overlay'));
    assert.deepEqual(loss.map((s) => [s.label, s.ys.length]), [['14:00: loss', 5], ['14:00: val_loss', 5]]);
    const metric = metricSeries(runOf(3, 10), [overlay], options);
    assert.deepEqual(metric.map((s) => s.label), ['mae', 'val_mae', '14:00: mae', '14:00: val_mae']);
  });
  it('aligns series with different x values on one sorted column, null where a series has no point', () => {
    const aligned = alignSeries([
      { label: 'a', role: 'train', xs: [1, 3], ys: [10, 30] },
      { label: 'b', role: 'validation', xs: [2, 3, 4], ys: [20, 31, 40] },
    ]);
    assert.deepEqual(aligned.x, [1, 2, 3, 4]);
    assert.deepEqual(aligned.ys, [[10, null, 30, null], [null, 20, 31, 40]]);
  });
  it('reuses the widest x column when every other series lies on it', () => {
    const aligned = alignSeries(lossSeries(runOf(4, 25), [], options).filter((s) => s.role !== 'baseline'));
    assert.equal(aligned.x.length, 100);
    assert.equal(aligned.ys[1].filter((v) => v !== null).length, 4);
  });
});

describe('CSV export', () => {
  it('writes one row per epoch with every metric', () => {
    const lines = epochsCsv(runOf(2, 5)).trim().split('\n');
    assert.equal(lines[0], 'epoch,step,loss,val_loss,mae,val_mae,seconds');
    assert.equal(lines.length, 3);
    assert.match(lines[2], /^2,10,/);
  });
});
