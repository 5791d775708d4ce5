// The last recurrent layer of an every-step model, its output layer
// (Dense softmax) and the sparse cross-entropy as one differentiable op: the
// recurrent kernel's output sequence stays in the kernels' memory for the
// output kernel (output-kernel.ts), whose gradient for it stays there for the
// recurrent backward pass. With the two as separate ops each batch copied the
// sequence and its gradient ([batch, timesteps, units], 4 MB on the
// shakespeare sample) out of the kernels, into tfjs and back; the garbage
// alone kept V8's collector busy beside the kernels' threads. The loss is
// the end of the graph, so when a gradient is being recorded every gradient
// is computed in the forward call and handed out by gradFunc.
import * as tf from '@tensorflow/tfjs-core';
import { checkSequenceInputs, kernelInput, layerWeightsOf, recordingGradients, sequenceGradientTensors, type FusedWeights } from './fused-op';
import { outputLossFrame, scaleGradients, type FusedOutputLoss } from './fused-output-op';
import { softmaxCrossEntropy } from './output-kernel';
import type { KernelCellConfig, RecurrentKernels, ResidentBuffer, WeightGradients } from './recurrent-kernels';
import { float32 } from './tensor-values';

/**
 * x [batch, timesteps, features] through the recurrent layer (`config`,
 * `weights`, the masks as fusedRecurrentSequence takes them) and the output
 * layer (`output`: kernel [units, classes], bias [classes]); the loss against
 * `targets` [batch, timesteps] and the accuracy, means over the real steps of
 * `mask` [batch, timesteps]. Differentiable in x and every weight (x's
 * gradient is zeros, not computed, when `inputGradient` is false).
 */
export function fusedRecurrentOutputLoss(
  kernels: RecurrentKernels,
  config: KernelCellConfig,
  x: tf.Tensor,
  weights: FusedWeights,
  output: { kernel: tf.Tensor; bias: tf.Tensor },
  targets: tf.Tensor,
  mask?: tf.Tensor,
  recurrentMask?: Float32Array,
  stepMask?: Float32Array,
  inputGradient = true,
): FusedOutputLoss {
  const { shape, withPeepholes } = checkSequenceInputs(config, x, weights, recurrentMask, stepMask);
  const { batch, timesteps, features } = shape;
  const frame = outputLossFrame([batch, timesteps, config.units], output.kernel, output.bias, targets, mask);
  const recording = recordingGradients();
  let hits = 0;
  const op = tf.customGrad((...args: unknown[]) => {
    const [xIn, kernel, recurrentKernel, bias, outputKernel, outputBias, peepholes] = args as tf.Tensor[];
    const data = layerWeightsOf({ kernel, recurrentKernel, bias, peepholes }, withPeepholes, recurrentMask, stepMask);
    const input = kernelInput(xIn, features);
    const sequence = kernels.forwardResident(config, shape, input, data, recording);
    const result = softmaxCrossEntropy(kernels, {
      ...frame,
      hidden: sequence,
      kernel: float32(outputKernel),
      bias: float32(outputBias),
      gradientScale: recording ? 1 / frame.real : undefined,
      residentHiddenGradient: true,
    });
    hits = result.hits;
    let recurrent: WeightGradients | undefined;
    const hiddenGradient = result.gradients?.hidden as ResidentBuffer;
    if (recording) recurrent = kernels.backward(config, shape, input, data, sequence.cache!, hiddenGradient, false, { inputGradient });
    const gradFunc = (dy: tf.Tensor) => {
      if (!recurrent || !result.gradients) throw new Error(`fused ${config.cell}: a gradient was asked of a pass that was not recorded`);
      const { kernel: dWo, bias: dbo } = result.gradients;
      scaleGradients(dy, [recurrent.input, recurrent.kernel, recurrent.recurrentKernel, recurrent.bias, recurrent.peepholes, dWo, dbo]);
      const grads = [
        ...sequenceGradientTensors(recurrent, [batch, timesteps, features], kernel, recurrentKernel),
        tf.tensor2d(dWo, outputKernel.shape as [number, number]),
        tf.tensor1d(dbo),
      ];
      if (withPeepholes) grads.push(tf.tensor1d(recurrent.peepholes!));
      return grads;
    };
    return { value: tf.scalar(result.lossSum / frame.real), gradFunc };
  });
  const inputs = [x, weights.kernel, weights.recurrentKernel, weights.bias, output.kernel, output.bias];
  if (withPeepholes) inputs.push(weights.peepholes!);
  const loss = op(...inputs) as tf.Scalar;
  return { loss, accuracy: tf.scalar(hits / frame.real) };
}
