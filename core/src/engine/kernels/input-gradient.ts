// Whether a layer's input needs a gradient, read from the model's graph. The
// fused kernels can skip the input's gradient (dG·Wᵀ, as large as the input)
// when nothing before the layer trains: the first recurrent layer of a model
// without an embedding, possibly behind weight-free layers such as Masking.
import type { Layer } from '@tensorflow/tfjs-layers/dist/engine/topology';

/**
 * False only when every layer between the model's Input and `layer` is known
 * and has no trainable weights. A layer outside a graph (called directly, or
 * the copies inside tfjs's Bidirectional, which has the graph node) or one
 * called at more than one place cannot tell: true, the safe answer.
 */
export function inputNeedsGradient(layer: Layer): boolean {
  const nodes = layer.inboundNodes;
  if (nodes.length !== 1) return true;
  // An Input layer has one node and nothing before it.
  return nodes[0].inboundLayers.some((before) => before.trainableWeights.length > 0 || inputNeedsGradient(before));
}
