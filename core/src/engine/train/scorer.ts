// Scores any predictor's outputs on a window set, chunk by chunk, the way the
// run scores its model: the run's loss, its metric, and for regression the
// RMSE of the first output in the data's units (every forecast row; every
// real step of a model that predicts at every step). The baselines and the
// trained model are measured with it, so they compare.
import * as tf from '@tensorflow/tfjs-core';
import type { Batch, Dataset } from '../../language';
import { denormalize } from '../data/normalize';
import { lossFunction, taskMetric, type LossFunction, type Metric } from './losses';

export interface Scores {
  loss: number;
  rmse?: number;
  accuracy?: number;
}

export class Scorer {
  private readonly loss: LossFunction;
  private readonly metric: Metric;
  private lossSum = 0;
  private metricSum = 0;
  private squares = 0;
  private rows = 0;
  private windows = 0;

  constructor(
    private readonly data: Dataset,
    lossName: string,
  ) {
    this.loss = lossFunction(lossName, data.targets);
    this.metric = taskMetric(data.task, lossName, data.targets);
  }

  /** Values per step of a prediction (per window, unless the model predicts at every step): the dense targets' width, or one probability per class. */
  get width(): number {
    const { data } = this;
    return data.outputs * (data.targets === 'dense' ? (data.horizon ?? 1) : 1);
  }

  /** Predictions per window: one, or one per time step. */
  get steps(): number {
    return this.data.targetSteps === 'every_step' ? this.data.timesteps : 1;
  }

  /**
   * `predicted` holds `width` values per window of `batch` (per step of each window, every-step), in the model's
   * (normalised) units. Each batch counts by its windows, as the validation loss does, so the two compare.
   */
  add(batch: Batch, predicted: Float32Array): void {
    const { data, width, steps } = this;
    const everyStep = steps > 1;
    const values = tf.tidy(() => {
      const stepAxis = everyStep ? [steps] : [];
      const y = tf.tensor(batch.y, data.targets === 'sparse' ? [batch.size, ...stepAxis] : [batch.size, ...stepAxis, width]);
      const p = tf.tensor(predicted, [batch.size, ...stepAxis, width]);
      const mask = everyStep && batch.mask ? tf.tensor2d(batch.mask, [batch.size, steps]) : undefined;
      return tf.stack([this.loss(y, p, mask), this.metric.compute(y, p, mask)]).dataSync();
    });
    this.lossSum += values[0] * batch.size;
    this.metricSum += values[1] * batch.size;
    this.windows += batch.size;
    if (data.task !== 'regression') return;
    // The first column of every forecast row (of every real step), back in the data's units.
    for (let row = 0; row < batch.size * steps; row++) {
      if (everyStep && batch.mask && batch.mask[row] === 0) continue;
      for (let k = 0; k < width; k += data.outputs) {
        const i = row * width + k;
        this.squares += (denormalize(predicted[i], data.normalization, 0) - denormalize(batch.y[i], data.normalization, 0)) ** 2;
        this.rows++;
      }
    }
  }

  result(): Scores {
    const loss = this.lossSum / this.windows;
    if (this.data.task === 'regression') return { loss, rmse: Math.sqrt(this.squares / this.rows) };
    return { loss, ...(this.metric.name === 'accuracy' ? { accuracy: this.metricSum / this.windows } : {}) };
  }
}
