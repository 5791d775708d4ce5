// Core's insight report (core/src/shared/insight-report.ts), which `rnn inspect`
// and the editor's hints both read: the verdict around its two thresholds, the
// ratio of a backward direction, records out of order or repeated, and records
// a damaged file leaves behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { propertyParameters } from '../helpers/property-runs';
import {
  EXPLODING_RATIO, formatRatio, gradientAdvice, gradientVerdict, insightReport, lastGradient, layerName, VANISHING_RATIO, type InsightLayer,
  type InsightRecord,
} from '../../core/src/shared';
import { gateSaturationFormula, geometricNorms, insightRecords, LSTM_GATES } from '../helpers/saved-insight';

const STEPS = 50;

test('the verdict turns at the two thresholds, and is unknown when the norms gave no number', () => {
  assert.equal(gradientVerdict(VANISHING_RATIO / 2), 'vanishing');
  assert.equal(gradientVerdict(VANISHING_RATIO * 2), 'healthy');
  assert.equal(gradientVerdict(EXPLODING_RATIO / 2), 'healthy');
  assert.equal(gradientVerdict(EXPLODING_RATIO * 2), 'exploding');
  assert.equal(gradientVerdict(0), 'vanishing', 'the first step underflowed');
  assert.equal(gradientVerdict(Infinity), 'exploding', 'the last step underflowed');
  assert.equal(gradientVerdict(Number.NaN), 'unknown');
});

test('per layer and direction: every epoch\'s norms, the ratio from the first processed step, and the verdicts', () => {
  const forward: InsightLayer = { layer: 0, direction: 'forward', cell: 'lstm', units: 2, gates: LSTM_GATES };
  const backward: InsightLayer = { ...forward, direction: 'backward' };
  // Forward decays going back in time; the backward direction grows by 1.2 a step going back (from index 0 towards T-1).
  const rate = (epoch: number, layer: InsightLayer) => (layer.direction === 'forward' ? 0.8 + 0.05 * epoch : 1.2);
  const report = insightReport(insightRecords({ layers: [backward, forward], steps: STEPS, epochs: 2, rate, saturation: gateSaturationFormula }));
  assert.deepEqual(report.layers.map((l) => l.direction), ['forward', 'backward'], 'forward first');
  const [f, b] = report.layers;
  assert.equal(report.steps, STEPS);
  assert.deepEqual(f.epochs, [0, 1, 2]);
  f.epochs.forEach((epoch, i) => {
    assert.deepEqual(f.gradientNormByTimestep[i], geometricNorms(rate(epoch, forward), STEPS));
    assert.ok(Math.abs(f.ratios[i] / rate(epoch, forward) ** (STEPS - 1) - 1) < 1e-9);
  });
  // 0.8^49 ≈ 1.8e-5 and 0.85^49 ≈ 3.5e-4 fall below 1e-3; 0.9^49 ≈ 5.7e-3 does not.
  assert.deepEqual(f.verdicts, ['vanishing', 'vanishing', 'healthy']);
  // Backward, the first processed step is index T-1: 1.2^49 ≈ 7.5e3 above 1e3.
  assert.ok(Math.abs(b.ratios[0] / 1.2 ** (STEPS - 1) - 1) < 1e-9);
  assert.deepEqual(b.verdicts, ['exploding', 'exploding', 'exploding']);
  assert.deepEqual(b.saturation.at(-1), { epoch: 2, gates: LSTM_GATES.map((gate, i) => ({ gate, ...gateSaturationFormula(2, gate, i) })) });
});

test('records out of order or repeated: epochs ascend and the later record of an epoch wins', () => {
  const layer: InsightLayer = { layer: 0, direction: 'forward', cell: 'rnn', units: 1, gates: [] };
  const gradients = (epoch: number, norms: number[]): InsightRecord => ({ kind: 'gradients', epoch, layer: 0, direction: 'forward', norms });
  const report = insightReport([
    { kind: 'probe', layers: [layer], steps: 3, batchSize: 1, sample: 0, input: [] },
    gradients(2, [1, 1, 1]), gradients(0, [1e-9, 1e-3, 1]), gradients(2, [5, 1, 1]),
  ]);
  assert.deepEqual(report.layers[0].epochs, [0, 2]);
  assert.deepEqual(report.layers[0].ratios, [1e-9, 5]);
  assert.deepEqual(lastGradient(report.layers[0]), { epoch: 2, ratio: 5, verdict: 'healthy', steps: 3 });
});

