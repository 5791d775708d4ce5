// What a run folder's JSON files hold, as validators: the reader checks every
// summary.json and metrics.jsonl line against these, docs/run-format.md is
// generated from them, and the summary's TypeScript type is inferred from them.
// On the ground floor because the training panel checks the events it is
// sent against the same validators (a run it cannot fully draw must not stop
// it). The events' types stay hand-written in protocol.ts, where they read
// best; a compile-time check below keeps the two identical.
// zod/mini, not the classic API: that one bundles every locale into each front end.
import * as z from 'zod/mini';
import type { InsightRecord } from './insight';
import { TRAIN_ERRORS, type RunStatus, type TrainErrorCode, type TrainEvent } from './protocol';

/** The schema with its meaning, as docs/run-format.md shows it. */
function doc<Schema extends z.ZodMiniType>(schema: Schema, description: string): Schema {
  return schema.check(z.describe(description));
}

/** JSON has no NaN or Infinity: JSON.stringify writes them as null, which reads back as NaN. */
const metricValue = () => z.pipe(z.nullable(z.number()), z.transform((value: number | null) => value ?? Number.NaN));
const count = () => z.int().check(z.nonnegative());
const fromOne = () => z.int().check(z.positive());
const time = () => doc(z.number(), 'Wall-clock milliseconds since 1970-01-01 UTC (Date.now()).');
const metrics = (description: string) => doc(z.record(z.string(), metricValue()), description);
const eventType = <Type extends string>(type: Type) => doc(z.literal(type), 'The event type.');
const task = (description: string) => doc(z.enum(['regression', 'classification']), description);

const layerSummary = z.object({
  name: doc(z.string(), 'Layer name and class, e.g. "lstm_1 (LSTM)".'),
  outputShape: doc(z.array(z.nullable(z.int())), 'Output shape, null for the batch dimension, e.g. [null, 50, 64].'),
  params: doc(count(), 'Trainable and non-trainable parameters of the layer.'),
});

const RUN_STATUSES = ['completed', 'early_stopped', 'cancelled', 'failed'] as const satisfies readonly RunStatus[];

