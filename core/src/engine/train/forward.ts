// Runs a sequential model layer by layer. LayersModel.apply does not pass
// the `training` flag down to its layers (model.fit uses an internal
// executor), and without it dropout would never be active.
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

export function forward(model: LayersModel, x: tf.Tensor, training: boolean): tf.Tensor {
  let out = x;
  for (const layer of model.layers) out = layer.apply(out, { training }) as tf.Tensor;
  return out;
}
