// Early stopping (train.early_stopping = patience): watches the validation
// loss (the training loss without validation data), stops the run when it
// has not improved for `patience` epochs, and puts the best epoch's weights
// back at the end, so they are what is saved, predicted and sampled.
import * as tf from '@tensorflow/tfjs-core';
import { t } from '../../../shared';
import type { Callback, EpochLogs, RunContext, RunEnd, TrainingContext } from './callback';

export class EarlyStopping implements Callback {
  private best = Infinity;
  private bestEpoch = 0;
  private sinceBest = 0;
  private bestWeights?: tf.Tensor[];

  constructor(private readonly patience: number) {}

  onEpochEnd(run: TrainingContext, logs: EpochLogs): void {
    const monitored = logs.valLoss ?? logs.loss;
    if (monitored < this.best) {
      this.best = monitored;
      this.bestEpoch = logs.epoch;
      this.sinceBest = 0;
      tf.dispose(this.bestWeights);
      const { model } = run.setup;
      this.bestWeights = tf.tidy(() => model.getWeights().map((w) => w.clone()));
    } else {
      this.sinceBest++;
    }
    if (this.sinceBest >= this.patience) {
      const values = { patience: this.patience, epoch: this.bestEpoch, best: this.best.toPrecision(4) };
      run.stop(
        logs.valLoss !== undefined
          ? t('the validation loss did not improve for {patience} epochs; kept the best epoch, {epoch} (validation loss {best})', values)
          : t('the loss did not improve for {patience} epochs; kept the best epoch, {epoch} (loss {best})', values),
      );
    }
  }

  /** Its watch, for a checkpoint a resumed run continues from (the best weights are the caller's to read, not to keep). */
  snapshot(): { best: number; bestEpoch: number; sinceBest: number; weights: readonly tf.Tensor[] } {
    return { best: this.best, bestEpoch: this.bestEpoch, sinceBest: this.sinceBest, weights: this.bestWeights ?? [] };
  }

  /** Continues a watch `snapshot` gave; copies `weights`. */
  resume(watch: { best: number; bestEpoch: number; sinceBest: number }, weights: readonly tf.Tensor[]): void {
    this.best = watch.best;
    this.bestEpoch = watch.bestEpoch;
    this.sinceBest = watch.sinceBest;
    tf.dispose(this.bestWeights);
    this.bestWeights = weights.length > 0 ? weights.map((w) => w.clone()) : undefined;
  }

  onTrainEnd(run: TrainingContext): void {
    this.restoreBest(run);
  }

  onRunEnd(run: RunContext, end: RunEnd): void {
    // A cancelled run skips onTrainEnd; it too keeps its best epoch.
    if (end.status === 'cancelled') this.restoreBest(run);
    tf.dispose(this.bestWeights);
    this.bestWeights = undefined;
  }

  private restoreBest(run: RunContext): void {
    const { model } = run.setup;
    if (!model || !this.bestWeights) return;
    model.setWeights(this.bestWeights);
    run.history.weightsEpoch = this.bestEpoch;
  }
}
