// The one message protocol of a training run. The engine emits these events,
// the CLI prints them, the VS Code training process relays them to the
// webview, and the run store appends them to metrics.jsonl, so a saved run
// replays exactly like a live one.
import { t } from './l10n';
import type { InsightRecord } from './insight';
import type { Task } from './spec';

export type RunStatus = 'completed' | 'early_stopped' | 'cancelled' | 'failed';

export interface LayerSummary {
  /** e.g. "lstm_1 (LSTM)". */
  name: string;
  /** Output shape with null for the batch dimension, e.g. [null, 50, 64]. */
  outputShape: (number | null)[];
  params: number;
}

export interface StartEvent {
  type: 'start';
  model: string;
  runDir: string;
  backend: string;
  seed: number;
  epochs: number;
  stepsPerEpoch: number;
  trainSamples: number;
  validationSamples: number;
  task: Task;
  /** The metric reported besides the loss: "mae" or "accuracy". */
  metric: string;
  layers: LayerSummary[];
  /** How each recurrent layer runs, first to last: "tfjs-layers", "gated-cell", "fused-native" or "fused-wasm". */
  implementations?: string[];
  totalParams: number;
  /** Reference line for the loss: the lowest loss of `baselines` (older runs: the variance of the targets). */
  baselineLoss?: number;
  /**
   * Naive predictors the model must beat, measured on the validation windows (the training windows when there is
   * no validation part), best first.
   */
  baselines?: Baseline[];
  /** Wall-clock ms since the epoch (Date.now()). */
  time: number;
}

export type BaselineName = 'persistence' | 'seasonal_naive' | 'mean' | 'majority_class';

export interface Baseline {
  /**
   * persistence: every forecast row is the last input row; seasonal_naive: the row one season earlier; mean: the
   * training targets' mean; majority_class: the training class frequencies (its accuracy: always the most frequent class).
   */
  name: BaselineName;
  /** Rows of one season (seasonal_naive). */
  season?: number;
  /** The run's loss of this predictor, comparable with val_loss. */
  loss: number;
  /** Regression: root mean squared error of the first output, in the data's units, over every forecast row. */
  rmse?: number;
  /** Classification: its accuracy. */
  accuracy?: number;
}

/** A forecast of a series (first column, in the data's units), for the forecast view. */
export interface ForecastData {
  /** The column forecast. */
  column: string;
  /** The series: rows start .. start+values.length-1 (the tail of a long series). */
  series: { start: number; values: number[] };
  /** Rows forecast at once. */
  horizon: number;
  /** Rows of one season, when the series has one (the seasonal-naive baseline). */
  season?: number;
  /** The first row a validation window forecasts. */
  validationStart: number;
  /** The model's forecasts of validation windows, each of `horizon` rows from row `origin`. */
  windows: { origin: number; predicted: number[] }[];
  /** The model's forecast of the `horizon` rows after the series' last row. */
  future: number[];
  /** The columns after the first of a multivariate series (absent for one column, and in runs written before them). */
  otherColumns?: ForecastColumn[];
}

/** One more column of a multivariate forecast, aligned with the first column's rows and windows. */
export interface ForecastColumn {
  column: string;
  /** The same rows as `ForecastData.series.values`. */
  values: number[];
  /** Its forecast rows of each validation window, in the order of `ForecastData.windows`. */
  windows: number[][];
  future: number[];
}

export interface BatchEvent {
  type: 'batch';
  epoch: number; // 1-based
  batch: number; // 1-based within the epoch
  step: number; // 1-based across the run
  loss: number;
  time: number;
}

export interface EpochEvent {
  type: 'epoch';
  epoch: number; // 1-based
  step: number;
  loss: number;
  val_loss?: number;
  /** Metric values by name, e.g. { mae: 0.1, val_mae: 0.12 }. */
  metrics: Record<string, number>;
  seconds: number;
  /** Estimated seconds left in the run. */
  eta: number;
  time: number;
}

export interface LogEvent {
  type: 'log';
  level: 'info' | 'warning';
  message: string;
  time: number;
}

/**
 * Why a run failed (ErrorEvent.code), with the spec property the failure
 * belongs on, so editors can place it as a diagnostic on that line.
 */
export const TRAIN_ERRORS = {
  /** The loss became NaN or infinite: the learning rate or missing clipping. */
  'nan-loss': { property: 'optimizer' },
  /** The data could not be loaded. */
  data: { property: 'data' },
  /** The requested backend could not be used. */
  backend: {},
  /** The run folder could not be written. */
  'run-store': {},
  /** A bug in the engine. */
  internal: {},
} as const satisfies Record<string, { property?: string }>;

export type TrainErrorCode = keyof typeof TRAIN_ERRORS;

/** The spec property a training error belongs on, if any. */
export function trainErrorProperty(code: string): string | undefined {
  const entry = (TRAIN_ERRORS as Record<string, { property?: string }>)[code];
  return entry?.property;
}

export interface ErrorEvent {
  type: 'error';
  message: string;
  code: TrainErrorCode;
  time: number;
}

export interface EndEvent {
  type: 'end';
  status: RunStatus;
  /** Why the run ended the way it did (e.g. early stopping, the error message). */
  reason?: string;
  epochs: number;
  seconds: number;
  final: Record<string, number>;
  /** Validation predictions against targets (regression, first output), for plots. */
  predictions?: { target: number[]; predicted: number[] };
  /** Generated text (text models with a generate block). */
  sample?: string;
  /** The trained model (the weights kept) measured like StartEvent.baselines: same windows, same measure. */
  scores?: { rmse?: number; accuracy?: number };
  /** Series models: the forecast of the validation windows and after the end of the series. */
  forecast?: ForecastData;
  /** Classification: the validation windows' confusion matrix, rows the true class, columns the predicted one. */
  classification?: { classes: string[]; confusion: number[][] };
  /** Every-step models: one validation window, first output, per step (classes as indices). */
  stepPredictions?: { target: number[]; predicted: number[] };
  time: number;
}

/**
 * A recording of the recurrent layers' inside (shared/insight.ts). Streamed to the panel; the run folder keeps the
 * records in insight.jsonl, not in metrics.jsonl (they are larger than every other event together).
 */
export interface InsightEvent {
  type: 'insight';
  record: InsightRecord;
  time: number;
}

export type TrainEvent = StartEvent | BatchEvent | EpochEvent | LogEvent | ErrorEvent | EndEvent | InsightEvent;

/** How people call each layer implementation (StartEvent.implementations), in the display language. */
const IMPLEMENTATION_NAMES: Record<string, () => string> = {
  'fused-native': () => t('native fused kernels'),
  'fused-wasm': () => t('WebAssembly fused kernels'),
  'tfjs-layers': () => t('tfjs layers'),
  'gated-cell': () => t('gated cell (tfjs ops)'),
};

/** "native fused kernels", or several joined with " + " when the layers differ. */
export function describeImplementations(ids: readonly string[]): string {
  return [...new Set(ids)].map((id) => IMPLEMENTATION_NAMES[id]?.() ?? id).join(' + ');
}