export const runSummarySchema = z.object({
  format: z.optional(doc(z.int().check(z.positive()),
    'The run format number (see "Versions" below); absent in runs written before formats were numbered, which read as format 1.')),
  model: doc(z.string(), 'The model\'s name in the spec.'),
  status: doc(z.enum([...RUN_STATUSES, 'running']),
    'How the run ended; "running" until it ends. A reader shows a "running" run whose writer is gone as interrupted (see "Runs that stop without an end" below); "interrupted" is never written.'),
  reason: z.optional(doc(z.string(), 'Why it ended so: the early-stopping note, the error message.')),
  started: doc(z.iso.datetime({ offset: true }), 'When the run started, ISO 8601, e.g. "2026-11-26T15:42:07.123Z".'),
  seconds: doc(z.number().check(z.nonnegative()), 'Training time so far, in seconds.'),
  epochs: doc(count(), 'Epochs run so far.'),
  final: metrics('The last epoch\'s loss and metrics by name, e.g. {"loss": 0.01, "val_loss": 0.02, "mae": 0.08}.'),
  backend: z.optional(doc(z.string(), 'The tfjs backend that trained the model, e.g. "wasm".')),
  seed: doc(z.int(), 'The random seed, so the run can be repeated.'),
  totalParams: z.optional(doc(count(), 'Parameters of the model.')),
  layers: z.optional(doc(z.array(layerSummary), 'The model\'s layers, input to output.')),
  data: z.optional(doc(z.object({
    task: task('What the model predicts: values or classes.'),
    features: doc(count(), 'Values per time step of an input window.'),
    outputs: doc(count(), 'Values (or classes) predicted per window.'),
    timesteps: doc(count(), 'Time steps of an input window.'),
    split: doc(z.object({
      train: doc(count(), 'Training windows.'),
      validation: doc(count(), 'Validation windows.'),
      gap: doc(count(), 'Windows dropped between the two so that no validation input contains a training target.'),
    }), 'How the windows were divided.'),
    vocabulary: z.optional(doc(z.array(z.string()),
      'The tokens (characters or words) of a text model, by token index; a limited vocabulary starts with "<unk>", the out-of-vocabulary token.')),
  }), 'The data as the model saw it (absent when the data could not be loaded).')),
  classes: z.optional(doc(z.array(z.string()),
    'The class names of a model that classifies labelled sequences (`sequences`, `text_folder`), by class index: what a target and an output unit of that index mean. Absent for other models.')),
  normalization: z.optional(doc(z.object({
    method: doc(z.enum(['minmax', 'zscore']), 'How the columns were scaled.'),
    columns: doc(z.array(z.string()), 'The scaled columns, in order.'),
    offset: doc(z.array(z.number()), 'Subtracted from each column\'s values...'),
    scale: doc(z.array(z.number()), '...which are then divided by this, column by column.'),
  }), 'How the input columns were scaled, to scale new data alike for prediction.')),
  weightsEpoch: z.optional(doc(count(),
    'The epoch the saved weights come from (the best one with early stopping); absent when no weights were saved.')),
  host: z.optional(doc(z.string(), 'The host name of the machine writing the run (os.hostname()).')),
  pid: z.optional(doc(z.int().check(z.positive()), 'The process id of the program writing the run, on that host.')),
  heartbeat: z.optional(doc(z.iso.datetime({ offset: true }),
    'When the writer last showed it was alive, ISO 8601; rewritten at least every few seconds while the run is "running".')),
  sweep: z.optional(doc(z.object({
    id: doc(z.string(), 'The same for every trial of one sweep started together, e.g. "GateAblation-2026-12-01T16-40-00".'),
    trial: doc(fromOne(), 'This run\'s trial, from 1.'),
    trials: doc(fromOne(), 'Trials in the sweep.'),
    params: doc(z.record(z.string(), z.unknown()),
      'The trial\'s values by key path, e.g. {"optimizer.lr": 0.003, "hidden.units": [64]}; a named case adds "case", a repeat "train.seed".'),
  }), 'The sweep this run is a trial of (absent for a run of a model without a sweep).')),
  specDir: z.optional(doc(z.string(),
    'The folder of the .rnn file the run was trained from: its data paths are relative to it (`rnn train --resume` reads the data there).')),
  resumedFrom: z.optional(doc(z.object({
    runDir: doc(z.string(), 'The run folder it continues, as the writer saw it.'),
    epoch: doc(fromOne(), 'The epoch of that run\'s last checkpoint; this run\'s first epoch is the next.'),
  }), 'Set when the run continues another (`rnn train --resume`): its epochs and steps are numbered on from that run\'s.')),
});

const baseline = z.object({
  name: doc(z.enum(['persistence', 'seasonal_naive', 'mean', 'majority_class']),
    '"persistence": every forecast row is the last input row (a model predicting at every step: each step\'s input row); "seasonal_naive": the row one season earlier; "mean": the training targets\' mean; "majority_class": the training class frequencies (its accuracy: always the most frequent class).'),
  season: z.optional(doc(fromOne(), 'Rows of one season (seasonal_naive).')),
  loss: doc(metricValue(), 'The run\'s loss of this predictor, comparable with val_loss.'),
  rmse: z.optional(doc(metricValue(), 'Regression: root mean squared error of the first output in the data\'s units, over every forecast row (every step of a model predicting at every step).')),
  accuracy: z.optional(doc(metricValue(), 'Classification: its accuracy.')),
});

