// Scores any predictor's outputs on a window set, chunk by chunk, the way the
// run scores its model: the run's loss, its metric, and for regression the
// RMSE of the first output in the data's units (every forecast row). The
// baselines and the trained model are measured with it, so they compare.
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

  /** Values per window of a prediction: the dense targets' width, or one probability per class. */
  get width(): number {
    const { data } = this;
    return data.outputs * (data.targets === 'dense' ? (data.horizon ?? 1) : 1);
  }

  /** `predicted` holds `width` values per window of `batch`, in the model's (normalised) units. */
  add(batch: Batch, predicted: Float32Array): void {
    const { data, width } = this;
    const values = tf.tidy(() => {
      const y = data.targets === 'sparse' ? tf.tensor1d(batch.y) : tf.tensor2d(batch.y, [batch.size, width]);
      const p = tf.tensor2d(predicted, [batch.size, width]);
      return tf.stack([this.loss(y, p), this.metric.compute(y, p)]).dataSync();
    });
    this.lossSum += values[0] * batch.size;
    this.metricSum += values[1] * batch.size;
    this.windows += batch.size;
    if (data.task !== 'regression') return;
    // The first column of every forecast row, back in the data's units.
    for (let i = 0; i < batch.size * width; i += data.outputs) {
      this.squares += (denormalize(predicted[i], data.normalization, 0) - denormalize(batch.y[i], data.normalization, 0)) ** 2;
      this.rows++;
    }
  }

  result(): Scores {
    const loss = this.lossSum / this.windows;
    if (this.data.task === 'regression') return { loss, rmse: Math.sqrt(this.squares / this.rows) };
    return { loss, ...(this.metric.name === 'accuracy' ? { accuracy: this.metricSum / this.windows } : {}) };
  }
}
