// Column scaling with statistics from the training rows only, recorded so
// predictions can be turned back into the data's own units.
import type { Normalization } from '../../language';

export function fitNormalization(
  method: Normalization['method'],
  series: Float32Array,
  width: number,
  trainingRows: number,
  columns: string[],
): Normalization {
  const offset: number[] = [];
  const scale: number[] = [];
  for (let c = 0; c < width; c++) {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let r = 0; r < trainingRows; r++) {
      const v = series[r * width + c];
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    const mean = sum / trainingRows;
    let squares = 0;
    for (let r = 0; r < trainingRows; r++) squares += (series[r * width + c] - mean) ** 2;
    const std = Math.sqrt(squares / trainingRows);
    // A constant column keeps scale 1 rather than dividing by zero.
    if (method === 'minmax') {
      offset.push(min);
      scale.push(max - min > 0 ? max - min : 1);
    } else {
      offset.push(mean);
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
