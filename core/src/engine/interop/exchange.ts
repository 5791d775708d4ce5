// A tfjs model's weights by exchange name, in the engine's layout: what
// `rnn export --weights` writes and `rnn import` reads, and what the exported
// PyTorch model's engine_state() holds. Names are positional, not tfjs's own
// (which depend on how many models the process built): embedding.embeddings (a
// token model's table, [vocabulary, dim]), hidden.<layer>.<forward|backward>.
// <kernel|recurrent_kernel|bias|peephole>, output.kernel, output.bias.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { t } from '../../shared';
import type { NamedTensor } from './safetensors';

/** The exchange name of each of the model's weights, in the model's weight order. */
function exchangeNames(model: LayersModel): string[] {
  const names: string[] = [];
  const [first] = model.layers;
  const embedded = first.weights.length === 1 && /embeddings$/.test(first.weights[0].originalName);
  if (embedded) names.push('embedding.embeddings');
  const recurrent = model.layers.slice(embedded ? 1 : 0, -1);
  recurrent.forEach((layer, index) => {
    for (const weight of layer.weights) {
      const part = /(kernel|recurrent_kernel|bias|peephole)$/.exec(weight.originalName)?.[1];
      const direction = /\/backward_/.test(weight.originalName) ? 'backward' : 'forward';
      names.push(`hidden.${index}.${direction}.${part}`);
    }
  });
  const output = model.layers[model.layers.length - 1];
  for (const weight of output.weights) names.push(`output.${/bias$/.test(weight.originalName) ? 'bias' : 'kernel'}`);
  return names;
}

/** Every weight of `model` by exchange name. */
export function exchangeWeights(model: LayersModel): Map<string, NamedTensor> {
  const names = exchangeNames(model);
  const values = model.getWeights();
  const named = new Map<string, NamedTensor>();
  values.forEach((value, i) => named.set(names[i], { shape: value.shape, values: value.dataSync() as Float32Array }));
  return named;
}

/** Puts weights by exchange name into `model`; throws naming the first weight that is missing, extra or of another shape. */
export function setExchangeWeights(model: LayersModel, weights: Map<string, NamedTensor>): void {
  const names = exchangeNames(model);
  const current = model.getWeights();
  const extra = [...weights.keys()].filter((name) => !names.includes(name));
  if (extra.length > 0) throw new Error(t('the weights file has {0}, which this model does not have', extra.join(', ')));
  const values = names.map((name, i) => {
    const given = weights.get(name);
    if (!given) throw new Error(t('the weights file has no {0}, which this model needs', name));
    const shape = current[i].shape;
    if (given.shape.length !== shape.length || given.shape.some((d, k) => d !== shape[k])) {
      throw new Error(t('weight {0} has the shape [{1}]; this model needs [{2}]', name, given.shape.join(', '), shape.join(', ')));
    }
    return tf.tensor(given.values, shape);
  });
  model.setWeights(values);
  tf.dispose(values);
}
