// The values behind the tensors the kernel ops hand to tfjs, kept beside
// them: when the next kernel op takes such a tensor (the every-step output
// layer takes the recurrent layer's output sequence, the recurrent layer's
// backward pass takes the output layer's gradient for it) it reads the
// Float32Array it was made from instead of copying it back out of the
// backend: about 4 MB per batch each way on the every-step shakespeare
// sample. Tensors never change, so the array stays their value; a tensor
// made by any other op is read from the backend as before.
import * as tf from '@tensorflow/tfjs-core';

const valuesOf = new WeakMap<tf.Tensor, Float32Array>();

/** A tensor of `values` (which the caller no longer changes), remembered as their owner. */
export function tensorOf(values: Float32Array, shape: number[]): tf.Tensor {
  const tensor = tf.tensor(values, shape, 'float32');
  valuesOf.set(tensor, values);
  return tensor;
}

/** The tensor's values as float32: the array it was made from by tensorOf, else read from the backend. */
export function float32(tensor: tf.Tensor): Float32Array {
  const known = valuesOf.get(tensor);
  if (known) return known;
  const values = tensor.dataSync();
  return values instanceof Float32Array ? values : Float32Array.from(values);
}
