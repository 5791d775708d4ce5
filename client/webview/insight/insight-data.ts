// The insight records of one run (core/src/shared/insight.ts), gathered by
// layer and direction, epoch by epoch, for the panel's insight views. The
// run-schema validators only vouch that a record has a kind; here a record
// that cannot be drawn (lengths that disagree with the probe, a trace that
// does not decode to steps x units) is counted and left out, so a damaged
// insight.jsonl never breaks the loss views beside it.
import {
  decodeFloat32, type InsightDirection, type InsightGradientsRecord, type InsightHistogramsRecord, type InsightLayer, type InsightProbeRecord,
  type InsightRecord, type InsightSaturationRecord, type InsightTraceRecord,
} from '../../../core/src/shared';

/** A decoded trace: each series (gates, then "cell" for lstm, then "hidden") as steps x units, row-major. */
export interface DecodedTrace {
  epoch: number;
  steps: number;
  units: number;
  series: { name: string; values: Float32Array }[];
}

/** Everything recorded about one layer (or one direction of a bidirectional layer), keyed by epoch. */
export interface LayerInsight {
  key: string;
  layer: number;
  direction: InsightDirection;
  /** From the probe record; absent when only later records arrived. */
  info?: InsightLayer;
  gradients: Map<number, number[]>;
  traces: Map<number, InsightTraceRecord>;
  saturation: Map<number, InsightSaturationRecord['gates']>;
  histograms: Map<number, InsightHistogramsRecord['histograms']>;
}

export function layerKey(layer: number, direction: InsightDirection): string {
  return direction === 'backward' ? `${layer}b` : String(layer);
}

const isIndex = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isFraction = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;
const isDirection = (v: unknown): v is InsightDirection => v === 'forward' || v === 'backward';

export class InsightData {
  probe?: InsightProbeRecord;
  readonly layers = new Map<string, LayerInsight>();
  /** Records left out because they cannot be drawn. */
  skipped = 0;
  /** Changes with every record taken in, so views redraw only when something is new. */
  version = 0;
  private decoded = new Map<InsightTraceRecord, DecodedTrace | null>();

  add(record: InsightRecord): void {
    if (this.take(record)) this.version++;
    else this.skipped++;
  }

  /** Layers in the probe's order (then any the probe did not name), forward before backward. */
  layerList(): LayerInsight[] {
    const order = (l: LayerInsight) => (l.direction === 'forward' ? 0 : 1);
    return [...this.layers.values()].sort((a, b) => a.layer - b.layer || order(a) - order(b));
  }

  get isEmpty(): boolean {
    return this.layers.size === 0;
  }

  /** The trace's series as numbers; null when the data does not decode to steps x units. */
  decode(trace: InsightTraceRecord): DecodedTrace | null {
    let decoded = this.decoded.get(trace);
    if (decoded !== undefined) return decoded;
    decoded = decodeTrace(trace);
    this.decoded.set(trace, decoded);
    return decoded;
  }

  private layerFor(layer: number, direction: InsightDirection): LayerInsight {
    const key = layerKey(layer, direction);
    let entry = this.layers.get(key);
    if (!entry) {
      entry = { key, layer, direction, gradients: new Map(), traces: new Map(), saturation: new Map(), histograms: new Map() };
      entry.info = this.probe?.layers.find((l) => l.layer === layer && l.direction === direction);
      this.layers.set(key, entry);
    }
    return entry;
  }

  private take(record: InsightRecord): boolean {
    if (!record || typeof record !== 'object') return false;
    if (record.kind === 'probe') return this.takeProbe(record);
    const { epoch, layer, direction } = record as { epoch: unknown; layer: unknown; direction: unknown };
    if (!isIndex(epoch) || !isIndex(layer) || !isDirection(direction)) return false;
    switch (record.kind) {
      case 'gradients': return this.takeGradients(record);
      case 'trace': return this.takeTrace(record);
      case 'saturation': return this.takeSaturation(record);
      case 'histograms': return this.takeHistograms(record);
      default: return false;
    }
  }

  private takeProbe(probe: InsightProbeRecord): boolean {
    if (!Array.isArray(probe.layers) || !isIndex(probe.steps) || !Array.isArray(probe.input)) return false;
    if (probe.tokens !== undefined && !(Array.isArray(probe.tokens) && probe.tokens.length === probe.steps)) return false;
    const layers = probe.layers.filter((l) => isIndex(l?.layer) && isDirection(l?.direction) && isIndex(l?.units) && Array.isArray(l?.gates));
    this.probe = { ...probe, layers };
    for (const info of layers) this.layerFor(info.layer, info.direction).info = info;
    return true;
  }

  private takeGradients(record: InsightGradientsRecord): boolean {
    const { norms } = record;
    if (!Array.isArray(norms) || norms.length === 0 || !norms.every((n) => typeof n === 'number')) return false;
    if (this.probe && norms.length !== this.probe.steps) return false;
    this.layerFor(record.layer, record.direction).gradients.set(record.epoch, norms);
    return true;
  }

  private takeTrace(record: InsightTraceRecord): boolean {
    if (!isIndex(record.steps) || !isIndex(record.units) || !Array.isArray(record.series)) return false;
    if (!record.series.every((s) => typeof s?.name === 'string' && typeof s?.data === 'string')) return false;
    // Decoded here once, so a trace that cannot be drawn is refused before any view picks it.
    if (!this.decode(record)) return false;
    this.layerFor(record.layer, record.direction).traces.set(record.epoch, record);
    return true;
  }

  private takeSaturation(record: InsightSaturationRecord): boolean {
    const gates = record.gates;
    if (!Array.isArray(gates) || !gates.every((g) => typeof g?.gate === 'string' && isFraction(g.low) && isFraction(g.high))) return false;
    this.layerFor(record.layer, record.direction).saturation.set(record.epoch, gates);
    return true;
  }

  private takeHistograms(record: InsightHistogramsRecord): boolean {
    const histograms = record.histograms;
    const valid = Array.isArray(histograms) && histograms.every((h) => typeof h?.gate === 'string' && typeof h.min === 'number' && typeof h.max === 'number'
      && h.max >= h.min && Array.isArray(h.counts) && h.counts.length > 0 && h.counts.every((c) => Number.isFinite(c) && c >= 0));
    if (!valid) return false;
    this.layerFor(record.layer, record.direction).histograms.set(record.epoch, histograms);
    return true;
  }
}

function decodeTrace(trace: InsightTraceRecord): DecodedTrace | null {
  const size = trace.steps * trace.units;
  if (size === 0) return null;
  const series: DecodedTrace['series'] = [];
  for (const s of trace.series) {
    let values: Float32Array;
    try {
      values = decodeFloat32(s.data);
    } catch {
      return null;
    }
    if (values.length !== size) return null;
    series.push({ name: s.name, values });
  }
  return { epoch: trace.epoch, steps: trace.steps, units: trace.units, series };
}

/** Sorted epochs of a map keyed by epoch. */
export function epochsOf(map: Map<number, unknown>): number[] {
  return [...map.keys()].sort((a, b) => a - b);
}
