// Whether a layer's input needs a gradient, read from the model's graph. The
// fused kernels can skip the input's gradient (dG·Wᵀ, as large as the input)
// when nothing before the layer trains: the first recurrent layer of a model
// without an embedding, possibly behind weight-free layers such as Masking.
import type { Layer } from '@tensorflow/tfjs-layers/dist/engine/topology';

/** The wrapper (tfjs's Bidirectional) whose graph node stands for a copy inside it; see noteWrappedLayers. */
const wrappers = new WeakMap<Layer, Layer>();

/**
 * Lets the two copies inside each Bidirectional of `layers` answer from the
 * wrapper's place in the graph: tfjs calls them directly, so they have no
 * node of their own. The model's builder calls it once the model is whole.
 */
export function noteWrappedLayers(layers: readonly Layer[]): void {
  for (const layer of layers) {
    const wrapper = layer as Layer & { forwardLayer?: Layer; backwardLayer?: Layer };
    for (const inner of [wrapper.forwardLayer, wrapper.backwardLayer]) if (inner) wrappers.set(inner, layer);
  }
}

/**
 * False only when every layer between the model's Input and `layer` is known
 * and has no trainable weights. A layer outside a graph (called directly, or
 * a wrapper's copy nobody noted) or one called at more than one place cannot
 * tell: true, the safe answer.
 */
export function inputNeedsGradient(layer: Layer): boolean {
  // For measuring what skipping it saves (bench/output-step-bench.ts).
  if (process.env.RNN_INPUT_GRADIENT === 'always') return true;
  const nodes = layer.inboundNodes;
  const wrapper = nodes.length === 0 ? wrappers.get(layer) : undefined;
  if (wrapper) return inputNeedsGradient(wrapper);
  if (nodes.length !== 1) return true;
  // An Input layer has one node and nothing before it.
  return nodes[0].inboundLayers.some((before) => before.trainableWeights.length > 0 || inputNeedsGradient(before));
}
