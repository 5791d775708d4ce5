// What training a model costs in memory, estimated from the spec alone, so a
// model too large to train is an error in the editor and in `rnn check`, not
// minutes of silence and a crash in `rnn train`. It is an estimate: it counts
// float32 buffers that grow with the model (weights, their gradients, the
// optimizer's state) and with one batch (the forward caches backpropagation
// through time keeps), and leaves out what does not grow with them (tfjs's own
// bookkeeping, the kernels' scratch space). The checker adds the data set
// (rules/resource-rules.ts), which a streamed file keeps out of memory.
import type { CellKind, OptimizerSpec } from '../../shared';
import { inferLayers, type LayerPlan } from './shapes';

const FLOAT32_BYTES = 4;

/**
 * Floats per unit, time step and sequence that a fused kernel's forward pass
 * keeps for the backward pass of one direction of one layer: the cell's cache
 * layout in engine/kernels/abi.ts (states H; lstm also the cell states C and
 * its 4 activated blocks; gru its 3 activated blocks and r∘h_prev). Written
 * here because the language layer never imports the engine;
 * test/unit/resources.test.ts holds it to the ABI's formula.
 */
export const CACHE_FLOATS_PER_UNIT: Record<CellKind, number> = { rnn: 1, lstm: 6, gru: 5 };

/**
 * Floats per output, step and sequence that a model predicting at every step
 * keeps for one batch: the output layer's values before and after its
 * activation and their gradient (engine/train/sequence-dense.ts). After the
 * last step only they are one row per sequence, too small to count; at every
 * step over a large vocabulary they can outweigh the recurrent caches.
 */
export const EVERY_STEP_OUTPUT_COPIES = 3;

/** The optimizer state tfjs keeps per weight (its slot variables: Adam's two moments, RMSprop's mean square and momentum, ...). */
export function optimizerSlots(optimizer: OptimizerSpec): number {
  switch (optimizer.fn) {
    case 'sgd': return optimizer.args.momentum ? 1 : 0;
    // tfjs's RMSprop keeps its momentum accumulator even at momentum 0.
    case 'rmsprop': return 2;
    case 'adagrad': return 1;
    case 'adam':
    case 'adadelta':
    case 'adamax': return 2;
  }
}

export interface ResourceInput {
  plan: LayerPlan;
  batchSize: number;
  optimizer: OptimizerSpec;
}

export interface ResourceEstimate {
  params: number;
  weightBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
  /** The forward caches of one batch's backpropagation through time, all recurrent layers and directions (and the outputs at every step). */
  activationBytes: number;
  /** The data set: loaded whole, or the row index and block cache of a file streamed from disk (data-files/streaming.ts). */
  data?: { bytes: number; streamed: boolean };
  totalBytes: number;
}

/** The forward cache of one recurrent layer (both directions when bidirectional), in floats. */
export function layerCacheFloats(cell: CellKind, timesteps: number, batchSize: number, units: number, bidirectional: boolean): number {
  return (bidirectional ? 2 : 1) * CACHE_FLOATS_PER_UNIT[cell] * timesteps * batchSize * units;
}

export function estimateResources({ plan, batchSize, optimizer }: ResourceInput): ResourceEstimate {
  const params = inferLayers(plan).totalParams;
  const cell = plan.cell as CellKind;
  const cacheFloats = plan.units.reduce(
    (sum, units) => sum + layerCacheFloats(cell, plan.timesteps, batchSize, units, plan.bidirectional ?? false), 0);
  const weightBytes = params * FLOAT32_BYTES;
  const gradientBytes = weightBytes;
  const optimizerBytes = optimizerSlots(optimizer) * weightBytes;
  const outputFloats = plan.everyStep ? EVERY_STEP_OUTPUT_COPIES * plan.timesteps * batchSize * plan.outputUnits : 0;
  const activationBytes = (cacheFloats + outputFloats) * FLOAT32_BYTES;
  return {
    params, weightBytes, gradientBytes, optimizerBytes, activationBytes,
    totalBytes: weightBytes + gradientBytes + optimizerBytes + activationBytes,
  };
}
