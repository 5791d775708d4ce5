// The six losses of the schema and the metric that goes with the task.
// Targets arrive as the data layer makes them: dense [batch, outputs] or
// sparse [batch] class indices (text).
import * as tf from '@tensorflow/tfjs-core';
import type { Task } from '../../shared';

const EPSILON = 1e-7;

export type TargetKind = 'dense' | 'sparse';
export type LossFunction = (target: tf.Tensor, predicted: tf.Tensor) => tf.Scalar;

/** One-hot class targets, whatever form they came in. */
function asOneHot(target: tf.Tensor, predicted: tf.Tensor, kind: TargetKind): tf.Tensor {
  return kind === 'sparse' ? tf.oneHot(tf.cast(target, 'int32'), predicted.shape[predicted.shape.length - 1]!) : target;
}

function crossEntropy(oneHot: tf.Tensor, predicted: tf.Tensor): tf.Scalar {
  const clipped = tf.clipByValue(predicted, EPSILON, 1 - EPSILON);
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.log(clipped)), -1))) as tf.Scalar;
}

export function lossFunction(name: string, kind: TargetKind): LossFunction {
  switch (name) {
    case 'mse':
      return (y, p) => tf.mean(tf.squaredDifference(y, p));
    case 'mae':
      return (y, p) => tf.mean(tf.abs(tf.sub(y, p)));
    case 'huber':
      // delta 1: quadratic within 1 of the target, linear beyond.
      return (y, p) => {
        const error = tf.abs(tf.sub(y, p));
        const quadratic = tf.minimum(error, 1);
        return tf.mean(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.sub(error, quadratic))) as tf.Scalar;
      };
    case 'binary_crossentropy':
      return (y, p) => {
        const clipped = tf.clipByValue(p, EPSILON, 1 - EPSILON);
        return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(clipped)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, clipped)))))) as tf.Scalar;
      };
    case 'categorical_crossentropy':
    case 'sparse_categorical_crossentropy':
      // Either accepts either target form: the data decides how targets are stored.
      return (y, p) => crossEntropy(asOneHot(y, p, kind), p);
    default:
      throw new Error(`unknown loss "${name}"`);
  }
}

export interface Metric {
  name: 'mae' | 'accuracy';
  /** Mean over the batch. */
  compute(target: tf.Tensor, predicted: tf.Tensor): tf.Scalar;
}

/** mae for regression, accuracy for classification (binary: threshold 0.5; otherwise argmax). */
export function taskMetric(task: Task, loss: string, kind: TargetKind): Metric {
  if (task === 'regression') return { name: 'mae', compute: (y, p) => tf.mean(tf.abs(tf.sub(y, p))) };
  if (loss === 'binary_crossentropy') {
    return { name: 'accuracy', compute: (y, p) => tf.mean(tf.cast(tf.equal(tf.greater(p, 0.5), tf.greater(y, 0.5)), 'float32')) };
  }
  return {
    name: 'accuracy',
    compute: (y, p) => {
      const truth = kind === 'sparse' ? tf.cast(y, 'int32') : tf.argMax(y, -1);
      return tf.mean(tf.cast(tf.equal(tf.argMax(p, -1), truth), 'float32'));
    },
  };
}
