// A batch of one-hot input rows (characters, words without an embedding) held
// as the index of each step's 1. Training builds the dense rows on the
// backend from the indices (train/batches.ts) and the fused kernels take the
// indices themselves, so the [size, timesteps, classes] array in JavaScript
// (2 MB a batch on the shakespeare samples, and its copy into the backend)
// is built only when something else reads x: a baseline, insight's probe.
import type { Batch } from '../../language';

/**
 * `oneHot` [size, timesteps]: the index of each step's 1, -1 for a row of
 * zeros (padding). x is made from them on first read, then kept.
 */
export function oneHotBatch(size: number, oneHot: Float32Array, classes: number, y: Float32Array, mask?: Float32Array): Batch {
  let dense: Float32Array | undefined;
  return {
    size,
    y,
    ...(mask && { mask }),
    oneHot,
    get x() {
      dense ??= denseOneHot(oneHot, classes);
      return dense;
    },
  };
}

function denseOneHot(indices: Float32Array, classes: number): Float32Array {
  const x = new Float32Array(indices.length * classes);
  for (let row = 0; row < indices.length; row++) if (indices[row] >= 0) x[row * classes + indices[row]] = 1;
  return x;
}