const forecast = z.object({
  column: doc(z.string(), 'The column forecast (the first one).'),
  series: doc(z.object({
    start: doc(count(), 'The row of the first value.'),
    values: doc(z.array(metricValue()), 'The series in the data\'s units.'),
  }), 'The series, or the tail of a long one.'),
  horizon: doc(fromOne(), 'Rows forecast at once.'),
  season: z.optional(doc(fromOne(), 'Rows of one season, when the series has one.')),
  validationStart: doc(count(), 'The first row a validation window forecasts.'),
  windows: doc(z.array(z.object({
    origin: doc(count(), 'The first row it forecasts.'),
    predicted: doc(z.array(metricValue()), 'The forecast rows.'),
  })), 'The model\'s forecasts of validation windows (thinned to a few hundred on long series).'),
  future: doc(z.array(metricValue()), 'The model\'s forecast of the rows after the series\' last row.'),
  otherColumns: z.optional(doc(z.array(z.object({
    column: doc(z.string(), 'The column\'s name.'),
    values: doc(z.array(metricValue()), 'The column over the rows of `series.values`, in the data\'s units.'),
    windows: doc(z.array(z.array(metricValue())), 'Its forecast rows of each validation window, in the order of `windows`.'),
    future: doc(z.array(metricValue()), 'Its forecast of the rows after the series\' last row.'),
  })), 'The columns after the first of a multivariate series, so that any column can be drawn; absent for one column and in runs written before.')),
});

const randomState = (description: string) => doc(z.object({
  state: doc(z.int().check(z.nonnegative()), 'The generator\'s 32-bit state.'),
  spareNormal: z.optional(doc(z.number(), 'A normal value drawn but not used yet.')),
}), description);

/** last/state.json: where the last epoch left the training, to resume it exactly. */
export const resumeStateSchema = z.object({
  epoch: doc(fromOne(), 'Epochs trained when the checkpoint was saved; a resumed run starts with the next.'),
  step: doc(count(), 'Batches trained so far.'),
  final: metrics('That epoch\'s loss and metrics by name.'),
  optimizer: doc(z.string(), 'The optimizer whose state is saved, e.g. "adam".'),
  file: doc(z.string(), 'The file in the same folder holding the tensors, e.g. "epoch-12.bin".'),
  tensors: doc(z.array(z.object({
    name: doc(z.string(), '"model/<i>": the model\'s i-th weight (tfjs getWeights order); "optimizer/<name>": the optimizer\'s state; "order": the shuffled order of the training windows; "best/<i>": the best epoch\'s weights (early stopping).'),
    shape: doc(z.array(count()), 'The tensor\'s shape.'),
    dtype: doc(z.enum(['float32', 'int32']), 'Little-endian 32-bit floats or integers.'),
  })), 'The tensors in the file, one after the other, in this order.'),
  random: doc(z.object({
    shuffle: randomState('The generator of the training windows\' order.'),
    dropout: randomState('The generator of the dropout masks\' seeds.'),
  }), 'The run\'s random generators as they stood.'),
  earlyStopping: z.optional(doc(z.object({
    best: doc(metricValue(), 'The best monitored loss so far.'),
    bestEpoch: doc(count(), 'Its epoch.'),
    sinceBest: doc(count(), 'Epochs since, without improvement.'),
  }), 'Early stopping\'s watch, with `early_stopping` in the spec.')),
});

const startEvent = doc(z.object({
  type: eventType('start'),
  model: doc(z.string(), 'The model\'s name.'),
  runDir: doc(z.string(), 'The run folder, as the writer saw it.'),
  backend: doc(z.string(), 'The tfjs backend.'),
  seed: doc(z.int(), 'The random seed.'),
  epochs: doc(count(), 'Epochs planned.'),
  stepsPerEpoch: doc(count(), 'Batches per epoch.'),
  trainSamples: doc(count(), 'Training windows.'),
  validationSamples: doc(count(), 'Validation windows.'),
  task: task('What the model predicts.'),
  metric: doc(z.string(), 'The metric reported besides the loss: "mae" or "accuracy".'),
  layers: doc(z.array(layerSummary), 'The model\'s layers.'),
  implementations: z.optional(doc(z.array(z.string()),
    'How each recurrent layer runs, first to last: "tfjs-layers", "gated-cell", "fused-native" or "fused-wasm".')),
  totalParams: doc(count(), 'Parameters of the model.'),
  baselineLoss: z.optional(doc(metricValue(), 'A reference line for the loss: the lowest loss of "baselines" (runs before them: the variance of the targets).')),
  baselines: z.optional(doc(z.array(baseline),
    'Naive predictors the model must beat, measured on the validation windows (the training windows without a validation part), best first. Absent in older runs.')),
  time: time(),
}), 'The first event: what is being trained, and how.');

