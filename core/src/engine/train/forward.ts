// Runs a sequential model layer by layer. LayersModel.apply does not pass
// the `training` flag down to its layers (model.fit uses an internal
// executor), and without it dropout would never be active; nor does it pass
// a step mask, which every recurrent layer must see (tfjs-layers' `mask`
// argument: the stock and gated layers, Bidirectional and the fused layer
// honour it; the output layer ignores it).
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Layer } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import { denseAtEveryStep } from './sequence-dense';

export interface ModelOutput {
  predicted: tf.Tensor;
  /** The output layer's values before its softmax, when the model predicts at every step through one (for the loss). */
  logits?: tf.Tensor;
}

/** Runs one layer on its input; insight's probe (core/src/engine/insight) runs the recurrent layers its own way. */
export type LayerRunner = (layer: Layer, input: tf.Tensor, kwargs: Kwargs) => tf.Tensor;

const applyLayer: LayerRunner = (layer, input, kwargs) => layer.apply(input, kwargs) as tf.Tensor;

/**
 * The model's output for x [batch, timesteps, features]: [batch, outputs],
 * or [batch, timesteps, outputs] for a model that predicts at every step.
 * `mask` [batch, timesteps]: 1 for a real step, 0 for padding.
 */
export function forwardWithLogits(
  model: LayersModel,
  x: tf.Tensor,
  training: boolean,
  mask?: tf.Tensor,
  runLayer: LayerRunner = applyLayer,
): ModelOutput {
  const kwargs = mask ? { training, mask } : { training };
  let out = x;
  for (const [index, layer] of model.layers.entries()) {
    // The output layer sees a sequence when the model predicts at every step.
    const atEveryStep = index === model.layers.length - 1 && layer.built ? denseAtEveryStep(layer, out) : undefined;
    if (atEveryStep) return { predicted: atEveryStep.output, logits: atEveryStep.logits };
    out = runLayer(layer, out, kwargs);
  }
  return { predicted: out };
}

/** The output of every layer but the last (the output layer's input), as forwardWithLogits runs them. */
export function hiddenOutput(model: LayersModel, x: tf.Tensor, training: boolean, mask?: tf.Tensor): tf.Tensor {
  const kwargs = mask ? { training, mask } : { training };
  return model.layers.slice(0, -1).reduce((out, layer) => applyLayer(layer, out, kwargs), x);
}

export function forward(model: LayersModel, x: tf.Tensor, training: boolean, mask?: tf.Tensor): tf.Tensor {
  return forwardWithLogits(model, x, training, mask).predicted;
}

/** The prediction after the last step, [batch, outputs], whether the model predicts at every step or only there. */
export function lastStepOutput(predicted: tf.Tensor): tf.Tensor {
  if (predicted.rank !== 3) return predicted;
  const [batch, timesteps, outputs] = predicted.shape;
  return tf.reshape(tf.slice(predicted, [0, timesteps - 1, 0], [batch, 1, outputs]), [batch, outputs]);
}
