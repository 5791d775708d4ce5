// A synthetic training run in the engine's event protocol, for feeding the panel.
import type { EndEvent, StartEvent, TrainEvent } from '../../core/src/shared/protocol';

export interface SyntheticRun {
  model?: string;
  runDir?: string;
  epochs: number;
  stepsPerEpoch: number;
  /** Scales every loss, so two runs differ. */
  scale?: number;
  predictions?: number;
}

/** start, one batch event per step, one epoch event per epoch, end; losses decay noisily. */
export function syntheticRun(run: SyntheticRun): TrainEvent[] {
  const scale = run.scale ?? 1;
  const time = 1_700_000_000_000;
  const events: TrainEvent[] = [{
    type: 'start', model: run.model ?? 'SineForecast', runDir: run.runDir ?? '/runs/SineForecast/2026-11-26T15-00-00',
    backend: 'wasm', seed: 42, epochs: run.epochs, stepsPerEpoch: run.stepsPerEpoch, trainSamples: run.stepsPerEpoch * 64,
    validationSamples: 400, task: 'regression', metric: 'mae', totalParams: 29_345, baselineLoss: 0.5 * scale,
    implementations: ['fused-native', 'fused-native'],
    layers: [
      { name: 'lstm (LSTM)', outputShape: [null, 50, 64], params: 16_896 },
      { name: 'lstm_1 (LSTM)', outputShape: [null, 32], params: 12_416 },
      { name: 'dense (Dense)', outputShape: [null, 1], params: 33 },
    ],
    time,
  }];
  let step = 0;
  for (let epoch = 1; epoch <= run.epochs; epoch++) {
    for (let batch = 1; batch <= run.stepsPerEpoch; batch++) {
      step++;
      // Deterministic "noise" so runs are reproducible without a random generator.
      const noise = 0.3 * Math.sin(step * 12.9898) * Math.sin(step * 78.233);
      events.push({ type: 'batch', epoch, batch, step, loss: scale * (1 / Math.sqrt(step) + 0.02) * (1 + noise), time: time + step });
    }
    events.push({
      type: 'epoch', epoch, step, loss: scale * (1 / Math.sqrt(step) + 0.02), val_loss: scale * (1.1 / Math.sqrt(step) + 0.03),
      metrics: { mae: scale / Math.sqrt(epoch), val_mae: (1.1 * scale) / Math.sqrt(epoch) }, seconds: 1.5, eta: 1.5 * (run.epochs - epoch), time: time + step,
    });
  }
  const n = run.predictions ?? 0;
  events.push({
    type: 'end', status: 'completed', epochs: run.epochs, seconds: 1.5 * run.epochs, time: time + step + 1,
    final: { loss: scale * 0.03, val_loss: scale * 0.04, mae: 0.1, val_mae: 0.12 },
    ...(n > 0 ? { predictions: {
      target: Array.from({ length: n }, (_, i) => Math.sin(i / 6)),
      predicted: Array.from({ length: n }, (_, i) => 0.9 * Math.sin(i / 6 + 0.1)),
    } } : {}),
  });
  return events;
}

/** A run's start and end around one epoch: the shape of a finished run, with the given extra fields. */
function finishedRun(start: Partial<StartEvent>, end: Partial<EndEvent>): TrainEvent[] {
  const [first, ...rest] = syntheticRun({ epochs: 1, stepsPerEpoch: 4 });
  const last = rest.pop()!;
  return [{ ...(first as StartEvent), ...start }, ...rest, { ...(last as EndEvent), ...end }];
}

/** 48 rows of a seasonal series (season 12, rising), forecast 12 rows ahead: 3 validation windows and the rows after the end. */
export function forecastRun(): TrainEvent[] {
  const values = Array.from({ length: 48 }, (_, r) => 100 + 2 * r + 30 * Math.sin((2 * Math.PI * r) / 12));
  const model = (origin: number) => Array.from({ length: 12 }, (_, k) => 101 + 2 * (origin + k) + 28 * Math.sin((2 * Math.PI * (origin + k)) / 12));
  return finishedRun(
    {
      model: 'AirlineForecast', baselineLoss: 0.02,
      baselines: [{ name: 'seasonal_naive', season: 12, loss: 0.02, rmse: 24.0 }, { name: 'persistence', loss: 0.09, rmse: 30.5 }],
      layers: [{ name: 'gru (GRU)', outputShape: [null, 32], params: 3264 }, { name: 'dense (Dense)', outputShape: [null, 12], params: 396 }],
      totalParams: 3660,
    },
    {
      scores: { rmse: 3.1 },
      forecast: {
        column: 'Passengers', series: { start: 0, values }, horizon: 12, season: 12, validationStart: 34,
        windows: [34, 35, 36].map((origin) => ({ origin, predicted: model(origin) })),
        future: model(48),
      },
    },
  );
}

/** A classification of three classes, with its confusion matrix (rows true, columns predicted). */
export function classificationRun(): TrainEvent[] {
  return finishedRun(
    { task: 'classification', metric: 'accuracy', baselines: [{ name: 'majority_class', loss: 1.08, accuracy: 0.4 }] },
    { scores: { accuracy: 0.7 }, classification: { classes: ['walk', 'run', ' '], confusion: [[2, 1, 1], [1, 2, 0], [0, 0, 3]] } },
  );
}

/** A model predicting at every step: one validation window of 20 steps. */
export function everyStepRun(): TrainEvent[] {
  const target = Array.from({ length: 20 }, (_, i) => Math.sin(i / 3));
  return finishedRun({}, { stepPredictions: { target, predicted: target.map((v) => 0.9 * v) } });
}

/** A two-column series (a and b, on different scales) forecast one row ahead; a run written before otherColumns has only a. */
export function twoColumnForecastRun(): TrainEvent[] {
  const a = Array.from({ length: 30 }, (_, r) => Math.sin(r / 3));
  const b = Array.from({ length: 30 }, (_, r) => 100 + r);
  return finishedRun({ baselines: [{ name: 'persistence', loss: 0.1, rmse: 0.4 }] }, {
    scores: { rmse: 0.2 },
    forecast: {
      column: 'a', series: { start: 0, values: a }, horizon: 1, validationStart: 24,
      windows: [24, 25].map((origin) => ({ origin, predicted: [a[origin] + 0.01] })),
      future: [0.5],
      otherColumns: [{ column: 'b', values: b, windows: [[124.5], [125.5]], future: [130.5] }],
    },
  });
}
