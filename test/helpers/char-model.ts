// A character-level classifier on a small text held in memory, for the engine
// tests of the fused output layer and the one-hot input: one place for the
// text, its file system and the spec whose features and classes the text gives.
import { loadDataset } from '../../core/src/engine/data';
import type { FileSystem } from '../../core/src/language';
import { makeSpec, type SpecOptions } from './model-spec';

const text = 'to be, or not to be, that is the question: whether tis nobler in the mind to suffer. '.repeat(6);

/** Holds the text at /text/t.txt, where charModel's spec reads it. */
export const charTextFs: FileSystem = { exists: (p) => p === '/text/t.txt', readText: (p) => (p === '/text/t.txt' ? text : undefined) };

/** The spec (windows of 12 characters, softmax, sparse cross-entropy, batches of 20, then `overrides`) and its data, seed 3. */
export function charModel(overrides: SpecOptions = {}) {
  const spec = makeSpec({
    data: { fn: 'text', args: { path: 't.txt', level: 'char', stride: 5, lowercase: false } },
    baseDir: '/text',
    timesteps: 12,
    outputActivation: 'softmax',
    loss: 'sparse_categorical_crossentropy',
    task: 'classification',
    batchSize: 20,
    ...overrides,
  });
  const data = loadDataset(spec, 3, charTextFs);
  return { spec: { ...spec, input: { ...spec.input, features: data.features }, output: { ...spec.output, units: data.outputs } }, data };
}
