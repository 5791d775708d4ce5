// One optimisation step: forward with dropout, loss, gradients, clipping
// (which tfjs optimizers cannot do), update. It syncs exactly one small
// tensor, the loss and the metric, which is all a batch reads back.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Batch, Dataset } from '../../language';
import { batchTensors } from './batches';
import { clipGradients, type ClipSettings } from './clip';
import { batchLoss } from './batch-loss';
import type { LossFunction, Metric } from './losses';

export interface TrainStep {
  model: LayersModel;
  variables: tf.Variable[];
  optimizer: tf.Optimizer;
  loss: LossFunction;
  metric: Metric;
  clip: ClipSettings;
}

/** [loss, metric] of the batch, measured before the update. */
export function trainStep(step: TrainStep, batch: Batch, data: Dataset): ArrayLike<number> {
  return tf.tidy(() => {
    const { x, y, mask } = batchTensors(batch, data);
    let metricValue: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const { loss, metric } = batchLoss(step.model, { x, y, mask }, true, step.loss, step.metric);
      metricValue = tf.keep(metric!);
      return loss;
    }, step.variables);
    step.optimizer.applyGradients(clipGradients(grads, step.clip));
    const both = tf.stack([value, metricValue!]);
    metricValue!.dispose();
    return both.dataSync();
  });
}
