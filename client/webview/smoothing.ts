// TensorBoard's scalar smoothing: an exponential moving average debiased like
// Adam's moments, so the first points are not dragged towards zero.

/** Smooths `values` with weight `weight` in [0, 1); non-finite values pass through unchanged. */
export function debiasedEma(values: readonly (number | null)[], weight: number): (number | null)[] {
  if (weight <= 0) return values.slice();
  const out: (number | null)[] = new Array(values.length);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * weight + (1 - weight) * v;
    count++;
    out[i] = last / (1 - Math.pow(weight, count));
  }
  return out;
}
