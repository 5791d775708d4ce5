// Loss and metric over a whole window set, in batches, without dropout: the
// validation of every epoch.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Dataset, WindowSource } from '../../language';
import { batchTensors, forEachBatch } from './batches';
import { batchLoss } from './batch-loss';
import type { LossFunction, Metric } from './losses';

export function evaluate(model: LayersModel, source: WindowSource, data: Dataset, loss: LossFunction, metric: Metric, batchSize: number) {
  let lossSum = 0;
  let metricSum = 0;
  forEachBatch(source, batchSize, (batch) => {
    const values = tf.tidy(() => {
      const both = batchLoss(model, batchTensors(batch, data), false, loss, metric);
      return tf.stack([both.loss, both.metric!]).dataSync();
    });
    lossSum += values[0] * batch.size;
    metricSum += values[1] * batch.size;
  });
  return { loss: lossSum / source.size, metric: metricSum / source.size };
}