test('what a damaged file leaves behind is left out, never thrown: a lost probe, wrong fields, an overflowed norm', () => {
  const records = [
    { kind: 'probe', layers: null },
    { kind: 'gradients', epoch: 1, layer: 0, direction: 'forward', norms: 'oops' },
    { kind: 'gradients', epoch: '2', layer: 0, norms: [1, 2] },
    { kind: 'gradients', epoch: 3, layer: 0, direction: 'forward', norms: [null, 1] },
    { kind: 'saturation', epoch: 3, layer: 0, direction: 'forward', gates: [null, { gate: 'input', low: 0.5, high: 0.25 }, { gate: 'forget' }] },
  ] as unknown as InsightRecord[];
  const report = insightReport(records);
  assert.equal(report.steps, undefined);
  assert.equal(report.layers.length, 1);
  const [layer] = report.layers;
  assert.equal(layer.cell, undefined);
  assert.deepEqual(layer.epochs, [3]);
  assert.deepEqual(layer.verdicts, ['unknown'], 'JSON writes an overflowed norm as null');
  assert.deepEqual(layer.gates, ['input'], 'without a probe, the gates the saturation names');
  assert.deepEqual(layer.saturation, [{ epoch: 3, gates: [{ gate: 'input', low: 0.5, high: 0.25 }] }]);
});

test('ratios read as people read them', () => {
  assert.equal(formatRatio(2.34e-6), '2.3e-6');
  assert.equal(formatRatio(0.372), '0.37');
  assert.equal(formatRatio(12527), '1.3e+4');
  assert.equal(formatRatio(Infinity), '∞');
  assert.equal(formatRatio(Number.NaN), '?');
});

test('property: records of any shape give a report whose parts line up, never a throw', () => {
  const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof(arbitrary, fc.anything());
  const direction = maybe(fc.constantFrom('forward', 'backward'));
  const layerInfo = fc.record({ layer: maybe(fc.nat(2)), direction, cell: maybe(fc.constantFrom('rnn', 'gru', 'lstm')), units: maybe(fc.nat(8)), gates: maybe(fc.array(maybe(fc.string()))) });
  const record = fc.record({
    kind: fc.constantFrom('probe', 'gradients', 'trace', 'saturation', 'histograms'),
    epoch: maybe(fc.nat(4)), layer: maybe(fc.nat(2)), direction, steps: maybe(fc.nat(5)),
    norms: maybe(fc.array(fc.oneof(fc.double(), fc.constant(null)), { minLength: 1, maxLength: 5 })),
    gates: maybe(fc.array(maybe(fc.record({ gate: fc.string(), low: fc.double(), high: fc.double() })))),
    layers: maybe(fc.array(maybe(layerInfo))),
  }, { requiredKeys: ['kind'] });
  fc.assert(fc.property(fc.array(record, { maxLength: 12 }), (records) => {
    const report = insightReport(records as unknown as InsightRecord[]);
    for (const layer of report.layers) {
      assert.equal(layer.ratios.length, layer.epochs.length);
      assert.equal(layer.verdicts.length, layer.epochs.length);
      assert.equal(layer.gradientNormByTimestep.length, layer.epochs.length);
      assert.deepEqual([...layer.epochs].sort((a, b) => a - b), layer.epochs);
      assert.ok(layer.gates.every((gate) => typeof gate === 'string'));
      assert.ok(layer.cell === undefined || ['rnn', 'gru', 'lstm'].includes(layer.cell));
      const end = lastGradient(layer);
      if (end) void [formatRatio(end.ratio), gradientAdvice(end.verdict, layer.cell), layerName(layer)];
    }
  }), propertyParameters(300));
});