const batchEvent = doc(z.object({
  type: eventType('batch'),
  epoch: doc(fromOne(), 'The epoch, from 1.'),
  batch: doc(fromOne(), 'The batch within the epoch, from 1.'),
  step: doc(fromOne(), 'The batch across the run, from 1.'),
  loss: doc(metricValue(), 'The batch\'s training loss.'),
  time: time(),
}), 'One training batch.');

const epochEvent = doc(z.object({
  type: eventType('epoch'),
  epoch: doc(fromOne(), 'The epoch, from 1.'),
  step: doc(count(), 'Batches run so far.'),
  loss: doc(metricValue(), 'The epoch\'s training loss.'),
  val_loss: z.optional(doc(metricValue(), 'The validation loss (absent without validation data).')),
  metrics: metrics('Metric values by name, e.g. {"mae": 0.1, "val_mae": 0.12}.'),
  seconds: doc(z.number().check(z.nonnegative()), 'Seconds the epoch took.'),
  eta: doc(z.number(), 'Estimated seconds left in the run.'),
  time: time(),
}), 'One finished epoch.');

const logEvent = doc(z.object({
  type: eventType('log'),
  level: doc(z.enum(['info', 'warning']), 'How much it matters.'),
  message: doc(z.string(), 'The message, one line.'),
  time: time(),
}), 'A message for the person training.');

const errorEvent = doc(z.object({
  type: eventType('error'),
  message: doc(z.string(), 'What went wrong.'),
  code: doc(z.enum(Object.keys(TRAIN_ERRORS) as [TrainErrorCode, ...TrainErrorCode[]]), 'The kind of failure.'),
  time: time(),
}), 'Why the run failed; an "end" event with status "failed" follows.');

const endEvent = doc(z.object({
  type: eventType('end'),
  status: doc(z.enum(RUN_STATUSES), 'How the run ended.'),
  reason: z.optional(doc(z.string(), 'Why it ended so.')),
  epochs: doc(count(), 'Epochs run.'),
  seconds: doc(z.number().check(z.nonnegative()), 'Training time, in seconds.'),
  final: metrics('The last epoch\'s loss and metrics by name.'),
  predictions: z.optional(doc(z.object({
    target: doc(z.array(metricValue()), 'The true values.'),
    predicted: doc(z.array(metricValue()), 'The model\'s predictions of them.'),
  }), 'Validation predictions against targets (regression, first output), for plots.')),
  sample: z.optional(doc(z.string(), 'Generated text (text models with a generate block).')),
  scores: z.optional(doc(z.object({
    rmse: z.optional(doc(metricValue(), 'Regression: root mean squared error of the first output in the data\'s units.')),
    accuracy: z.optional(doc(metricValue(), 'Classification: accuracy.')),
  }), 'The trained model (the weights kept) measured like the start event\'s baselines: same windows, same measure.')),
  forecast: z.optional(doc(forecast, 'Series models: the forecast of the validation windows and after the end of the series.')),
  classification: z.optional(doc(z.object({
    classes: doc(z.array(z.string()), 'Class names by index.'),
    confusion: doc(z.array(z.array(count())), 'Validation windows counted by true class (rows) and predicted class (columns).'),
  }), 'Classification runs: the confusion matrix of the validation windows.')),
  stepPredictions: z.optional(doc(z.object({
    target: doc(z.array(metricValue()), 'The true value (or class index) at each step.'),
    predicted: doc(z.array(metricValue()), 'The model\'s prediction (or class) at each step.'),
  }), 'Every-step models: one validation window, first output, per step.')),
  time: time(),
}), 'The last event: how the run ended.');

