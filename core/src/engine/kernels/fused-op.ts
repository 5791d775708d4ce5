// The fused kernels as one differentiable tfjs op per recurrent layer: the
// forward pass over the whole sequence and its backpropagation through time
// are each one kernel call, wrapped with tf.customGrad so losses, optimizers
// and gradient clipping work unchanged on any tfjs backend.
import * as tf from '@tensorflow/tfjs-core';
import { float32, knownOneHot, tensorOf } from './tensor-values';
import {
  cellBlocks,
  sequenceInput,
  type CachedActivations,
  type KernelCellConfig,
  type LayerWeights,
  type RecurrentKernels,
  type SequenceInput,
  type WeightGradients,
} from './recurrent-kernels';

export interface FusedWeights {
  kernel: tf.Tensor;
  recurrentKernel: tf.Tensor;
  bias: tf.Tensor;
  /** LSTM with peepholes only: [3·units]. */
  peepholes?: tf.Tensor;
}

/**
 * What insight (core/src/engine/insight) asks of one pass, filled in as the
 * pass runs: the kernels hold both already, so nothing is computed twice.
 */
export interface FusedPassCapture {
  /** What the forward pass kept in its cache (states, activated gates). */
  activations?: CachedActivations;
  /** From the backward pass, per step in processing order: Σ over batch and units of (dL/dh_t)². */
  stateGradientSquares?: Float64Array;
}

/** True while tfjs records operations for a gradient (only then is the forward cache worth keeping). */
export function recordingGradients(): boolean {
  return (tf.engine().state as { gradientDepth?: number }).gradientDepth! > 0;
}

/**
 * Runs a recurrent layer over x [batch, timesteps, features] and returns the
 * hidden state of every step [batch, timesteps, units] (or, lastStepOnly, of
 * the last step [batch, units]), differentiable with respect to x and every
 * weight. The initial state is zero. `recurrentMask` [batch, units]: recurrent
 * dropout, applied to the previous state at every step (a constant of the op).
 * `stepMask` [batch, timesteps]: 1 for a real step, 0 for padding, which
 * carries the state through (also a constant: a mask has no gradient).
 * `capture`: insight's probe, filled with the pass's activations and state gradients.
 * `inputGradient` false: nothing before the layer trains, so x's gradient is
 * handed to tfjs as zeros instead of being computed.
 */
export function fusedRecurrentSequence(
  kernels: RecurrentKernels,
  config: KernelCellConfig,
  x: tf.Tensor,
  weights: FusedWeights,
  lastStepOnly = false,
  recurrentMask?: Float32Array,
  stepMask?: Float32Array,
  capture?: FusedPassCapture,
  inputGradient = true,
): tf.Tensor {
  const { shape, withPeepholes } = checkSequenceInputs(config, x, weights, recurrentMask, stepMask);
  const [batch, timesteps, features] = x.shape;
  const recording = recordingGradients();
  const op = tf.customGrad((...args: unknown[]) => {
    const [xIn, kernel, recurrentKernel, bias, peepholes] = args as tf.Tensor[];
    const data = layerWeightsOf({ kernel, recurrentKernel, bias, peepholes }, withPeepholes, recurrentMask, stepMask);
    const input = kernelInput(xIn, features);
    const { output, cache } = kernels.forward(config, shape, input, data, { lastStepOnly, keepCache: recording || capture !== undefined });
    if (capture) {
      capture.activations = kernels.cachedActivations(config, shape, cache!);
      if (!recording) cache!.release();
    }
    const value = tensorOf(output, lastStepOnly ? [batch, config.units] : [batch, timesteps, config.units]);
    const gradFunc = (dy: tf.Tensor) => {
      if (!cache) throw new Error(`fused ${config.cell}: a gradient was asked of a pass that was not recorded`);
      const grads = kernels.backward(config, shape, input, data, cache, float32(dy), lastStepOnly, { stateGradients: capture !== undefined, inputGradient });
      if (capture) capture.stateGradientSquares = grads.stateGradientSquares;
      const result = sequenceGradientTensors(grads, [batch, timesteps, features], kernel, recurrentKernel);
      if (withPeepholes) result.push(tf.tensor1d(grads.peepholes!));
      return result;
    };
    return { value, gradFunc };
  });
  const inputs = [x, weights.kernel, weights.recurrentKernel, weights.bias];
  if (withPeepholes) inputs.push(weights.peepholes!);
  return op(...inputs);
}

