// One optimisation step: forward with dropout, loss, gradients, then
// clipping and the update in one pass (flat-optimizer.ts). It syncs one small
// tensor, the loss and the metric, which is all a batch reads back besides
// the gradients the update reads.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Batch, Dataset } from '../../language';
import { batchTensors } from './batches';
import type { ClipSettings } from './clip';
import { batchLoss } from './batch-loss';
import type { FlatOptimizer } from './flat-optimizer';
import { forwardHidden } from './forward';
import type { LossFunction, Metric } from './losses';
import type { RegressionHead } from './regression-head';

export interface TrainStep {
  model: LayersModel;
  variables: tf.Variable[];
  optimizer: FlatOptimizer;
  loss: LossFunction;
  metric: Metric;
  clip: ClipSettings;
  /** The output layer, loss and metric as one op, when the model is one it computes (regression-head.ts). */
  head?: RegressionHead;
}

/** [loss, metric] of the batch, measured before the update. */
export function trainStep(step: TrainStep, batch: Batch, data: Dataset): ArrayLike<number> {
  if (step.head) return headStep(step, step.head, batch, data);
  return tf.tidy(() => {
    const { x, y, mask } = batchTensors(batch, data);
    let metricValue: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const { loss, metric } = batchLoss(step.model, { x, y, mask }, true, step.loss, step.metric);
      metricValue = tf.keep(metric!);
      return loss;
    }, step.variables);
    step.optimizer.applyGradients(grads, step.clip);
    const both = tf.stack([value, metricValue!]);
    metricValue!.dispose();
    return both.dataSync();
  });
}

/** trainStep through the regression head: the loss and metric come back as numbers, with nothing to read back. */
function headStep(step: TrainStep, head: RegressionHead, batch: Batch, data: Dataset): ArrayLike<number> {
  return tf.tidy(() => {
    const { x, mask } = batchTensors(batch, data);
    let values: [number, number] = [NaN, NaN];
    const { grads } = tf.variableGrads(() => {
      const { loss, value, metric } = head.loss(forwardHidden(step.model, x, true, mask), batch.y);
      values = [value, metric];
      return loss;
    }, step.variables);
    step.optimizer.applyGradients(grads, step.clip);
    return values;
  });
}