const direction = () => doc(z.enum(['forward', 'backward']),
  '"backward" only for the second half of a bidirectional layer; time indices follow the input in both directions.');
const layerIndex = () => doc(count(), 'The recurrent layer, from 0 (hidden.units order).');
const insightEpoch = () => doc(count(), 'The epoch the model had trained: 0 at initialisation (before the first batch), e after epoch e\'s validation; a resumed run numbers on from its parent\'s.');

const insightLayer = z.object({
  layer: layerIndex(),
  direction: direction(),
  cell: doc(z.enum(['rnn', 'gru', 'lstm']), 'The cell.'),
  units: doc(fromOne(), 'Units of the layer (of one direction).'),
  gates: doc(z.array(z.string()),
    'The gates in the order traces and histograms use them, e.g. ["input", "forget", "cell", "output"] (lstm: "cell" is the candidate).'),
});

const probeRecord = doc(z.object({
  kind: doc(z.literal('probe'), 'The record kind.'),
  layers: doc(z.array(insightLayer), 'The recurrent layers probed, first layer first, a bidirectional layer\'s forward then backward direction.'),
  steps: doc(fromOne(), 'Time steps T of the probe windows.'),
  batchSize: doc(fromOne(), 'Windows in the probe batch (the gradient norms and the saturation use all of them).'),
  sample: doc(count(), 'Index, within the validation part (the training part without one), of the sequence traced (train.insight_sample).'),
  input: doc(z.array(z.array(metricValue())),
    'The traced sequence\'s input, steps x features, in the data\'s units (normalisation undone); text models: one token index per step.'),
  tokens: z.optional(doc(z.array(z.string()), 'Text models: the traced sequence\'s tokens, one per step ("" for padding after the end of a shorter sequence).')),
  features: z.optional(doc(z.array(z.string()), 'Feature names when the data has them (CSV columns).')),
}), 'The first record of a run: which layers are probed, on which windows, and the traced sequence\'s input.');

const gradientsRecord = doc(z.object({
  kind: doc(z.literal('gradients'), 'The record kind.'),
  epoch: insightEpoch(),
  layer: layerIndex(),
  direction: direction(),
  norms: doc(z.array(metricValue()),
    '||dL/dh_t|| for t = 0..T-1 (input order): the norm over windows and units of the gradient of the probe batch\'s mean loss (no dropout) with respect to the hidden state at step t, every path through later steps included.'),
}), 'The gradient\'s norm through time of one layer at one epoch: falling toward step 0 it vanishes, growing it explodes.');

const traceRecord = doc(z.object({
  kind: doc(z.literal('trace'), 'The record kind.'),
  epoch: insightEpoch(),
  layer: layerIndex(),
  direction: direction(),
  steps: doc(fromOne(), 'Time steps.'),
  units: doc(fromOne(), 'Units.'),
  series: doc(z.array(z.object({
    name: doc(z.string(), 'A gate of the layer\'s `gates`, then "cell" (lstm\'s cell state), then "hidden".'),
    data: doc(z.string(), 'steps x units float32 values, row-major (unit u at step t at t * units + u), little-endian, in base64.'),
  })), 'Each gate, then the states.'),
}).check(z.refine((trace) => trace.series.every((s) => s.data.length === 4 * Math.ceil((trace.steps * trace.units * 4) / 3)),
  'a series does not hold steps x units float32 values')),
'The gates and states of one layer on the traced sequence at one epoch (thinned to stay within the size bound: below).');

const saturationRecord = doc(z.object({
  kind: doc(z.literal('saturation'), 'The record kind.'),
  epoch: insightEpoch(),
  layer: layerIndex(),
  direction: direction(),
  gates: doc(z.array(z.object({
    gate: doc(z.string(), 'The gate.'),
    low: doc(z.number().check(z.gte(0), z.lte(1)), 'Fraction of its activations below 0.1.'),
    high: doc(z.number().check(z.gte(0), z.lte(1)), 'Fraction above 0.9.'),
  })), 'Per gate, over every window, step and unit of the probe batch.'),
}), 'How saturated each gate of one layer is at one epoch (Karpathy et al. 2015).');

