// The meaning of each activation named in the schema, for custom cells, and
// its tfjs identifier, for stock layers.
import * as tf from '@tensorflow/tfjs-core';
import type { ActivationName } from '../../shared';

type Activation = (x: tf.Tensor) => tf.Tensor;
type Implementation = { fn: Activation; tfjs: string };

// Keyed by the schema's activation names: an activation added to the schema does not compile until it is implemented here.
const ACTIVATION_IMPLEMENTATIONS: Record<ActivationName, Implementation> = {
  linear: { fn: (x) => x, tfjs: 'linear' },
  tanh: { fn: (x) => tf.tanh(x), tfjs: 'tanh' },
  sigmoid: { fn: (x) => tf.sigmoid(x), tfjs: 'sigmoid' },
  // Same definition as tfjs's hardSigmoid: clip(0.2·x + 0.5, 0, 1).
  hard_sigmoid: { fn: (x) => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1), tfjs: 'hardSigmoid' },
  relu: { fn: (x) => tf.relu(x), tfjs: 'relu' },
  elu: { fn: (x) => tf.elu(x), tfjs: 'elu' },
  selu: { fn: (x) => tf.selu(x), tfjs: 'selu' },
  softmax: { fn: (x) => tf.softmax(x), tfjs: 'softmax' },
};

const implementationByName: Record<string, Implementation | undefined> = ACTIVATION_IMPLEMENTATIONS;

function lookup(name: string) {
  // A saved model's config comes back through tfjs's deserialisation, which turns
  // snake_case string values into camelCase (hard_sigmoid -> hardSigmoid).
  const found = implementationByName[name] ?? Object.values(ACTIVATION_IMPLEMENTATIONS).find((i) => i.tfjs === name);
  if (!found) throw new Error(`unknown activation "${name}"`);
  return found;
}

export const activationFunction = (name: string): Activation => lookup(name).fn;

/** The identifier tfjs-layers uses for a schema activation name. */
export const tfjsActivation = (name: string): string => lookup(name).tfjs;
