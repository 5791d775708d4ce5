// An optimizer's state (Adam's moments and step count, momentum's
// accumulations, ...) out of and back into a tfjs optimizer, so a resumed run
// continues exactly: tfjs saves no optimizer state with a model (tfjs #5138).
// Most optimizers have getWeights/setWeights; where those fall short this
// reads the fields they would have covered:
// - Adam's setWeights recomputes its bias-correction powers as beta^(t+1),
//   which differs in the last float32 bits from the products the steps
//   accumulated; the exact values are saved beside its weights.
// - Adamax has neither method (tfjs throws "not implemented").
// The engine trains with FlatOptimizer, whose state has the same names and
// layout, so checkpoints written before it (by tfjs's optimizers) resume.
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerSpec } from '../../shared';
import { FlatOptimizer } from './flat-optimizer';

export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** The fields getWeights/setWeights do not cover, by optimizer. */
interface OptimizerInternals {
  iterations_: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  iteration: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedWeightedInfNorm: { originalName: string; variable: tf.Variable }[];
}

const ADAM_POWERS = ['adam/accBeta1', 'adam/accBeta2'] as const;

/**
 * The optimizer's state as named tensors; the caller reads them before the
 * next step and then calls `release`, which frees the ones made for the
 * occasion (the optimizer's own variables stay).
 */
export async function optimizerState(optimizer: tf.Optimizer | FlatOptimizer, fn: OptimizerSpec['fn']): Promise<{ tensors: NamedTensor[]; release(): void }> {
  if (optimizer instanceof FlatOptimizer) {
    const tensors = optimizer.state();
    return { tensors, release: () => tf.dispose(tensors.map((t) => t.tensor)) };
  }
  const inner = optimizer as unknown as OptimizerInternals;
  let tensors: NamedTensor[];
  if (fn === 'adamax') {
    tensors = [
      { name: 'iter', tensor: tf.scalar(optimizer.iterations, 'int32') },
      { name: 'adamax/iteration', tensor: inner.iteration },
      { name: 'adamax/accBeta1', tensor: inner.accBeta1 },
      ...inner.accumulatedFirstMoment.map((v) => ({ name: v.originalName, tensor: v.variable })),
      ...inner.accumulatedWeightedInfNorm.map((v) => ({ name: v.originalName, tensor: v.variable })),
    ];
  } else {
    tensors = await optimizer.getWeights();
    if (fn === 'adam') tensors.push({ name: ADAM_POWERS[0], tensor: inner.accBeta1 }, { name: ADAM_POWERS[1], tensor: inner.accBeta2 });
  }
  return {
    tensors,
    release: () => tf.dispose(tensors.filter((t) => !(t.tensor instanceof tf.Variable)).map((t) => t.tensor)),
  };
}

/**
 * Puts a state `optimizerState` gave into a fresh optimizer of the same kind;
 * the tensors stay the caller's. `variables`: the trained weights in the
 * order of the gradients (the flat optimizer's slots are by position).
 */
export async function restoreOptimizerState(
  optimizer: tf.Optimizer | FlatOptimizer, fn: OptimizerSpec['fn'], tensors: readonly NamedTensor[], variables: readonly tf.Variable[] = [],
): Promise<void> {
  if (optimizer instanceof FlatOptimizer) return optimizer.restore(tensors, variables);
  const inner = optimizer as unknown as OptimizerInternals;
  const named = (name: string) => tensors.find((t) => t.name === name)?.tensor;
  if (fn === 'adamax') {
    inner.iterations_ = (await named('iter')!.data())[0];
    inner.iteration.assign(named('adamax/iteration')!);
    inner.accBeta1.assign(named('adamax/accBeta1')!);
    const moments = tensors.filter((t) => t.name !== 'iter' && !t.name.startsWith('adamax/'));
    const half = moments.length / 2;
    const slot = (t: NamedTensor) => ({ originalName: t.name, variable: t.tensor.variable(false) });
    inner.accumulatedFirstMoment = moments.slice(0, half).map(slot);
    inner.accumulatedWeightedInfNorm = moments.slice(half).map(slot);
    return;
  }
  await optimizer.setWeights(tensors.filter((t) => !(ADAM_POWERS as readonly string[]).includes(t.name)).map((t) => ({ ...t })));
  if (fn === 'adam') {
    inner.accBeta1.assign(named(ADAM_POWERS[0])!);
    inner.accBeta2.assign(named(ADAM_POWERS[1])!);
  }
}
