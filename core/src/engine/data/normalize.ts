// Column scaling with statistics from the training rows only, recorded so
// predictions can be turned back into the data's own units.
import type { Normalization } from '../../language';

/**
 * Passes the first `rows` rows of a series to `visit` in order, a block of
 * whole rows at a time (row-major): the whole array at once in memory, a
 * block read from disk at a time when streamed.
 */
export type RowVisitor = (rows: number, visit: (block: Float32Array) => void) => void;

/** The rows of a series held in memory, for fitNormalization. */
export function rowsInMemory(series: Float32Array, width: number): RowVisitor {
  return (rows, visit) => visit(series.subarray(0, rows * width));
}

/**
 * Statistics of the first `trainingRows` rows. Each column's sums run over
 * the rows in order whatever the blocks, so a streamed series gets the very
 * same figures as one in memory.
 */
export function fitNormalization(
  method: Normalization['method'],
  rows: RowVisitor,
  width: number,
  trainingRows: number,
  columns: string[],
): Normalization {
  const min = new Array<number>(width).fill(Infinity);
  const max = new Array<number>(width).fill(-Infinity);
  const sum = new Array<number>(width).fill(0);
  rows(trainingRows, (block) => {
    for (let i = 0; i < block.length; i++) {
      const c = i % width;
      const v = block[i];
      if (v < min[c]) min[c] = v;
      if (v > max[c]) max[c] = v;
      sum[c] += v;
    }
  });
  const mean = sum.map((s) => s / trainingRows);
  const squares = new Array<number>(width).fill(0);
  if (method === 'zscore') {
    rows(trainingRows, (block) => {
      for (let i = 0; i < block.length; i++) squares[i % width] += (block[i] - mean[i % width]) ** 2;
    });
  }
  const offset: number[] = [];
  const scale: number[] = [];
  for (let c = 0; c < width; c++) {
    // A constant column keeps scale 1 rather than dividing by zero.
    if (method === 'minmax') {
      offset.push(min[c]);
      scale.push(max[c] - min[c] > 0 ? max[c] - min[c] : 1);
    } else {
      const std = Math.sqrt(squares[c] / trainingRows);
      offset.push(mean[c]);
      scale.push(std > 0 ? std : 1);
    }
  }
  return { method, columns, offset, scale };
}

export function applyNormalization(series: Float32Array, width: number, norm: Normalization): void {
  for (let i = 0; i < series.length; i++) {
    const c = i % width;
    series[i] = (series[i] - norm.offset[c]) / norm.scale[c];
  }
}

/** Back to the data's units; column `c` of the normalised data. */
export function denormalize(value: number, norm: Normalization | undefined, column: number): number {
  return norm ? value * norm.scale[column] + norm.offset[column] : value;
}
