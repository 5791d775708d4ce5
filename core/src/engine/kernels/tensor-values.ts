// The values behind the tensors the kernel ops hand to tfjs, kept beside
// them: when the next kernel op takes such a tensor (the every-step output
// layer takes the recurrent layer's output sequence, the recurrent layer's
// backward pass takes the output layer's gradient for it) it reads the
// Float32Array it was made from instead of copying it back out of the
// backend: about 4 MB per batch each way on the every-step shakespeare
// sample. Tensors never change, so the array stays their value; a tensor
// made by any other op is read from the backend as before. A batch of
// one-hot rows is made here from its indices, and keeps them, so the first
// recurrent layer neither reads the rows back nor searches them for their 1s.
import * as tf from '@tensorflow/tfjs-core';

const valuesOf = new WeakMap<tf.Tensor, Float32Array>();
const oneHotOf = new WeakMap<tf.Tensor, Float32Array>();

/** A tensor of `values` (which the caller no longer changes), remembered as their owner. */
export function tensorOf(values: Float32Array, shape: number[]): tf.Tensor {
  const tensor = tf.tensor(values, shape, 'float32');
  valuesOf.set(tensor, values);
  return tensor;
}

/**
 * Float32 one-hot rows of `shape` (the last axis the classes), built on the
 * backend from `indices`, one per row (-1: a row of zeros), and remembered
 * with them.
 */
export function oneHotTensor(indices: Float32Array, shape: number[]): tf.Tensor {
  const rowShape = shape.slice(0, -1);
  if (indices.length !== rowShape.reduce((a, b) => a * b, 1)) throw new Error(`one-hot indices: ${indices.length} for the rows of ${shape.join('x')}`);
  // int32, then a cast: the wasm backend's OneHot writes int32 ones whatever dtype it is asked for (tfjs 4.22).
  const tensor = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor(Int32Array.from(indices), rowShape, 'int32'), shape.at(-1)!), 'float32'));
  oneHotOf.set(tensor, indices);
  return tensor;
}

/** x [batch, timesteps, ...] reversed along its steps (a backward layer's input); its one-hot indices, when known, go with it. */
export function reverseSteps(x: tf.Tensor): tf.Tensor {
  const reversed = tf.reverse(x, 1);
  const indices = oneHotOf.get(x);
  if (indices) {
    const [batch, steps] = x.shape;
    const flipped = new Float32Array(indices.length);
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < steps; t++) flipped[b * steps + t] = indices[b * steps + steps - 1 - t];
    }
    oneHotOf.set(reversed, flipped);
  }
  return reversed;
}

/** The one-hot indices a tensor was made from by oneHotTensor (or reverseSteps), else undefined. */
export function knownOneHot(tensor: tf.Tensor): Float32Array | undefined {
  return oneHotOf.get(tensor);
}

/** The tensor's values as float32: the array it was made from by tensorOf, else read from the backend. */
export function float32(tensor: tf.Tensor): Float32Array {
  const known = valuesOf.get(tensor);
  if (known) return known;
  const values = tensor.dataSync();
  return values instanceof Float32Array ? values : Float32Array.from(values);
}
