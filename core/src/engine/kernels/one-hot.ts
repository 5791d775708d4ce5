// Tells whether a batch of input sequences is one-hot, so the kernels can take
// it as indices (kernels/src/recurrent.c, `xi`): a character-level model's
// input has a single 1 per step, and multiplying those rows by the kernel
// costs the recurrent layer about a third of its time for nothing. Checked on
// the values themselves, per call, so no model, data set or saved format has
// to say which inputs are one-hot.

/**
 * The index of every row's single 1 of x [rows, features] as floats, -1 for a
 * row of zeros (padding); null as soon as a row is neither (a value other
 * than 0 and 1, or two 1s), after one pass at most.
 */
export function oneHotIndices(x: Float32Array, features: number): Float32Array | null {
  const rows = features > 0 ? x.length / features : 0;
  if (!Number.isInteger(rows)) return null;
  const indices = new Float32Array(rows);
  for (let row = 0, at = 0; row < rows; row++) {
    let index = -1;
    for (let f = 0; f < features; f++, at++) {
      const value = x[at];
      if (value === 0) continue;
      if (value !== 1 || index >= 0) return null;
      index = f;
    }
    indices[row] = index;
  }
  return indices;
}