const histogramsRecord = doc(z.object({
  kind: doc(z.literal('histograms'), 'The record kind.'),
  epoch: insightEpoch(),
  layer: layerIndex(),
  direction: direction(),
  histograms: doc(z.array(z.object({
    of: doc(z.enum(['weights', 'gradients']), 'The weights, or their gradients on the probe batch.'),
    block: doc(z.enum(['input', 'recurrent', 'bias']), 'The input kernel, the recurrent kernel or the bias.'),
    gate: doc(z.string(), 'The gate, as the probe record\'s `layers[].gates` names it.'),
    min: doc(metricValue(), 'The smallest finite value.'),
    max: doc(metricValue(), 'The largest finite value.'),
    counts: doc(z.array(count()),
      'counts[i] values fell in [min + i*w, min + (i+1)*w), w = (max - min) / counts.length, the last bin including max; values that are not finite are left out.'),
  })), 'One histogram per block, gate and kind.'),
}), 'Histograms of one layer\'s weights and of their gradients at one epoch.');

/** insight.jsonl's records (shared/insight.ts), in the order a run writes them. */
export const INSIGHT_RECORD_SCHEMAS = [probeRecord, gradientsRecord, traceRecord, saturationRecord, histogramsRecord] as const;
export const insightRecordSchema = z.discriminatedUnion('kind', INSIGHT_RECORD_SCHEMAS);

/** The record kind a schema of INSIGHT_RECORD_SCHEMAS describes. */
export function insightKindOf(schema: (typeof INSIGHT_RECORD_SCHEMAS)[number]): InsightRecord['kind'] {
  return schema.shape.kind.def.values[0];
}

const insightEvent = doc(z.object({
  type: eventType('insight'),
  record: doc(insightRecordSchema, 'One insight record (insight.jsonl holds them; never written to metrics.jsonl).'),
  time: time(),
}), 'A recording of the recurrent layers\' gradients, gates or weights: streamed to the panel, kept in insight.jsonl.');

/** Every event type, in the order a run emits them. */
export const TRAIN_EVENT_SCHEMAS = [startEvent, batchEvent, epochEvent, logEvent, errorEvent, endEvent, insightEvent] as const;
export const trainEventSchema = z.discriminatedUnion('type', TRAIN_EVENT_SCHEMAS);

/** The event type a schema of TRAIN_EVENT_SCHEMAS describes. */
export function eventTypeOf(schema: (typeof TRAIN_EVENT_SCHEMAS)[number]): TrainEvent['type'] {
  return schema.shape.type.def.values[0];
}

export type RunSummary = z.output<typeof runSummarySchema>;
/** Which trial of which sweep a run is (summary.json's `sweep`). */
export type RunSweep = NonNullable<RunSummary['sweep']>;

/** What a person wrote about a run in the runs table: kept apart from summary.json, which only the training process writes. */
export const runNotesSchema = z.object({
  starred: z.optional(doc(z.boolean(), 'Starred in the runs table.')),
  title: z.optional(doc(z.string(), 'A name given to the run, shown instead of its time.')),
  note: z.optional(doc(z.string(), 'A free-text note.')),
  hidden: z.optional(doc(z.boolean(), 'Hidden from the runs table until hidden runs are shown.')),
});

export type RunNotes = z.output<typeof runNotesSchema>;

export type ResumeState = z.output<typeof resumeStateSchema>;

// Fails to compile when the event schemas and the protocol's types drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const eventsMatchProtocol: Same<z.output<typeof trainEventSchema>, TrainEvent> = true;
const statusesMatchProtocol: Same<(typeof RUN_STATUSES)[number], RunStatus> = true;
const insightMatchesContract: Same<z.output<typeof insightRecordSchema>, InsightRecord> = true;
void eventsMatchProtocol;
void insightMatchesContract;
void statusesMatchProtocol;
