// Class labels of labelled sequences: the classes are the distinct labels,
// sorted (as numbers when every label is one, so "10" follows "9"), and a
// label's class id is its index among them.

export function classesOf(labels: Iterable<string>): string[] {
  const distinct = [...new Set(labels)];
  const numeric = distinct.every((label) => label.trim() !== '' && Number.isFinite(Number(label)));
  return numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Each label's class id. */
export function classIds(labels: readonly string[], classes: readonly string[]): Uint32Array {
  const index = new Map(classes.map((name, i) => [name, i]));
  return Uint32Array.from(labels, (label) => index.get(label)!);
}

/** Sequences per class, in the order of `classes`. */
export function classCounts(ids: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < ids.length; i++) counts[ids[i]]++;
  return counts;
}
