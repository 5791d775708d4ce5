// The output layer of a model that predicts at every step: tfjs's Dense on a
// sequence [batch, timesteps, units] is one matrix multiply over all steps,
// but its gradients multiply with a transposed operand, which the wasm
// backend runs about 7x slower than a transpose followed by a plain multiply
// (8192x128 by 8192x65, the shakespeare sample's shapes: 55-62 ms against
// 9 ms of CPU). This runs the same layer with the same weights, its
// gradients written with explicit transposes. With a softmax it also hands
// back the logits, from which the cross-entropy and its gradient
// (softmax - one-hot) are a few ops instead of differentiating
// log(clip(softmax)) over every step and class.
import * as tf from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import type { Layer } from '@tensorflow/tfjs-layers/dist/engine/topology';

/** What is read of a tfjs Dense layer (its fields are not in the typings). */
export interface DenseInternals {
  kernel: { read(): tf.Tensor };
  bias: { read(): tf.Tensor } | null;
  activation: { apply(x: tf.Tensor): tf.Tensor; getClassName(): string } | null;
}

export interface SequenceOutput {
  /** [batch, timesteps, outputs], after the activation. */
  output: tf.Tensor;
  /** Before a softmax activation (absent for other activations). */
  logits?: tf.Tensor;
}

/** x [rows, inputs] · W [inputs, outputs] + b, differentiable in all three by plain multiplies. */
const denseRows = tf.customGrad((...args: unknown[]) => {
  const [x, kernel, bias, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  // Kept for the gradient: the inputs themselves may be gone by then.
  save([x, kernel]);
  const value = tf.add(tf.matMul(x, kernel), bias);
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
    const [rows, weights] = saved as tf.Tensor2D[];
    const dy2 = dy as tf.Tensor2D;
    // The bias's gradient as ones · dy: the wasm backend sums over axis 0 by transposing first (about 2 ms of
    // CPU for 8192x65), a one-row multiply reads dy once.
    const ones = tf.ones([1, dy2.shape[0]]) as tf.Tensor2D;
    const biasGrad = tf.reshape(tf.matMul(ones, dy2), [dy2.shape[1]]);
    return [tf.matMul(dy2, tf.transpose(weights)), tf.matMul(tf.transpose(rows), dy2), biasGrad];
  };
  return { value, gradFunc };
});

/** The Dense `layer` applied at every step of x [batch, timesteps, units]; undefined for any other layer or input. */
export function denseAtEveryStep(layer: Layer, x: tf.Tensor): SequenceOutput | undefined {
  if (!(layer instanceof layers.Layer) || layer.getClassName() !== 'Dense' || x.rank !== 3) return undefined;
  const dense = layer as unknown as DenseInternals;
  if (!dense.bias) return undefined;
  const [batch, timesteps, units] = x.shape;
  const kernel = dense.kernel.read();
  const rows = denseRows(tf.reshape(x, [batch * timesteps, units]), kernel, dense.bias.read());
  const logits = tf.reshape(rows, [batch, timesteps, kernel.shape[1]!]);
  if (!dense.activation) return { output: logits };
  const output = dense.activation.apply(logits);
  return dense.activation.getClassName() === 'softmax' ? { output, logits } : { output };
}
