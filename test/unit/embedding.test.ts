// The embedding of token inputs: the checker's table and parameter count are
// the built model's, its gradient is right on the cpu and wasm backends and
// is one scatter-add (not tfjs's UnsortedSegmentSum, a pass per vocabulary row
// on cpu, nor a vocabulary-wide one-hot product), and a text-folder model with
// an embedding trains, saves its class names and loads back.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../core/src/engine/backend';
import { buildModel, summarizeLayers } from '../../core/src/engine/compile/model';
import { lookupTokens } from '../../core/src/engine/compile/embedding';
import { generateText } from '../../core/src/engine/train/generate';
import { loadRun, train } from '../../core/src/engine';
import { inferLayers, layerPlanOf } from '../../core/src/language/check/shapes';
import { makeSpec } from '../helpers/model-spec';

before(async () => {
  await selectBackend('cpu');
});

test('an embedding comes first: its rows and parameters are the same in the checker\'s table and the built model', () => {
  for (const bidirectional of [false, true]) {
    const spec = makeSpec({ timesteps: 7, features: 50, embedding: { dim: 6 }, hidden: { cell: 'gru', units: [5, 4], bidirectional }, outputUnits: 3 });
    const checker = inferLayers(layerPlanOf(spec));
    assert.deepEqual(checker.layers[0], { name: 'embedding (Embedding)', outputShape: [null, 7, 6], params: 50 * 6 });
    const model = buildModel(spec, 1);
    assert.deepEqual(summarizeLayers(model).map((row) => [row.name.split(' ')[0], row.outputShape, row.params]),
      checker.layers.map((row) => [row.name.split(' ')[0], row.outputShape, row.params]));
    assert.equal(model.countParams(), checker.totalParams);
    model.dispose();
  }
});

test('the lookup\'s gradient adds dy into the rows of the ids, on the cpu and wasm backends alike', async () => {
  try {
    for (const backend of ['cpu', 'wasm'] as const) {
      await selectBackend(backend);
      const table = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
      const ids = tf.tensor2d([[2, 0, 2], [3, 3, 1]]);
      const weights = tf.tensor3d([[[1, 0], [0, 1], [2, 2]], [[1, 1], [3, 0], [0, 5]]]);
      const rows = lookupTokens(table, ids);
      assert.deepEqual(rows.arraySync(), [[[5, 6], [1, 2], [5, 6]], [[7, 8], [7, 8], [3, 4]]]);
      const gradient = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(lookupTokens(t as tf.Tensor2D, ids), weights)))(table);
      assert.deepEqual(gradient.arraySync(), [[0, 1], [0, 5], [3, 2], [4, 1]], backend);
      tf.dispose([table, ids, weights, rows, gradient]);
    }
  } finally {
    await selectBackend('cpu');
  }
});

test('the lookup\'s gradient is one scatter of the tokens\' rows, whatever the vocabulary (the cpu backend\'s own takes a pass per row)', async () => {
  const table = tf.zeros([2000, 8]) as tf.Tensor2D;
  const ids = tf.tensor2d([[5, 1999, 5], [0, 7, 7]]);
  const profile = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(lookupTokens(t as tf.Tensor2D, ids)))(table));
  const kernels = profile.kernelNames;
  assert.ok(kernels.includes('ScatterNd'), kernels.join(', '));
  for (const vocabularyWide of ['UnsortedSegmentSum', 'OneHot', 'BatchMatMul']) assert.ok(!kernels.includes(vocabularyWide), kernels.join(', '));
  tf.dispose([table, ids]);
});

test('a text folder with word tokens and an embedding trains, records its class names and loads back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-embedding-'));
  const texts = { good: ['fine good film', 'good good plot', 'a fine plot', 'good acting'], bad: ['bad film', 'bad bad plot', 'awful acting', 'a bad awful film'] };
  for (const [label, list] of Object.entries(texts)) {
    mkdirSync(join(dir, 'reviews', label), { recursive: true });
    list.forEach((text, i) => writeFileSync(join(dir, 'reviews', label, `${i}.txt`), text));
  }
  const spec = makeSpec({
    data: { fn: 'text_folder', args: { path: 'reviews', level: 'word', lowercase: true, vocabulary: 8 } },
    baseDir: dir, timesteps: 4, features: 8, embedding: { dim: 3 }, outputUnits: 2, outputActivation: 'softmax',
    loss: 'sparse_categorical_crossentropy', epochs: 3, batchSize: 4, validationSplit: 0.25, stratify: true,
  });
  const result = await train(spec, { runsDir: join(dir, 'runs'), backend: 'cpu', kernels: 'stock' });
  assert.equal(result.status, 'completed', result.reason);
  const summary = JSON.parse(readFileSync(join(result.runDir, 'summary.json'), 'utf8'));
  assert.deepEqual(summary.classes, ['bad', 'good']);
  assert.deepEqual(summary.data.split, { train: 6, validation: 2, gap: 0 });
  assert.equal(summary.data.vocabulary[0], '<unk>');
  assert.equal(summary.layers[0].name, 'embedding (Embedding)');
  const { model } = await loadRun(result.runDir);
  assert.equal(model.layers[0].getClassName(), 'TokenEmbedding');
  const probabilities = model.predict(tf.tensor2d([[1, 2, 0, 0]])) as tf.Tensor;
  assert.deepEqual(probabilities.shape, [1, 2]);
  model.dispose();
});

test('a word model behind an embedding generates words joined by spaces, from a prime split into words', () => {
  const vocabulary = ['<unk>', 'the', 'cat', 'sat', '.'];
  const spec = makeSpec({ timesteps: 3, features: vocabulary.length, embedding: { dim: 2 }, outputUnits: vocabulary.length, outputActivation: 'softmax' });
  const model = buildModel(spec, 1);
  const options = { length: 5, temperature: 1, prime: 'The cat', vocabulary, timesteps: 3, seed: 4, level: 'word' as const, lowercase: true };
  const text = generateText(model, options);
  const words = text.split(' ');
  assert.deepEqual(words.slice(0, 2), ['The', 'cat']);
  assert.equal(words.length, 2 + 5);
  for (const word of words.slice(2)) assert.ok(vocabulary.includes(word), word);
  assert.equal(generateText(model, options), text, 'seeded');
  model.dispose();
});
