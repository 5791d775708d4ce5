// The every-step output layer with its softmax and sparse cross-entropy as
// one differentiable tfjs op on the fused kernels (output-kernel.ts): the
// loss is the op's value, its gradients for h, W and b come from the same
// kernel call, and the metric (accuracy) comes along without a gradient. It
// stands for Dense(softmax) at every step followed by the engine's sparse
// cross-entropy (core/src/engine/train/losses.ts) and accuracy: the same
// numbers, without tfjs's passes over every step and class.
import * as tf from '@tensorflow/tfjs-core';
import { recordingGradients } from './fused-op';
import { softmaxCrossEntropy } from './output-kernel';
import { float32, tensorOf } from './tensor-values';
import type { RecurrentKernels } from './recurrent-kernels';

export interface FusedOutputLoss {
  /** Mean over the real steps of -ln p(target); differentiable in hidden, kernel and bias. */
  loss: tf.Scalar;
  /** Mean over the real steps of 1 where the most likely class is the target. */
  accuracy: tf.Scalar;
}

/**
 * hidden [batch, timesteps, units], kernel [units, classes], bias [classes],
 * targets [batch, timesteps] class indices, mask [batch, timesteps] (1 real,
 * 0 padding). Means are over the real steps (at least 1), as maskedMean takes
 * them; without a mask over every step.
 */
export function fusedSoftmaxCrossEntropy(
  kernels: RecurrentKernels,
  hidden: tf.Tensor,
  kernel: tf.Tensor,
  bias: tf.Tensor,
  targets: tf.Tensor,
  mask?: tf.Tensor,
): FusedOutputLoss {
  if (hidden.rank !== 3) throw new Error(`fused output layer: expected its input [batch, timesteps, units], got shape [${hidden.shape}]`);
  const [batch, timesteps, units] = hidden.shape;
  const classes = kernel.shape[1]!;
  if (kernel.rank !== 2 || kernel.shape[0] !== units || bias.size !== classes) {
    throw new Error(`fused output layer: kernel [${kernel.shape}] and bias [${bias.shape}] do not fit ${units} units`);
  }
  if (targets.size !== batch * timesteps) throw new Error(`fused output layer: ${targets.size} targets for ${batch}x${timesteps} steps`);
  const targetData = float32(targets);
  const stepMask = mask ? float32(mask) : undefined;
  let real = batch * timesteps;
  if (stepMask) {
    real = 0;
    for (const m of stepMask) real += m;
    real = Math.max(real, 1);
  }
  const recording = recordingGradients();
  let hits = 0;
  const op = tf.customGrad((...args: unknown[]) => {
    const [h, W, b] = args as tf.Tensor[];
    const result = softmaxCrossEntropy(kernels, {
      batch,
      timesteps,
      units,
      classes,
      hidden: float32(h),
      kernel: float32(W),
      bias: float32(b),
      targets: targetData,
      stepMask,
      gradientScale: recording ? 1 / real : undefined,
    });
    hits = result.hits;
    const gradFunc = (dy: tf.Tensor) => {
      const gradients = result.gradients;
      if (!gradients) throw new Error('fused output layer: a gradient was asked of a pass that was not recorded');
      // The kernel scaled for dL/dloss = 1, which is what a loss being minimised gets.
      const factor = dy.dataSync()[0];
      if (factor !== 1) for (const values of [gradients.hidden, gradients.kernel, gradients.bias]) for (let i = 0; i < values.length; i++) values[i] *= factor;
      return [tensorOf(gradients.hidden, [batch, timesteps, units]), tf.tensor2d(gradients.kernel, [units, classes]), tf.tensor1d(gradients.bias)];
    };
    return { value: tf.scalar(result.lossSum / real), gradFunc };
  });
  const loss = op(hidden, kernel, bias) as tf.Scalar;
  return { loss, accuracy: tf.scalar(hits / real) };
}
