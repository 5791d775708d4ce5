// What a run records about the inside of its recurrent layers (issue #10):
// the gradient's norm through time, the gates and states on one probe
// sequence, gate saturation and weight/gradient histograms. The engine's
// insight callback emits each record as an `insight` training event (the
// panel draws them live) and appends it to the run folder's insight.jsonl,
// one record per line, which the CLI (`rnn inspect`), the language server's
// hints and the panel read for saved runs. On the ground floor because all of
// them, the webview included, read the same records.
//
// Conventions every reader relies on:
// - `layer` is the 0-based index of the recurrent layer (hidden.units order);
//   `direction` is "backward" only for the second half of a bidirectional layer.
// - Time indices follow the input: index 0 is the first input step, for both
//   directions. A backward direction processes them last to first, so its
//   "first processed step" is index T-1 (see firstToLastRatio).
// - Epoch 0 is the model at initialisation, recorded before the first batch;
//   epoch e >= 1 is recorded after epoch e's validation.
// - The probe batch is drawn once per run from the validation part (the
//   training part when there is none) with a generator of its own, so
//   recording never changes the run's shuffles, dropout masks or losses.

export type InsightDirection = 'forward' | 'backward';

/** One recurrent layer (or one direction of a bidirectional one) as the records name it. */
export interface InsightLayer {
  layer: number;
  direction: InsightDirection;
  cell: 'rnn' | 'gru' | 'lstm';
  units: number;
  /** The gates in the order traces and histograms use them, e.g. ["input", "forget", "cell", "output"] (lstm: "cell" is the candidate). */
  gates: string[];
}

/** First record of a run's insight: what is probed. */
export interface InsightProbeRecord {
  kind: 'probe';
  layers: InsightLayer[];
  /** Time steps T of the probe windows. */
  steps: number;
  /** Windows in the probe batch (the gradient norms and the saturation use all of them). */
  batchSize: number;
  /** Index, within the validation part (or the training part), of the sequence traced (train.insight_sample). */
  sample: number;
  /** The traced sequence's input, steps x features, in the data's units (first feature first). */
  input: number[][];
  /** Text models: the traced sequence as tokens, one per step (characters, or words for level: word). */
  tokens?: string[];
  /** Feature names when the data has them (CSV columns). */
  features?: string[];
}

/**
 * ||dL/dh_t|| for t = 0..T-1 on the probe batch: the Frobenius norm over (window, unit) of the gradient of the
 * probe batch's mean loss (the training loss, no dropout) with respect to the layer's hidden state at step t,
 * including every path through later steps. Values may be 0 (underflow) but are finite in a healthy run.
 */
export interface InsightGradientsRecord {
  kind: 'gradients';
  epoch: number;
  layer: number;
  direction: InsightDirection;
  norms: number[];
}

/**
 * Activations on the probe sequence (one window): each gate, then "cell" (lstm's cell state) and "hidden",
 * each steps x units, row-major (value of unit u at step t at t * units + u), float32 little-endian in base64.
 */
export interface InsightTraceRecord {
  kind: 'trace';
  epoch: number;
  layer: number;
  direction: InsightDirection;
  steps: number;
  units: number;
  series: { name: string; data: string }[];
}

/** Per gate: the fraction of its activations over the whole probe batch (every window, step and unit) below 0.1 and above 0.9. */
export interface InsightSaturationRecord {
  kind: 'saturation';
  epoch: number;
  layer: number;
  direction: InsightDirection;
  gates: { gate: string; low: number; high: number }[];
}

/**
 * Histograms of one layer's weights and of their gradients on the probe batch, per block ("input" kernel,
 * "recurrent" kernel, "bias") and gate: `counts[i]` values fell in [min + i*w, min + (i+1)*w), w = (max-min)/counts.length
 * (the last bin includes max).
 */
export interface InsightHistogramsRecord {
  kind: 'histograms';
  epoch: number;
  layer: number;
  direction: InsightDirection;
  histograms: { of: 'weights' | 'gradients'; block: 'input' | 'recurrent' | 'bias'; gate: string; min: number; max: number; counts: number[] }[];
}

export type InsightRecord =
  | InsightProbeRecord
  | InsightGradientsRecord
  | InsightTraceRecord
  | InsightSaturationRecord
  | InsightHistogramsRecord;

/** The run folder's file of insight records, one JSON record per line, append-only. */
export const INSIGHT_FILE = 'insight.jsonl';

/** ||dL/dh|| at the first processed step over that at the last: below 1 the gradient vanished going back, above 1 it grew. */
export function firstToLastRatio(norms: readonly number[], direction: InsightDirection): number {
  const first = direction === 'forward' ? norms[0] : norms[norms.length - 1];
  const last = direction === 'forward' ? norms[norms.length - 1] : norms[0];
  return first / last;
}

/** Float32 values as InsightTraceRecord stores them (little-endian, base64). */
export function encodeFloat32(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The values of an InsightTraceRecord series. */
export function decodeFloat32(data: string): Float32Array {
  const binary = atob(data);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const values = new Float32Array(binary.length / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}
