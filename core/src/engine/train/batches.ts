// Windows to tensors: what every pass over the data (training, validation,
// predictions, the backend check) feeds the model.
import * as tf from '@tensorflow/tfjs-core';
import type { Batch, Dataset, WindowSource } from '../../language';

export function batchTensors(batch: Batch, data: Dataset): { x: tf.Tensor; y: tf.Tensor } {
  // Token ids for an embedding are one value per step; the embedding widens them.
  const x = data.inputs === 'token-ids'
    ? tf.tensor2d(batch.x, [batch.size, data.timesteps])
    : tf.tensor3d(batch.x, [batch.size, data.timesteps, data.features]);
  const y = data.targets === 'sparse' ? tf.tensor1d(batch.y) : tf.tensor2d(batch.y, [batch.size, data.outputs * (data.horizon ?? 1)]);
  return { x, y };
}

/** 0, 1, ..., n - 1: the indices of the first n windows. */
export function windowIndices(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The first `count` windows of a source. */
export function limitWindows(source: WindowSource, count: number): WindowSource {
  return count >= source.size ? source : { size: count, batch: (indices) => source.batch(indices) };
}
