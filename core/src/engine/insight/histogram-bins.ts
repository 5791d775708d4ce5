// Histograms of a layer's weights and gradients for the insight records
// (InsightHistogramsRecord) and TensorBoard's HistogramProto: a fixed number
// of equal bins between the smallest and largest finite value, with the count,
// sum and sum of squares TensorBoard also keeps. Written here rather than taken
// from a library: it is a dozen lines, and the records' bin rule (the last bin
// includes max) must be exactly the documented one.
import { INSIGHT_HISTOGRAM_BINS } from '../../run-store';

export interface HistogramStats {
  /** Smallest and largest finite value (0 and 0 when there is none). */
  min: number;
  max: number;
  /** counts[i]: values in [min + i*w, min + (i+1)*w), w = (max - min) / bins; the last bin includes max. */
  counts: number[];
  /** Finite values counted, and their sum and sum of squares. */
  num: number;
  sum: number;
  sumSquares: number;
}

/** Non-finite values (an exploding gradient's NaN or infinity) are left out of every figure. */
export function histogramOf(values: ArrayLike<number>, bins = INSIGHT_HISTOGRAM_BINS): HistogramStats {
  let min = Infinity;
  let max = -Infinity;
  let num = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
    num++;
    sum += value;
    sumSquares += value * value;
  }
  const counts = new Array<number>(bins).fill(0);
  if (num === 0) return { min: 0, max: 0, counts, num, sum, sumSquares };
  const width = (max - min) / bins;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    // A constant block (width 0) and max itself fall in the last bin.
    const bin = width > 0 ? Math.min(bins - 1, Math.floor((value - min) / width)) : bins - 1;
    counts[bin]++;
  }
  return { min, max, counts, num, sum, sumSquares };
}
