// `text(lowercase: true)` on every path a text takes: a character model
// without a vocabulary limit or an embedding reads its text by a path of its
// own (no tokenize), which once ignored lowercase; the checker's facts, the
// training data and the prime of `rnn predict` must all see lower case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFromRun, inspectData, loadDataset, openSavedModel, train } from '../../core/src/engine';
import { checkText, nodeFileSystem } from '../../core/src/language';
import { makeSpec } from '../helpers/model-spec';

const TEXT = 'The Cat sat. THE DOG ran! the cat sat.\n'.repeat(8);
const folder = mkdtempSync(join(tmpdir(), 'rnn-lowercase-'));
writeFileSync(join(folder, 'text.txt'), TEXT);

const charSpec = (lowercase: boolean) => makeSpec({
  data: { fn: 'text', args: { path: 'text.txt', level: 'char', lowercase, stride: 4 } },
  baseDir: folder, timesteps: 6, validationSplit: 0.2, outputActivation: 'softmax', loss: 'sparse_categorical_crossentropy',
});

test('a character model with lowercase: true reads lower-cased text: its vocabulary has no upper-case letter', () => {
  const lower = loadDataset(charSpec(true), 1, nodeFileSystem);
  assert.deepEqual(lower.vocabulary, [...new Set(TEXT.toLowerCase())].sort());
  assert.ok(!lower.vocabulary!.some((token) => token !== token.toLowerCase()), lower.vocabulary!.join(''));
  // The first window is the text's first 6 characters, lower-cased, one-hot; its target the 7th.
  const first = lower.train.batch([0]);
  const width = lower.features;
  const read = Array.from({ length: 6 }, (_, step) => lower.vocabulary![first.x.subarray(step * width, (step + 1) * width).indexOf(1)]).join('');
  assert.equal(read, 'the ca');
  assert.equal(lower.vocabulary![first.y[0]], 't');

  const kept = loadDataset(charSpec(false), 1, nodeFileSystem);
  assert.ok(kept.vocabulary!.includes('T') && kept.vocabulary!.includes('D'), 'without lowercase the case stays');
  assert.ok(kept.features > lower.features);
});

test('the checker counts the same lower-cased vocabulary as training', () => {
  const facts = inspectData({ fn: 'text', args: { path: 'text.txt', level: 'char', lowercase: true, stride: 4 } }, 6, folder, nodeFileSystem);
  assert.ok(facts.ok, JSON.stringify(facts));
  assert.deepEqual(facts.facts.vocabulary, [...new Set(TEXT.toLowerCase())].sort());
  assert.deepEqual(facts.facts.vocabulary, loadDataset(charSpec(true), 1, nodeFileSystem).vocabulary);
});

async function trainText(name: string, data: string): Promise<string> {
  const source = `model ${name} {
  data: ${data}
  input { timesteps: 6 }
  hidden { cell: gru, units: [4] }
  output { activation: softmax }
  loss: sparse_categorical_crossentropy
  train { epochs: 1, batch_size: 16, validation_split: 0.2, seed: 3 }
}
`;
  const checked = checkText(source, { path: join(folder, `${name}.rnn`) });
  const spec = checked.models[0].spec;
  assert.ok(spec, JSON.stringify(checked.diagnostics));
  const result = await train(spec, { runsDir: join(folder, 'runs'), backend: 'cpu' });
  assert.equal(result.status, 'completed', result.reason);
  return result.runDir;
}

test('generating from a lower-cased character run lower-cases the prime: an upper-case prime is not dropped', async () => {
  const saved = await openSavedModel(await trainText('Chars', 'text(path: "text.txt", lowercase: true)'));
  try {
    assert.ok(!saved.summary.data!.vocabulary!.includes('T'));
    const options = { length: 20, temperature: 0.8, seed: 9 };
    const upper = generateFromRun(saved, { ...options, prime: 'THE CAT' });
    const lower = generateFromRun(saved, { ...options, prime: 'the cat' });
    // The text starts with the prime as given; what follows comes from the same model input.
    assert.ok(upper.startsWith('THE CAT'));
    assert.equal(upper.slice('THE CAT'.length), lower.slice('the cat'.length));
  } finally {
    saved.model.dispose();
  }
});

test('generating from a word-level run splits the prime into words and joins the words with spaces', async () => {
  const saved = await openSavedModel(await trainText('Words', 'text(path: "text.txt", level: word, lowercase: true, stride: 1)'));
  try {
    const text = generateFromRun(saved, { length: 5, temperature: 1, seed: 4, prime: 'The cat' });
    const vocabulary = new Set(saved.summary.data!.vocabulary);
    const generated = text.slice('The cat'.length).trim().split(' ');
    assert.equal(generated.length, 5, text);
    for (const word of generated) assert.ok(vocabulary.has(word), `${word} in ${[...vocabulary].join('|')}`);
  } finally {
    saved.model.dispose();
  }
});
