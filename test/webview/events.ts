// A synthetic training run in the engine's event protocol, for feeding the panel.
import type { TrainEvent } from '../../core/src/shared/protocol';

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
