// A batch's loss and metric, the one place that chooses how the output layer
// runs: a model whose output layer is Dense(softmax), after the last step or
// at every step, trained with a cross-entropy against class indices, whose
// recurrent layers run on the fused kernels, hands the output layer, its
// softmax, the loss and the accuracy to one kernel call
// (kernels/fused-output-op.ts; after the last step it is the same call with
// one step). Everything else takes the forward pass and then the loss and
// the metric as tfjs ops. The training step, validation and insight's probe
// all come through here, so they see the same numbers either way. When the
// last recurrent layer feeds an every-step output layer directly, the two
// run as one op (fused-sequence-loss.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Layer } from '@tensorflow/tfjs-layers/dist/engine/topology';
import { FusedRecurrent } from '../kernels/fused-layer';
import { fusedSoftmaxCrossEntropy, type FusedOutputLoss } from '../kernels/fused-output-op';
import type { RecurrentKernels } from '../kernels/recurrent-kernels';
import { t } from '../../shared';
import { forwardHidden, forwardWithLogits, layerArguments, type LayerRunner } from './forward';
import type { LossFunction, Metric } from './losses';
import type { DenseInternals } from './sequence-dense';

export interface BatchLoss {
  loss: tf.Scalar;
  /** When a metric was asked for. */
  metric?: tf.Scalar;
}

/**
 * How a softmax output layer runs: on the fused kernels, or as tfjs ops (with
 * the reason when the kernel would fit the model but cannot take it);
 * `atEveryStep`: it predicts at every step, else after the last one.
 */
export type OutputRoute = { atEveryStep: boolean } & ({ kernels: RecurrentKernels; dense: DenseInternals } | { kernels: null; reason?: string });

/** The build the model's recurrent layers run on (a Bidirectional's forward copy counts), or null when none is fused. */
function fusedKernelsOf(model: LayersModel): RecurrentKernels | null {
  for (const layer of model.layers) {
    const inner = layer instanceof FusedRecurrent ? layer : (layer as unknown as { forwardLayer?: unknown }).forwardLayer;
    if (inner instanceof FusedRecurrent && inner.runsOn) return inner.runsOn;
  }
  return null;
}

/** True when the layer's input has a time axis: the model predicts at every step. */
function seesSequence(layer: Layer): boolean {
  try {
    return (layer.input as { shape: unknown[] }).shape.length === 3;
  } catch {
    return false;
  }
}

export function outputRoute(model: LayersModel, loss: LossFunction): OutputRoute {
  const output = model.layers[model.layers.length - 1];
  const dense = output as unknown as DenseInternals;
  const atEveryStep = seesSequence(output);
  const softmax = output.getClassName() === 'Dense' && dense.activation?.getClassName() === 'softmax';
  if (!softmax || !dense.bias) return { atEveryStep, kernels: null };
  if (!loss.sparseCrossEntropy) return { atEveryStep, kernels: null, reason: t('the loss is not a cross-entropy against class indices') };
  // For measuring the kernel against the tfjs ops on the same run (bench/output-step-bench.ts).
  if (process.env.RNN_FUSED_OUTPUT === '0') return { atEveryStep, kernels: null, reason: t('RNN_FUSED_OUTPUT=0 turns the fused output kernel off') };
  const kernels = fusedKernelsOf(model);
  return kernels ? { atEveryStep, kernels, dense } : { atEveryStep, kernels: null, reason: t('the recurrent layers do not run on the fused kernels') };
}

/**
 * The loss of x against y (differentiable when recorded) and, when asked, the
 * metric; `mask` [batch, timesteps]: 1 a real step, 0 padding. `runLayer`:
 * how each layer runs (insight's probe runs the recurrent ones its own way).
 */
export function batchLoss(
  model: LayersModel,
  tensors: { x: tf.Tensor; y: tf.Tensor; mask?: tf.Tensor },
  training: boolean,
  loss: LossFunction,
  metric?: Metric,
  runLayer?: LayerRunner,
): BatchLoss {
  const { x, y, mask } = tensors;
  const route = outputRoute(model, loss);
  if (route.kernels && (!metric || metric.name === 'accuracy')) {
    const output = { kernel: route.dense.kernel.read(), bias: route.dense.bias!.read() };
    const last = model.layers[model.layers.length - 2];
    let fused: FusedOutputLoss;
    if (!route.atEveryStep) {
      // One step of the same kernel: [batch, units] as [batch, 1, units]. The mask shaped the state only: every window's target counts.
      const hidden = forwardHidden(model, x, training, mask, runLayer);
      fused = fusedSoftmaxCrossEntropy(route.kernels, tf.expandDims(hidden, 1), output.kernel, output.bias, tf.reshape(y, [hidden.shape[0], 1]));
    } else if (!runLayer && last instanceof FusedRecurrent && last.feedsEveryStepOutput && last.runsOn === route.kernels) {
      // The last recurrent layer and the output layer as one op when nothing lies between them (and the layers run
      // the usual way: insight's probe runs the recurrent ones itself); else the output layer alone.
      fused = last.lossThroughOutput(forwardHidden(model, x, training, mask, undefined, 2), layerArguments(training, mask), output, y, mask);
    } else {
      fused = fusedSoftmaxCrossEntropy(route.kernels, forwardHidden(model, x, training, mask, runLayer), output.kernel, output.bias, y, mask);
    }
    return { loss: fused.loss, metric: metric ? fused.accuracy : undefined };
  }
  const { predicted, logits } = forwardWithLogits(model, x, training, mask, runLayer);
  return { loss: loss(y, predicted, mask, logits), metric: metric?.compute(y, predicted, mask) };
}
