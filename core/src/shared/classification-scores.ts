// What a confusion matrix says per class: accuracy (recall of the class) and
// F1, and the overall accuracy. Rows are the true class, columns the
// predicted one, as in EndEvent.classification.

export interface ClassScores {
  /** Windows of this class. */
  support: number;
  /** Of the windows of this class, the share predicted as it (its recall); NaN without any. */
  accuracy: number;
  precision: number;
  /** Harmonic mean of precision and recall; NaN when the class is neither present nor predicted. */
  f1: number;
}

export function classScores(confusion: readonly (readonly number[])[]): ClassScores[] {
  return confusion.map((row, c) => {
    const support = row.reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((sum, other) => sum + (other[c] ?? 0), 0);
    const hits = row[c] ?? 0;
    const recall = support > 0 ? hits / support : Number.NaN;
    const precision = predictedAs > 0 ? hits / predictedAs : support > 0 ? 0 : Number.NaN;
    const f1 = support + predictedAs > 0 ? (2 * hits) / (support + predictedAs) : Number.NaN;
    return { support, accuracy: recall, precision, f1 };
  });
}

/** Share of all windows on the diagonal. */
export function overallAccuracy(confusion: readonly (readonly number[])[]): number {
  let hits = 0;
  let total = 0;
  confusion.forEach((row, c) => row.forEach((n, p) => {
    total += n;
    if (p === c) hits += n;
  }));
  return total > 0 ? hits / total : Number.NaN;
}

/** Counts (true, predicted) pairs into a classes × classes matrix. */
export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) matrix[truth[i]][predicted[i]]++;
  return matrix;
}
