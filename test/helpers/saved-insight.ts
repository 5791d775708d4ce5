// Insight records (core/src/shared/insight.ts) written into a saved run's
// insight.jsonl through the run store's writer, as the recording callback
// would leave them, for the tests of `rnn inspect` and the editor's hints.
// The figures follow formulas the tests state, never copied constants:
// the gradient decays (or grows) geometrically going back in time, so
// ||dL/dh_t|| = rate(epoch)^(T-1-t) and the first-to-last ratio is rate^(T-1).
import { RunFolderWriter } from '../../core/src/run-store';
import { encodeFloat32, type InsightLayer, type InsightRecord } from '../../core/src/shared';

export interface InsightFixture {
  layers: InsightLayer[];
  /** Time steps T. */
  steps: number;
  /** Epochs after the one at initialisation: records for epochs 0..epochs. */
  epochs: number;
  /** Per-step factor of the gradient going back in time, at an epoch of a layer. */
  rate: (epoch: number, layer: InsightLayer) => number;
  /** Fractions of a gate's activations below 0.1 and above 0.9 at an epoch. */
  saturation: (epoch: number, gate: string, gateIndex: number) => { low: number; high: number };
}

/** ||dL/dh_t|| for t = 0..T-1 with the last step's norm 1 (the backward direction's first step, index 0, is its last processed). */
export function geometricNorms(rate: number, steps: number, direction: InsightLayer['direction'] = 'forward'): number[] {
  return Array.from({ length: steps }, (_, t) => rate ** (direction === 'forward' ? steps - 1 - t : t));
}

/** Every record of a run in the order the recording writes them: the probe, then per epoch and layer gradients, trace, saturation, histograms. */
export function insightRecords(fixture: InsightFixture): InsightRecord[] {
  const { layers, steps } = fixture;
  const records: InsightRecord[] = [{
    kind: 'probe', layers, steps, batchSize: 4, sample: 0, input: Array.from({ length: steps }, (_, t) => [t / steps, t % 2]),
  }];
  for (let epoch = 0; epoch <= fixture.epochs; epoch++) {
    for (const layer of layers) {
      const at = { epoch, layer: layer.layer, direction: layer.direction };
      records.push({ kind: 'gradients', ...at, norms: geometricNorms(fixture.rate(epoch, layer), steps, layer.direction) });
      const series = [...layer.gates, 'hidden'].map((name, i) => ({
        name, data: encodeFloat32(Float32Array.from({ length: steps * layer.units }, (_, k) => Math.sin(k + i + epoch))),
      }));
      records.push({ kind: 'trace', ...at, steps, units: layer.units, series });
      records.push({ kind: 'saturation', ...at, gates: layer.gates.map((gate, i) => ({ gate, ...fixture.saturation(epoch, gate, i) })) });
      records.push({ kind: 'histograms', ...at, histograms: [{ of: 'weights', block: 'recurrent', gate: layer.gates[0] ?? 'hidden', min: -1, max: 1, counts: [1, 2, 1] }] });
    }
  }
  return records;
}

/** Appends the fixture's records to the run's insight.jsonl; the records written. */
export function saveInsight(runDir: string, fixture: InsightFixture): InsightRecord[] {
  const writer = new RunFolderWriter(runDir);
  const records = insightRecords(fixture);
  for (const record of records) writer.appendInsight(record);
  return records;
}

export const LSTM_GATES = ['input', 'forget', 'cell', 'output'];

/** A gate's saturation that changes with the epoch and differs per gate: low = (i+1)/10 · e/(e+1), high = (i+1)/20. */
export const gateSaturationFormula = (epoch: number, _gate: string, i: number) => ({ low: ((i + 1) / 10) * (epoch / (epoch + 1)), high: (i + 1) / 20 });
