// The six losses of the schema and the metric that goes with the task.
// Targets arrive as the data layer makes them: dense [batch, outputs] or
// sparse [batch] class indices (text), with a time axis after the batch when
// the model predicts at every step. Each loss is first taken per target (one
// value per window, or per window and step), then averaged: over every
// target, or, with a step mask, over the real steps only, so padding adds
// nothing to the loss or its gradients.
import * as tf from '@tensorflow/tfjs-core';
import type { Task } from '../../shared';

const EPSILON = 1e-7;

export type TargetKind = 'dense' | 'sparse';
/**
 * `mask` [batch, timesteps]: 1 for a real step, 0 for padding. `logits`: the
 * values before the output's softmax, when the forward pass has them
 * (forwardWithLogits); the cross-entropies then take them.
 */
export type LossFunction = ((target: tf.Tensor, predicted: tf.Tensor, mask?: tf.Tensor, logits?: tf.Tensor) => tf.Scalar) & {
  /** A cross-entropy against class indices: what the fused output kernel computes with the softmax (train/batch-loss.ts). */
  readonly sparseCrossEntropy?: boolean;
};
/** One value per target: `predicted`'s shape without its last (outputs) axis. */
type PerTarget = (target: tf.Tensor, predicted: tf.Tensor) => tf.Tensor;

/** One-hot class targets, whatever form they came in. */
function asOneHot(target: tf.Tensor, predicted: tf.Tensor, kind: TargetKind): tf.Tensor {
  return kind === 'sparse' ? tf.oneHot(tf.cast(target, 'int32'), predicted.shape[predicted.shape.length - 1]!) : target;
}

function crossEntropy(oneHot: tf.Tensor, predicted: tf.Tensor): tf.Tensor {
  const clipped = tf.clipByValue(predicted, EPSILON, 1 - EPSILON);
  return tf.neg(tf.sum(tf.mul(oneHot, tf.log(clipped)), -1));
}

/**
 * The mean of per-target values; with a mask and a value per step
 * ([batch, timesteps]), the mean over the real steps. A mask on a model that
 * predicts after the last step shaped its state only: every window counts.
 */
export function maskedMean(values: tf.Tensor, mask?: tf.Tensor): tf.Scalar {
  if (!mask || values.rank !== 2) return tf.mean(values) as tf.Scalar;
  return tf.div(tf.sum(tf.mul(values, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
}

function perTargetLoss(name: string, kind: TargetKind): PerTarget {
  switch (name) {
    case 'mse':
      return (y, p) => tf.mean(tf.squaredDifference(y, p), -1);
    case 'mae':
      return (y, p) => tf.mean(tf.abs(tf.sub(y, p)), -1);
    case 'huber':
      // delta 1: quadratic within 1 of the target, linear beyond.
      return (y, p) => {
        const error = tf.abs(tf.sub(y, p));
        const quadratic = tf.minimum(error, 1);
        return tf.mean(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.sub(error, quadratic)), -1);
      };
    case 'binary_crossentropy':
      return (y, p) => {
        const clipped = tf.clipByValue(p, EPSILON, 1 - EPSILON);
        return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(clipped)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, clipped)))), -1));
      };
    case 'categorical_crossentropy':
    case 'sparse_categorical_crossentropy':
      // Either accepts either target form: the data decides how targets are stored.
      return (y, p) => crossEntropy(asOneHot(y, p, kind), p);
    default:
      throw new Error(`unknown loss "${name}"`);
  }
}

const CROSS_ENTROPIES = new Set(['categorical_crossentropy', 'sparse_categorical_crossentropy']);

/**
 * -log p(target) per target for class indices `target`, differentiable in
 * `logits` (whose softmax `probabilities` is) by softmax - one-hot. The
 * softmax is already there (the output layer computed it), so this takes
 * neither tfjs's log-sum-exp nor its gradient's second exp over every step
 * and class: on the every-step shakespeare sample those passes over 532,480
 * values were most of the loss's cost. The value is the softmax's own
 * probability, so it is clipped only where that probability underflows
 * (below TINY, a loss above 69 nats); the gradient is exact.
 */
const TINY = 1e-30;
function sparseCrossEntropyFromSoftmax(target: tf.Tensor, probabilities: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  const classes = logits.shape[logits.shape.length - 1]!;
  const rows = logits.size / classes;
  const indices = tf.cast(tf.reshape(target, [rows]), 'int32');
  const withGrad = tf.customGrad((...args: unknown[]) => {
    const [, save] = args as [tf.Tensor, tf.GradSaveFunc];
    // Each target's place in the flattened probabilities: row * classes + class.
    const flat = tf.add(tf.mul(tf.range(0, rows, 1, 'int32'), tf.scalar(classes, 'int32')), indices);
    const picked = tf.gather(tf.reshape(probabilities, [rows * classes]), flat);
    save([probabilities, indices]);
    const value = tf.reshape(tf.neg(tf.log(tf.maximum(picked, TINY))), target.shape.slice(0, logits.rank - 1));
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [p, classIndices] = saved;
      // int32 then cast: tfjs-wasm 4.22's OneHot asked for float32 writes the integer 1's bits (1.4e-45).
      const oneHot = tf.reshape(tf.cast(tf.oneHot(classIndices, classes), 'float32'), p.shape);
      return [tf.mul(tf.expandDims(dy, -1), tf.sub(p, oneHot))];
    };
    return { value, gradFunc };
  });
  return withGrad(logits);
}

export function lossFunction(name: string, kind: TargetKind): LossFunction {
  const perTarget = perTargetLoss(name, kind);
  if (!CROSS_ENTROPIES.has(name)) return (y, p, mask) => maskedMean(perTarget(y, p), mask);
  // From logits: log-sum-exp minus the target's logit, with tfjs's gradient softmax - one-hot; unclipped, so the
  // same value as from the probabilities while the target's probability is above EPSILON.
  const fromLogits: PerTarget = (y, logits) => tf.losses.softmaxCrossEntropy(asOneHot(y, logits, kind), logits, undefined, 0, tf.Reduction.NONE);
  const fromSoftmax: LossFunction = (y, p, mask, logits) => {
    if (!logits) return maskedMean(perTarget(y, p), mask);
    return maskedMean(kind === 'sparse' ? sparseCrossEntropyFromSoftmax(y, p, logits) : fromLogits(y, logits), mask);
  };
  return Object.assign(fromSoftmax, { sparseCrossEntropy: kind === 'sparse' });
}

export interface Metric {
  name: 'mae' | 'accuracy';
  /** Mean over the batch (over its real steps, with a mask and a prediction at every step). */
  compute(target: tf.Tensor, predicted: tf.Tensor, mask?: tf.Tensor): tf.Scalar;
}

/** mae for regression, accuracy for classification (binary: threshold 0.5; otherwise argmax). */
export function taskMetric(task: Task, loss: string, kind: TargetKind): Metric {
  const metric = (name: Metric['name'], perTarget: PerTarget): Metric => ({ name, compute: (y, p, mask) => maskedMean(perTarget(y, p), mask) });
  if (task === 'regression') return metric('mae', (y, p) => tf.mean(tf.abs(tf.sub(y, p)), -1));
  if (loss === 'binary_crossentropy') {
    return metric('accuracy', (y, p) => tf.mean(tf.cast(tf.equal(tf.greater(p, 0.5), tf.greater(y, 0.5)), 'float32'), -1));
  }
  return metric('accuracy', (y, p) => {
    const truth = kind === 'sparse' ? tf.cast(y, 'int32') : tf.argMax(y, -1);
    return tf.cast(tf.equal(tf.argMax(p, -1), truth), 'float32');
  });
}
