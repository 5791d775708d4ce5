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

/** What the output kernel is called with besides h and the weights, from the op's tensors. */
export interface OutputLossFrame {
  batch: number;
  timesteps: number;
  units: number;
  classes: number;
  targets: Float32Array;
  stepMask?: Float32Array;
  /** The real steps of the batch (at least 1): what the loss and the accuracy are means over. */
  real: number;
}

/**
 * Checks the shapes and reads targets [batch, timesteps] (class indices) and
 * mask [batch, timesteps] (1 real, 0 padding). Means are over the real steps
 * (at least 1), as maskedMean takes them; without a mask over every step.
 */
export function outputLossFrame(hiddenShape: number[], kernel: tf.Tensor, bias: tf.Tensor, targets: tf.Tensor, mask?: tf.Tensor): OutputLossFrame {
  if (hiddenShape.length !== 3) throw new Error(`fused output layer: expected its input [batch, timesteps, units], got shape [${hiddenShape}]`);
  const [batch, timesteps, units] = hiddenShape;
  const classes = kernel.shape[1]!;
  if (kernel.rank !== 2 || kernel.shape[0] !== units || bias.size !== classes) {
    throw new Error(`fused output layer: kernel [${kernel.shape}] and bias [${bias.shape}] do not fit ${units} units`);
  }
  if (targets.size !== batch * timesteps) throw new Error(`fused output layer: ${targets.size} targets for ${batch}x${timesteps} steps`);
  const stepMask = mask ? float32(mask) : undefined;
  let real = batch * timesteps;
  if (stepMask) {
    real = 0;
    for (const m of stepMask) real += m;
    real = Math.max(real, 1);
  }
  return { batch, timesteps, units, classes, targets: float32(targets), stepMask, real };
}

/**
 * The gradients a kernel computed for dL/dloss = 1, for the dy tfjs asks
 * with (1 for a loss being minimised, which is what every caller does).
 */
export function scaleGradients(dy: tf.Tensor, gradients: (Float32Array | undefined)[]): void {
  const factor = dy.dataSync()[0];
  if (factor === 1) return;
  for (const values of gradients) if (values) for (let i = 0; i < values.length; i++) values[i] *= factor;
}

/** hidden [batch, timesteps, units], kernel [units, classes], bias [classes]; targets and mask as outputLossFrame reads them. */
export function fusedSoftmaxCrossEntropy(
  kernels: RecurrentKernels,
  hidden: tf.Tensor,
  kernel: tf.Tensor,
  bias: tf.Tensor,
  targets: tf.Tensor,
  mask?: tf.Tensor,
): FusedOutputLoss {
  const frame = outputLossFrame(hidden.shape, kernel, bias, targets, mask);
  const { batch, timesteps, units, classes, real } = frame;
  const recording = recordingGradients();
  let hits = 0;
  const op = tf.customGrad((...args: unknown[]) => {
    const [h, W, b] = args as tf.Tensor[];
    const result = softmaxCrossEntropy(kernels, {
      ...frame,
      hidden: float32(h),
      kernel: float32(W),
      bias: float32(b),
      gradientScale: recording ? 1 / real : undefined,
    });
    hits = result.hits;
    const gradFunc = (dy: tf.Tensor) => {
      const gradients = result.gradients;
      if (!gradients) throw new Error('fused output layer: a gradient was asked of a pass that was not recorded');
      const dh = gradients.hidden as Float32Array;
      scaleGradients(dy, [dh, gradients.kernel, gradients.bias]);
      return [tensorOf(dh, [batch, timesteps, units]), tf.tensor2d(gradients.kernel, [units, classes]), tf.tensor1d(gradients.bias)];
    };
    return { value: tf.scalar(result.lossSum / real), gradFunc };
  });
  const loss = op(hidden, kernel, bias) as tf.Scalar;
  return { loss, accuracy: tf.scalar(hits / real) };
}
