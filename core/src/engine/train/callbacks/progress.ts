// The run's progress as events: start (what is trained, on what, and the
// baselines it must beat), one per batch (its loss), one per epoch (losses,
// metrics, time, time left).
import { measureBaselines } from '../baselines';
import type { BatchLogs, Callback, EpochLogs, TrainingContext } from './callback';

export const progressEvents: Callback = {
  onTrainBegin(run: TrainingContext): void {
    const { spec, setup } = run;
    const { data } = setup;
    const baselines = measureBaselines(data, spec.loss);
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
      baselineLoss: baselines[0]?.loss,
      ...(baselines.length ? { baselines } : {}),
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
