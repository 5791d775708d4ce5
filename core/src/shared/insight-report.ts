// What a run's insight records (insight.ts) say about each recurrent layer,
// computed once for every reader that judges them: `rnn inspect` prints it and
// the language server turns it into hints on the `cell:` line and a hover on
// `gates`. The verdict's thresholds live here alone, so the CLI and the editor
// can never disagree about which run vanished. Pure: on the ground floor so
// the panel may use it too.
import { t } from './l10n';
import { firstToLastRatio, type InsightDirection, type InsightLayer, type InsightProbeRecord, type InsightRecord } from './insight';

/**
 * Below this first-to-last-step ratio the gradient has vanished, above EXPLODING_RATIO it has exploded.
 * Three orders of magnitude either way: the early steps then get a thousandth (or a thousand times) of
 * the late steps' share of every update, which is past what the optimizer's step sizes absorb. A healthy
 * or gated cell stays well inside (a forget-gate-free lstm keeps 2 to 17 on the adding problem), while a
 * plain tanh rnn over 100 steps falls to 1e-5..1e-3 and one with a recurrent gain of 2 reaches about 1e6
 * (issue #10's measurements), so the pair separates the cases the learner is meant to see.
 */
export const VANISHING_RATIO = 1e-3;
export const EXPLODING_RATIO = 1e3;

export type GradientVerdict = 'vanishing' | 'exploding' | 'healthy' | 'unknown';

/** The verdict on one first-to-last-step ratio; 'unknown' when the norms gave no number (0/0, an overflow written as null). */
export function gradientVerdict(ratio: number): GradientVerdict {
  if (typeof ratio !== 'number' || Number.isNaN(ratio)) return 'unknown';
  if (ratio < VANISHING_RATIO) return 'vanishing';
  if (ratio > EXPLODING_RATIO) return 'exploding';
  return 'healthy';
}

export interface GateSaturation {
  gate: string;
  /** Fraction of the gate's activations below 0.1. */
  low: number;
  /** Fraction above 0.9. */
  high: number;
}

/** One recurrent layer (or direction) across the recorded epochs. */
export interface LayerInsightReport {
  layer: number;
  direction: InsightDirection;
  /** From the probe record; undefined when it was lost (a damaged first line). */
  cell?: InsightLayer['cell'];
  units?: number;
  gates: string[];
  /** The epochs with a gradient record, ascending (0: at initialisation). */
  epochs: number[];
  /** Per epoch of `epochs`: ||dL/dh_t|| for t = 1..T. */
  gradientNormByTimestep: number[][];
  /** Per epoch of `epochs`: ||dL/dh|| at the first processed step over the last (firstToLastRatio). */
  ratios: number[];
  verdicts: GradientVerdict[];
  /** Per epoch with a saturation record, ascending. */
  saturation: { epoch: number; gates: GateSaturation[] }[];
}

export interface InsightReport {
  /** Time steps T of the probe windows (probe record). */
  steps?: number;
  batchSize?: number;
  sample?: number;
  layers: LayerInsightReport[];
}

const CELLS: ReadonlySet<unknown> = new Set<InsightLayer['cell']>(['rnn', 'gru', 'lstm']);

const isNumberList = (value: unknown): value is number[] => Array.isArray(value) && value.every((v) => typeof v === 'number' || v === null);

/**
 * The report of a run's records, layers in the probe's order (else by index and direction). A record missing
 * the fields read here is left out, so a damaged file gives a smaller report, never an exception; a later record
 * of the same epoch replaces an earlier one.
 */
