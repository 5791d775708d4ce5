// Dropout masks take their seeds from the run that owns the model. tf.dropout
// without a seed draws one from Math.random, which every run in the process
// shares: two runs at once would take each other's draws, and seeding it
// would mean replacing a global. Each mask gets a fresh seed from the run's
// own generator instead (a fixed seed would drop the same units every batch).
import * as tf from '@tensorflow/tfjs-core';

/** The next dropout seed of a run: one call per mask. */
export type DropoutSeeds = () => number;

/** A layer or cell of the engine's own that draws dropout masks. */
export interface SeededDropout {
  useDropoutSeeds(seeds: DropoutSeeds): void;
}

/** tf.dropout with the next seed of `seeds`; without seeds, tfjs's own (Math.random). */
export function seededDropout(x: tf.Tensor, rate: number, seeds: DropoutSeeds | undefined): tf.Tensor {
  return tf.dropout(x, rate, undefined, seeds?.());
}

interface Visitable {
  useDropoutSeeds?: (seeds: DropoutSeeds) => void;
  /** tfjs's SimpleRNNCell, GRUCell and LSTMCell draw their masks through this when it is set. */
  dropoutFunc?: (x: tf.Tensor, rate: number) => tf.Tensor;
  forwardLayer?: Visitable;
  backwardLayer?: Visitable;
  cell?: Visitable;
}

/**
 * Gives every recurrent layer among `layers` its dropout seeds, the backward
 * copy of a bidirectional layer included (tfjs makes that copy from the
 * layer's config, which cannot carry a function).
 */
export function seedDropout(layers: readonly object[], seeds: DropoutSeeds): void {
  const visit = (node: Visitable | undefined): void => {
    if (!node) return;
    if (typeof node.useDropoutSeeds === 'function') node.useDropoutSeeds(seeds);
    else if ('dropoutFunc' in node) node.dropoutFunc = (x, rate) => seededDropout(x, rate, seeds);
    visit(node.forwardLayer);
    visit(node.backwardLayer);
    visit(node.cell);
  };
  for (const layer of layers) visit(layer as Visitable);
}