/**
 * x's values as the kernels take them for a whole pass (one-hot rows as
 * indices: the batch's own when it came with them, else found in x), decided
 * once for its forward and backward calls.
 */
export function kernelInput(x: tf.Tensor, features: number): SequenceInput {
  const indices = knownOneHot(x);
  if (indices && process.env.RNN_SPARSE_INPUT !== '0') return { indices };
  return sequenceInput(float32(x), features);
}

/** The kernels' view of a recurrent op's weight tensors, with the layer's masks (constants, without a gradient). */
export function layerWeightsOf(
  weights: { kernel: tf.Tensor; recurrentKernel: tf.Tensor; bias: tf.Tensor; peepholes?: tf.Tensor },
  withPeepholes: boolean,
  recurrentMask?: Float32Array,
  stepMask?: Float32Array,
): LayerWeights {
  return {
    kernel: float32(weights.kernel),
    recurrentKernel: float32(weights.recurrentKernel),
    bias: float32(weights.bias),
    peepholes: withPeepholes ? float32(weights.peepholes!) : undefined,
    recurrentMask,
    stepMask,
  };
}

/**
 * The gradients of x [batch, timesteps, features], the kernel, the recurrent kernel and the bias as tensors, in the
 * op's input order; x's is zeros when it was not computed (tfjs wants a gradient for every input of the op).
 */
export function sequenceGradientTensors(grads: WeightGradients, inputShape: number[], kernel: tf.Tensor, recurrentKernel: tf.Tensor): tf.Tensor[] {
  const shape = inputShape as [number, number, number];
  return [
    grads.input ? tf.tensor3d(grads.input, shape) : tf.zeros(shape),
    tf.tensor2d(grads.kernel, kernel.shape as [number, number]),
    tf.tensor2d(grads.recurrentKernel, recurrentKernel.shape as [number, number]),
    tf.tensor1d(grads.bias),
  ];
}

/** Checks the op's inputs against the layer (shapes, mask sizes, peepholes); the kernels' view of the input's shape. */
export function checkSequenceInputs(config: KernelCellConfig, x: tf.Tensor, weights: FusedWeights, recurrentMask?: Float32Array, stepMask?: Float32Array) {
  if (x.rank !== 3) throw new Error(`fused ${config.cell}: expected input [batch, timesteps, features], got shape [${x.shape}]`);
  const [batch, timesteps, features] = x.shape;
  const width = config.units * cellBlocks(config.cell);
  expectShape(config, 'kernel', weights.kernel, [features, width]);
  expectShape(config, 'recurrent kernel', weights.recurrentKernel, [config.units, width]);
  expectShape(config, 'bias', weights.bias, [width]);
  const shape = { batch, timesteps, features };
  const withPeepholes = config.cell === 'lstm' && config.peepholes;
  if (recurrentMask && recurrentMask.length !== batch * config.units) {
    throw new Error(`fused ${config.cell}: the recurrent dropout mask has ${recurrentMask.length} values, expected ${batch}x${config.units}`);
  }
  if (stepMask && stepMask.length !== batch * timesteps) {
    throw new Error(`fused ${config.cell}: the step mask has ${stepMask.length} values, expected ${batch}x${timesteps}`);
  }
  if (withPeepholes && !weights.peepholes) throw new Error('fused lstm: peepholes are on but no peephole weights were given');
  return { shape, withPeepholes };
}

function expectShape(config: KernelCellConfig, what: string, tensor: tf.Tensor, shape: number[]): void {
  if (tensor.shape.length !== shape.length || tensor.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`fused ${config.cell}: ${what} has shape [${tensor.shape}], expected [${shape}]`);
  }
}
