// Windows to tensors: what every pass over the data (training, validation,
// predictions, the backend check) feeds the model.
import * as tf from '@tensorflow/tfjs-core';
import type { Batch, Dataset, WindowSource } from '../../language';
import { oneHotTensor, tensorOf } from '../kernels/tensor-values';

export interface BatchTensors {
  /** [size, timesteps, features], or [size, timesteps] token ids for an embedding. */
  x: tf.Tensor;
  /** [size, horizon × outputs] or sparse [size]; with targets at every step [size, timesteps, outputs] or sparse [size, timesteps]. */
  y: tf.Tensor;
  /** [size, timesteps]: 1 for a real step, 0 for padding; absent when every step is real. */
  mask?: tf.Tensor2D;
}

export function batchTensors(batch: Batch, data: Dataset): BatchTensors {
  const { size } = batch;
  // Token ids for an embedding are one value per step; the embedding widens them. One-hot rows are made from their
  // indices on the backend. The kernels read the indices or x from the batch, not back from the backend.
  const shape = [size, data.timesteps, data.features];
  const x = data.inputs === 'token-ids'
    ? tf.tensor2d(batch.x, [size, data.timesteps])
    : batch.oneHot ? oneHotTensor(batch.oneHot, shape) : tensorOf(batch.x, shape);
  const steps = data.targetSteps === 'every_step' ? [data.timesteps] : [];
  const y = tf.tensor(batch.y, data.targets === 'sparse' ? [size, ...steps] : [size, ...steps, data.outputs * (data.horizon ?? 1)]);
  return batch.mask ? { x, y, mask: tf.tensor2d(batch.mask, [size, data.timesteps]) } : { x, y };
}

/** Windows a pass that only predicts takes at once (no gradients kept, so larger than a training batch). */
export const PREDICTION_CHUNK = 256;

/** Calls `visit` with every run of `size` consecutive windows of `source`, and their indices in it. */
export function forEachBatch(source: WindowSource, size: number, visit: (batch: Batch, windows: number[]) => void): void {
  for (let start = 0; start < source.size; start += size) {
    const windows = windowIndices(Math.min(size, source.size - start)).map((i) => i + start);
    visit(source.batch(windows), windows);
  }
}

/** 0, 1, ..., n - 1: the indices of the first n windows. */
export function windowIndices(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The first `count` windows of a source. */
export function limitWindows(source: WindowSource, count: number): WindowSource {
  return count >= source.size ? source : { size: count, batch: (indices) => source.batch(indices) };
}
