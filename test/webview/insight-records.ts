// Synthetic insight records (core/src/shared/insight.ts) for feeding the
// panel's insight views: the engine of this branch does not record them yet,
// and a test needs values it knows. The norms vanish toward the first step
// and recover over the epochs; gates and states are smooth waves per unit.
import { encodeFloat32, type InsightLayer, type InsightRecord, type TrainEvent } from '../../core/src/shared';

export interface SyntheticInsight {
  steps: number;
  units: number;
  /** Epochs after initialisation: records are made for 0..epochs. */
  epochs: number;
  cell?: 'lstm' | 'gru' | 'rnn';
  /** Text probes: one token per step. */
  tokens?: string[];
  /** Epochs whose trace is left out (thinned), as the recorder may do. */
  untraced?: number[];
  /** A bidirectional layer: records for a backward direction too. */
  bidirectional?: boolean;
}

const GATES = { lstm: ['input', 'forget', 'cell', 'output'], gru: ['update', 'reset', 'candidate'], rnn: [] as string[] };

export function gradientNorms(steps: number, epoch: number): number[] {
  // Vanishing toward the first step at initialisation, less so as training goes on; step 0 underflows at epoch 0.
  return Array.from({ length: steps }, (_, t) => (epoch === 0 && t === 0 ? 0 : 10 ** (-(steps - 1 - t) * (0.3 / (1 + epoch)))) * (1 + 0.01 * epoch));
}

/** The value of series `s` of the trace of `epoch` at step t and unit u (gates in [0, 1], the rest signed). */
export function traceValue(cell: 'lstm' | 'gru' | 'rnn', s: number, epoch: number, t: number, u: number): number {
  const wave = Math.sin(0.21 * t + 0.7 * u + 0.3 * s + 0.1 * epoch);
  const gates = GATES[cell];
  const candidate = cell === 'lstm' ? gates.indexOf('cell') : gates.indexOf('candidate');
  return s < gates.length && s !== candidate ? 0.5 + 0.5 * wave : wave * (s === gates.length ? 1.5 : 1);
}

export function insightRecords(spec: SyntheticInsight): InsightRecord[] {
  const cell = spec.cell ?? 'lstm';
  const gates = GATES[cell];
  const directions = spec.bidirectional ? (['forward', 'backward'] as const) : (['forward'] as const);
  const layers: InsightLayer[] = directions.map((direction) => ({ layer: 0, direction, cell, units: spec.units, gates }));
  const seriesNames = [...gates, ...(cell === 'lstm' ? ['cell'] : []), 'hidden'];
  const records: InsightRecord[] = [{
    kind: 'probe', layers, steps: spec.steps, batchSize: 8, sample: 0,
    input: Array.from({ length: spec.steps }, (_, t) => [Math.sin(t / 5), t % 7 === 0 ? 1 : 0]),
    ...(spec.tokens ? { tokens: spec.tokens } : { features: ['value', 'marker'] }),
  }];
  for (let epoch = 0; epoch <= spec.epochs; epoch++) {
    for (const { direction } of layers) {
      const base = { epoch, layer: 0, direction };
      records.push({ kind: 'gradients', ...base, norms: gradientNorms(spec.steps, epoch) });
      if (!spec.untraced?.includes(epoch)) {
        records.push({
          kind: 'trace', ...base, steps: spec.steps, units: spec.units,
          series: seriesNames.map((name, s) => {
            const values = new Float32Array(spec.steps * spec.units);
            for (let t = 0; t < spec.steps; t++) for (let u = 0; u < spec.units; u++) values[t * spec.units + u] = traceValue(cell, s, epoch, t, u);
            return { name, data: encodeFloat32(values) };
          }),
        });
      }
      records.push({
        kind: 'saturation', ...base,
        gates: gates.map((gate, g) => ({ gate, low: Math.min(0.9, 0.05 * (g + 1) + 0.03 * epoch), high: Math.min(0.09, 0.02 * g + 0.01 * epoch) })),
      });
      records.push({
        kind: 'histograms', ...base,
        histograms: (['weights', 'gradients'] as const).flatMap((of) => (['input', 'recurrent', 'bias'] as const).flatMap((block) => gates.map((gate, g) => ({
          of, block, gate, min: -0.5 - 0.1 * epoch, max: 0.5 + 0.1 * epoch + g * 0.01,
          counts: Array.from({ length: 20 }, (_, i) => Math.round(100 * Math.exp(-(((i - 10) / (4 + epoch)) ** 2)) + g)),
        })))),
      });
    }
  }
  return records;
}

export function insightEvents(records: InsightRecord[], time = 1_700_000_000_000): TrainEvent[] {
  return records.map((record) => ({ type: 'insight', record, time }));
}
