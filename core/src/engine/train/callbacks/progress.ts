// The run's progress as events: start (what is trained, on what), one per
// batch (its loss), one per epoch (losses, metrics, time, time left).
import type { Dataset } from '../../../language';
import { windowIndices } from '../batches';
import type { BatchLogs, Callback, EpochLogs, TrainingContext } from './callback';

export const progressEvents: Callback = {
  onTrainBegin(run: TrainingContext): void {
    const { spec, setup } = run;
    const { data } = setup;
    run.emit({
      type: 'start',
      model: spec.name,
      runDir: run.writer.dir,
      backend: setup.backend,
      seed: run.seed,
      epochs: run.epochs,
      stepsPerEpoch: run.stepsPerEpoch,
      trainSamples: data.train.size,
      validationSamples: data.validation.size,
      task: data.task,
      metric: run.metric,
      layers: setup.layers,
      implementations: setup.implementations,
      totalParams: setup.totalParams,
      baselineLoss: spec.loss === 'mse' ? targetVariance(data) : undefined,
      time: Date.now(),
    });
  },

  onBatchEnd(run: TrainingContext, logs: BatchLogs): void {
    run.emit({ type: 'batch', epoch: logs.epoch, batch: logs.batch, step: logs.step, loss: logs.loss, time: Date.now() });
  },

  onEpochEnd(run: TrainingContext, logs: EpochLogs): void {
    const elapsed = (Date.now() - run.started) / 1000;
    const trained = logs.epoch - (run.resumedFrom?.epoch ?? 0);
    const eta = (elapsed / trained) * (run.epochs - logs.epoch);
    run.emit({
      type: 'epoch',
      epoch: logs.epoch,
      step: logs.step,
      loss: logs.loss,
      val_loss: logs.valLoss,
      metrics: logs.metrics,
      seconds: logs.seconds,
      eta,
      time: Date.now(),
    });
  },
};

/** Predict-the-mean MSE of the training targets: the line a model must beat. */
function targetVariance(data: Dataset): number | undefined {
  if (data.targets !== 'dense' || data.train.size === 0) return undefined;
  const { y } = data.train.batch(windowIndices(data.train.size));
  let variance = 0;
  for (let o = 0; o < data.outputs; o++) {
    let sum = 0;
    let squares = 0;
    const n = data.train.size;
    for (let i = 0; i < n; i++) {
      const v = y[i * data.outputs + o];
      sum += v;
      squares += v * v;
    }
    variance += squares / n - (sum / n) ** 2;
  }
  return variance / data.outputs;
}