export function insightReport(records: readonly InsightRecord[]): InsightReport {
  const probe = records.find((record): record is InsightProbeRecord => record.kind === 'probe' && Array.isArray(record.layers));
  const layers = new Map<string, LayerInsightReport>();
  const gradients = new Map<string, Map<number, number[]>>();
  const saturation = new Map<string, Map<number, GateSaturation[]>>();
  const layerOf = (layer: number, direction: InsightDirection, info?: InsightLayer): LayerInsightReport => {
    const key = `${layer}/${direction}`;
    let found = layers.get(key);
    if (!found) {
      found = {
        layer, direction, cell: CELLS.has(info?.cell) ? info!.cell : undefined, units: typeof info?.units === 'number' ? info.units : undefined,
        gates: Array.isArray(info?.gates) ? info.gates.filter((gate) => typeof gate === 'string') : [],
        epochs: [], gradientNormByTimestep: [], ratios: [], verdicts: [], saturation: [],
      };
      layers.set(key, found);
      gradients.set(key, new Map());
      saturation.set(key, new Map());
    }
    return found;
  };
  for (const info of probe?.layers ?? []) {
    if (Number.isInteger(info?.layer)) layerOf(info.layer, info.direction === 'backward' ? 'backward' : 'forward', info);
  }
  for (const record of records) {
    if (record.kind !== 'gradients' && record.kind !== 'saturation') continue;
    if (!Number.isInteger(record.layer) || !Number.isFinite(record.epoch)) continue;
    const direction = record.direction === 'backward' ? 'backward' : 'forward';
    const key = `${record.layer}/${direction}`;
    if (record.kind === 'gradients' && isNumberList(record.norms) && record.norms.length > 0) {
      layerOf(record.layer, direction);
      gradients.get(key)!.set(record.epoch, record.norms);
    } else if (record.kind === 'saturation' && Array.isArray(record.gates)) {
      const gates = record.gates.filter((g) => typeof g?.gate === 'string' && typeof g.low === 'number' && typeof g.high === 'number');
      layerOf(record.layer, direction);
      saturation.get(key)!.set(record.epoch, gates.map(({ gate, low, high }) => ({ gate, low, high })));
    }
  }
  for (const [key, layer] of layers) {
    for (const [epoch, norms] of [...gradients.get(key)!].sort((a, b) => a[0] - b[0])) {
      // JSON writes an overflowed norm as null: it counts as no number.
      const values = norms.map((norm) => (norm === null ? Number.NaN : norm));
      const ratio = firstToLastRatio(values, layer.direction);
      layer.epochs.push(epoch);
      layer.gradientNormByTimestep.push(values);
      layer.ratios.push(ratio);
      layer.verdicts.push(gradientVerdict(ratio));
    }
    layer.saturation = [...saturation.get(key)!].sort((a, b) => a[0] - b[0]).map(([epoch, gates]) => ({ epoch, gates }));
    if (layer.gates.length === 0) layer.gates = layer.saturation.at(-1)?.gates.map((g) => g.gate) ?? [];
  }
  const ordered = [...layers.values()].sort((a, b) => a.layer - b.layer || (a.direction === b.direction ? 0 : a.direction === 'forward' ? -1 : 1));
  const count = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return { steps: count(probe?.steps), batchSize: count(probe?.batchSize), sample: count(probe?.sample), layers: ordered };
}

/** The layer's gradient at its last recorded epoch: what the run ended with. */
export function lastGradient(layer: LayerInsightReport): { epoch: number; ratio: number; verdict: GradientVerdict; steps: number } | undefined {
  const i = layer.epochs.length - 1;
  if (i < 0) return undefined;
  return { epoch: layer.epochs[i], ratio: layer.ratios[i], verdict: layer.verdicts[i], steps: layer.gradientNormByTimestep[i].length };
}

/** The 1-based time steps the ratio compares, first processed then last: 1 and T forward, T and 1 backward. */
export function comparedSteps(direction: InsightDirection, steps: number): [number, number] {
  return direction === 'forward' ? [1, steps] : [steps, 1];
}

/** A ratio as people read it: 2.3e-6, 0.37, 1.2e+4; "∞" when the last step's norm was 0. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return Number.isNaN(ratio) ? '?' : '∞';
  if (ratio !== 0 && (Math.abs(ratio) < 0.01 || Math.abs(ratio) >= 1000)) return ratio.toExponential(1);
  return ratio.toPrecision(2);
}

/** The verdict in words, for a report's column. */
export function verdictText(verdict: GradientVerdict): string {
  switch (verdict) {
    case 'vanishing':
      return t('vanishing');
    case 'exploding':
      return t('exploding');
    case 'healthy':
      return t('healthy');
    case 'unknown':
      return t('unknown');
  }
}

/** What a vanished or exploded gradient means for learning, and what to try; undefined for a healthy one. */
export function gradientAdvice(verdict: GradientVerdict, cell: InsightLayer['cell'] | undefined): string | undefined {
  if (verdict === 'vanishing') {
    return cell === 'rnn'
      ? t('the early steps barely learn; try lstm or gru, or recurrent_init: identity with activation: relu (an IRNN)')
      : t('the early steps barely learn; shorter windows may help');
  }
  if (verdict === 'exploding') return t('the early steps swamp each update; clip the gradient (clipnorm) or lower the recurrent gain (recurrent_init: orthogonal(gain: 1))');
  return undefined;
}

/** "layer 1", or "layer 1 (backward)" for the second half of a bidirectional layer: 1-based, as people count. */
export function layerName(layer: Pick<LayerInsightReport, 'layer' | 'direction'>): string {
  return layer.direction === 'backward' ? t('layer {0} (backward)', layer.layer + 1) : t('layer {0}', layer.layer + 1);
}

/** A fraction as a whole percentage, "<1%" for a small non-zero one. */
export function formatShare(fraction: number): string {
  if (fraction > 0 && fraction < 0.005) return '<1%';
  return `${Math.round(fraction * 100)}%`;
}
