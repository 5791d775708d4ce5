// The schema's optimizers as tfjs optimizers. The loop trains with
// flat-optimizer.ts, which computes what these do; these are its reference in
// the tests and what the resource estimate counts slots from. Clipping is not
// theirs (clip.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerSpec } from '../../shared';

export function makeOptimizer(spec: OptimizerSpec): tf.Optimizer {
  // Destructured, the switch on fn narrows the arguments to that optimizer's.
  const { fn, args: a } = spec;
  switch (fn) {
    case 'sgd':
      return a.momentum ? tf.train.momentum(a.lr, a.momentum, a.nesterov ?? false) : tf.train.sgd(a.lr);
    case 'adam':
      return tf.train.adam(a.lr, a.beta1, a.beta2, a.epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(a.lr, a.rho, a.momentum, a.epsilon);
    case 'adagrad':
      return tf.train.adagrad(a.lr);
    case 'adadelta':
      return tf.train.adadelta(a.lr, a.rho, a.epsilon);
    case 'adamax':
      return tf.train.adamax(a.lr, a.beta1, a.beta2, a.epsilon);
  }
}
