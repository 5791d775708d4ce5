// Labelled sequences (issue 16): long and wide CSV, class names from string
// labels, stratified splits, padding with masks, word tokens with <unk>, and
// text folders with their access bounds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { inspectData, loadDataset } from '../../core/src/engine/data';
import { oneHotIndices } from '../../core/src/engine/kernels/one-hot';
import {
  MAX_TEXT_FILE_BYTES, OUT_OF_VOCABULARY, encodeTokens, listClassFolders, nodeFileSystem, tokenize, vocabularyOfTokens,
} from '../../core/src/language';
import type { FileSystem } from '../../core/src/language/check/api';
import type { DataSpec } from '../../core/src/shared/spec';
import { makeSpec } from '../helpers/model-spec';
import { folderWith as makeFolder } from '../helpers/temp-folder';

function memoryFs(files: Record<string, string>): FileSystem {
  return { exists: (p) => p in files, readText: (p) => files[p] };
}

const folderWith = (files: Record<string, string>) => makeFolder(files, 'rnn-labelled-');

const sequencesSpec = (args: Partial<Extract<DataSpec, { fn: 'sequences' }>['args']>, options: Parameters<typeof makeSpec>[0] = {}) =>
  makeSpec({
    data: { fn: 'sequences', args: { path: 'seq.csv', label: 'label', normalize: 'none', ...args } },
    baseDir: '/d', validationSplit: 0, outputActivation: 'softmax', loss: 'sparse_categorical_crossentropy', ...options,
  });

/** Every window of a part, in order. */
const allOf = (source: { size: number; batch(i: number[]): { x: Float32Array; y: Float32Array; mask?: Float32Array } }) =>
  source.batch(Array.from({ length: source.size }, (_, i) => i));

// Three sequences of 3 steps × 2 features, written both ways.
const LONG = 'seq,t,a,b,label\n' + [
  ['s1', 2, 5, 6, 'walk'], ['s1', 0, 1, 2, 'walk'], ['s1', 1, 3, 4, 'walk'],
  ['s2', 0, 7, 8, 'run'], ['s2', 1, 9, 10, 'run'], ['s2', 2, 11, 12, 'run'],
  ['s3', 0, 13, 14, 'sit'], ['s3', 1, 15, 16, 'sit'], ['s3', 2, 17, 18, 'sit'],
].map((row) => row.join(',')).join('\n');
const WIDE = 'a0,b0,a1,b1,a2,b2,label\n1,2,3,4,5,6,walk\n7,8,9,10,11,12,run\n13,14,15,16,17,18,sit\n';

test('long and wide CSV give the same sequences; the time column orders the steps; classes are the labels sorted', () => {
  const fs = memoryFs({ '/d/long.csv': LONG, '/d/wide.csv': WIDE });
  const long = loadDataset(sequencesSpec({ path: 'long.csv', id: 'seq', time: 't', columns: ['a', 'b'] }, { timesteps: 3, features: 2 }), 1, fs);
  const wide = loadDataset(sequencesSpec({ path: 'wide.csv' }, { timesteps: 3, features: 2 }), 1, fs);
  for (const data of [long, wide]) {
    assert.deepEqual(data.classes, ['run', 'sit', 'walk']);
    assert.equal(data.features, 2);
    assert.equal(data.outputs, 3);
    assert.equal(data.targets, 'sparse');
  }
  assert.deepEqual(allOf(long.train), allOf(wide.train));
  const { x, y, mask } = allOf(wide.train);
  assert.deepEqual(Array.from(x.subarray(0, 6)), [1, 2, 3, 4, 5, 6], 's1 in time order, though its rows are not');
  assert.deepEqual(Array.from(y), [2, 0, 1], 'walk, run, sit as class indices');
  assert.equal(mask, undefined, 'no padding, no mask');
});

test('numeric labels are classes sorted as numbers; the checker reads the same facts', () => {
  const csv = 'x0,x1,digit\n' + [10, 9, 2, 10, 9, 2].map((d, i) => `${i},${i + 1},${d}`).join('\n');
  const fs = memoryFs({ '/d/seq.csv': csv });
  const data = loadDataset(sequencesSpec({ label: 'digit' }, { timesteps: 2 }), 1, fs);
  assert.deepEqual(data.classes, ['2', '9', '10']);
  const inspected = inspectData({ fn: 'sequences', args: { path: 'seq.csv', label: 'digit', normalize: 'none' } }, 2, '/d', fs);
  assert.ok(inspected.ok);
  assert.deepEqual(inspected.facts.classes, ['2', '9', '10']);
  assert.deepEqual(inspected.facts.classCounts, [2, 2, 2]);
  assert.equal(inspected.facts.features, 1);
  assert.equal(inspected.facts.outputs, 3);
  assert.deepEqual(inspected.facts.lengths, [2, 2, 2, 2, 2, 2]);
});

test('padded batches: real steps first, zeros after, a mask of 1 then 0; longer sequences are cut to timesteps', () => {
  // Lengths 1, 2, 4 and 5 steps of one feature.
  const lengths = [1, 2, 4, 5];
  const csv = 'id,v,label\n' + lengths.flatMap((n, s) => Array.from({ length: n }, (_, k) => `q${s},${10 * (s + 1) + k},${s % 2 ? 'b' : 'a'}`)).join('\n');
  const data = loadDataset(sequencesSpec({ id: 'id' }, { timesteps: 4 }), 1, memoryFs({ '/d/seq.csv': csv }));
  const { x, y, mask } = allOf(data.train);
  assert.ok(mask, 'a padded batch carries a mask');
  assert.equal(mask.length, 4 * 4, '[size, timesteps]');
  assert.deepEqual(Array.from(mask), [1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(x), [10, 0, 0, 0, 20, 21, 0, 0, 30, 31, 32, 33, 40, 41, 42, 43], 'padding at the end; the fifth step is cut');
  assert.deepEqual(Array.from(y), [0, 1, 0, 1]);
});

test('stratified split keeps the class proportions and whole sequences; the seed decides which', () => {
  // 60 of a, 30 of b, 10 of c, one row each (wide format, 2 steps).
  const labels = [...Array(60).fill('a'), ...Array(30).fill('b'), ...Array(10).fill('c')];
  const csv = 'x0,x1,label\n' + labels.map((label, i) => `${i},${i},${label}`).join('\n');
  const fs = memoryFs({ '/d/seq.csv': csv });
  const load = (stratify: boolean, seed: number) =>
    loadDataset(sequencesSpec({}, { timesteps: 2, validationSplit: 0.2, stratify }), seed, fs);
  const counts = (y: Float32Array) => [0, 1, 2].map((c) => y.filter((v) => v === c).length);

  const stratified = load(true, 5);
  assert.deepEqual(stratified.split, { train: 80, validation: 20, gap: 0 });
  assert.deepEqual(counts(allOf(stratified.validation).y), [12, 6, 2]);
  assert.deepEqual(counts(allOf(stratified.train).y), [48, 24, 8]);
  const ids = (part: typeof stratified.train) => Array.from(allOf(part).x.filter((_, i) => i % 2 === 0));
  const all = [...ids(stratified.train), ...ids(stratified.validation)].sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: 100 }, (_, i) => i), 'every sequence in exactly one part');
  assert.deepEqual(ids(load(true, 5).validation), ids(stratified.validation), 'the same seed draws the same validation part');
  assert.notDeepEqual(ids(load(true, 6).validation), ids(stratified.validation));
  // Without stratify the part is drawn from all sequences at once, not the file's last rows (which are all c).
  const random = counts(allOf(load(false, 5).validation).y);
  assert.equal(random.reduce((a, b) => a + b), 20);
  assert.ok(random[0] > 0, `a random draw, not the last rows: ${random}`);
});

test('minmax on sequences uses the training sequences only, and is recorded', () => {
  const csv = 'x0,label\n' + Array.from({ length: 10 }, (_, i) => `${i},${i % 2}`).join('\n');
  const data = loadDataset(sequencesSpec({ normalize: 'minmax' }, { timesteps: 1, validationSplit: 0.2, stratify: true }), 3, memoryFs({ '/d/seq.csv': csv }));
  const train = allOf(data.train).x;
  assert.equal(Math.min(...train), 0);
  assert.equal(Math.max(...train), 1);
  assert.equal(data.normalization?.method, 'minmax');
});

test('bad labelled CSVs are errors at the argument, with the line', () => {
  const fs = memoryFs({ '/d/seq.csv': 'id,v,label\nq1,1,a\nq1,2,b\n', '/d/wide.csv': 'a,b,c,label\n1,2,3,x\n' });
  const mixed = inspectData({ fn: 'sequences', args: { path: 'seq.csv', id: 'id', label: 'label', normalize: 'none' } }, 2, '/d', fs);
  assert.ok(!mixed.ok);
  assert.equal(mixed.arg, 'label');
  assert.match(mixed.message, /line 3: sequence "q1" has the label "b" here but "a" on its first row/);
  const uneven = inspectData({ fn: 'sequences', args: { path: 'wide.csv', label: 'label', normalize: 'none' } }, 2, '/d', fs);
  assert.ok(!uneven.ok);
  assert.match(uneven.message, /3 value columns must split into `timesteps` 2 steps/);
  const typo = inspectData({ fn: 'sequences', args: { path: 'seq.csv', id: 'idd', label: 'label', normalize: 'none' } }, 2, '/d', fs);
  assert.ok(!typo.ok);
  assert.equal(typo.arg, 'id');
  assert.match(typo.message, /did you mean "id"\?|did you mean `id`\?/);
});

test('word tokens: lowercased words with inner apostrophes, punctuation on its own, a limited vocabulary with <unk>', () => {
  assert.deepEqual(tokenize("Don't PANIC, it's 42!", { level: 'word', lowercase: true }), ["don't", 'panic', ',', "it's", '42', '!']);
  assert.deepEqual(tokenize('Ab c', { level: 'char', lowercase: false }), ['A', 'b', ' ', 'c']);
  const documents = [['the', 'cat', 'the', 'dog'], ['the', 'cat', 'eel']];
  assert.deepEqual(vocabularyOfTokens(documents, undefined), ['cat', 'dog', 'eel', 'the'], 'no limit: every token sorted, no <unk>');
  const limited = vocabularyOfTokens(documents, 3);
  assert.deepEqual(limited, [OUT_OF_VOCABULARY, 'the', 'cat'], '<unk> first, then the most frequent');
  assert.deepEqual(Array.from(encodeTokens(['the', 'dog', 'cat', 'zebra'], limited)), [1, 0, 2, 0], 'unknown words are <unk>');
  assert.throws(() => encodeTokens(['zebra'], ['cat', 'the']), /not in the vocabulary/);
});

test('word-level text windows: next-word targets over the limited vocabulary', () => {
  const text = 'the cat sat . the cat ran . the dog sat .';
  const spec = makeSpec({
    data: { fn: 'text', args: { path: 't.txt', level: 'word', lowercase: false, vocabulary: 4, stride: 1 } },
    baseDir: '/d', timesteps: 2, validationSplit: 0, outputActivation: 'softmax', loss: 'sparse_categorical_crossentropy',
  });
  const data = loadDataset(spec, 1, memoryFs({ '/d/t.txt': text }));
  assert.deepEqual(data.vocabulary, ['<unk>', '.', 'the', 'cat']);
  assert.equal(data.features, 4);
  assert.equal(data.train.size, 10);
  const first = data.train.batch([0]);
  assert.deepEqual(Array.from(first.x), [0, 0, 1, 0, 0, 0, 0, 1], 'one-hot "the", "cat"');
  assert.deepEqual(Array.from(first.oneHot!), [2, 3], 'and their indices');
  assert.equal(first.y[0], 0, '"sat" is out of the vocabulary');
});

const FOLDER = {
  'texts/neg/1.txt': 'Bad, bad film.', 'texts/neg/2.txt': 'Awful plot', 'texts/neg/3.txt': 'bad acting and a bad plot',
  'texts/pos/1.txt': 'Good film!', 'texts/pos/2.txt': 'a good plot', 'texts/pos/notes.md': 'not a text sample',
};

test('text folder: a class per folder, a sequence per .txt file, token ids for an embedding, one-hot without', () => {
  const dir = folderWith(FOLDER);
  const args = { path: 'texts', level: 'word' as const, lowercase: true, vocabulary: 6 };
  const spec = (embedding?: { dim: number }) => makeSpec({
    data: { fn: 'text_folder', args }, baseDir: dir, timesteps: 4, validationSplit: 0, embedding, outputActivation: 'softmax', loss: 'sparse_categorical_crossentropy',
  });
  const ids = loadDataset(spec({ dim: 3 }), 1, nodeFileSystem);
  assert.deepEqual(ids.classes, ['neg', 'pos']);
  assert.equal(ids.train.size, 5, 'notes.md is not a sample');
  assert.equal(ids.inputs, 'token-ids');
  assert.deepEqual(ids.vocabulary, ['<unk>', 'bad', 'plot', 'a', 'film', 'good']);
  const { x, y, mask } = allOf(ids.train);
  // Read a file of each class in turn: neg/1, pos/1, neg/2, pos/2, neg/3.
  assert.deepEqual(Array.from(y), [0, 1, 0, 1, 0]);
  // neg/1: "bad , bad film ." cut to 4; neg/2: "awful plot" padded, with a mask.
  assert.deepEqual(Array.from(x.subarray(0, 4)), [1, 0, 1, 4]);
  assert.deepEqual(Array.from(x.subarray(8, 12)), [0, 2, 0, 0]);
  assert.deepEqual(Array.from(mask!.subarray(0, 4)), [1, 1, 1, 1]);
  assert.deepEqual(Array.from(mask!.subarray(8, 12)), [1, 1, 0, 0]);

  const oneHot = loadDataset(spec(), 1, nodeFileSystem);
  assert.equal(oneHot.inputs, undefined);
  const batch = oneHot.train.batch([1]);
  assert.equal(batch.x.length, 4 * 6);
  assert.deepEqual(Array.from(batch.x.subarray(6, 12)), [0, 0, 0, 0, 1, 0], 'pos/1\'s second step is "film"');
  // The kernels take these instead of searching x: the index of each step's 1, -1 for a padding step.
  const padded = oneHot.train.batch([0, 1, 2]);
  assert.deepEqual(Array.from(padded.oneHot!), Array.from(oneHotIndices(padded.x, 6)!));
  assert.deepEqual(Array.from(padded.oneHot!.subarray(8, 12)), [0, 2, -1, -1], 'neg/2, "awful plot", padded');

  const facts = inspectData({ fn: 'text_folder', args }, 4, dir, nodeFileSystem);
  assert.ok(facts.ok);
  assert.deepEqual(facts.facts.classes, ['neg', 'pos']);
  assert.deepEqual(facts.facts.classCounts, [3, 2]);
  assert.equal(facts.facts.features, 6);
  assert.deepEqual(facts.facts.lengths, [2, 3, 3, 5, 6]);
});

test('text folder: a link that leads out of the folder is refused, one inside is read', () => {
  const outside = folderWith({ 'secret.txt': 'top secret' });
  const dir = folderWith(FOLDER);
  symlinkSync(join(dir, 'texts/pos/1.txt'), join(dir, 'texts/neg/inside.txt'));
  assert.equal(listClassFolders('texts', dir, nodeFileSystem)[0].files.length, 4);
  symlinkSync(join(outside, 'secret.txt'), join(dir, 'texts/pos/leak.txt'));
  assert.throws(() => listClassFolders('texts', dir, nodeFileSystem), (error: Error & { code?: string }) =>
    error.code === 'data-not-allowed' && /leak\.txt leads out of the data folder/.test(error.message));
  const linkedClass = folderWith(FOLDER);
  symlinkSync(outside, join(linkedClass, 'texts/elsewhere'));
  assert.throws(() => listClassFolders('texts', linkedClass, nodeFileSystem), /elsewhere leads out of the data folder/);
});

test('text folder: the folder itself must be where data may come from, and sizes and kinds are bounded', () => {
  const dir = folderWith({ ...FOLDER, 'model.rnn': '' });
  const outside = folderWith(FOLDER);
  assert.throws(() => listClassFolders(join(outside, 'texts'), dir, nodeFileSystem, {}), (error: Error & { code?: string }) => error.code === 'data-not-allowed');
  writeFileSync(join(dir, 'texts/pos/big.txt'), 'x'.repeat(MAX_TEXT_FILE_BYTES + 1));
  assert.throws(() => listClassFolders('texts', dir, nodeFileSystem), /big\.txt has 1048577 bytes, more than the 1048576/);
  const fifo = folderWith(FOLDER);
  assert.equal(spawnSync('mkfifo', [join(fifo, 'texts/neg/pipe.txt')]).status, 0);
  assert.throws(() => listClassFolders('texts', fifo, nodeFileSystem), /pipe\.txt is not a regular file/);
  const oneClass = folderWith({ 'texts/only/1.txt': 'a b' });
  assert.throws(() => listClassFolders('texts', oneClass, nodeFileSystem), /has 1 class folders: a text folder needs a subfolder per class, at least two/);
  const wide = folderWith({});
  for (let i = 0; i <= 1000; i++) mkdirSync(join(wide, 'texts', `c${i}`), { recursive: true });
  assert.throws(() => listClassFolders('texts', wide, nodeFileSystem), /holds more than 1000 entries/);
});

test('text folder: an empty text is an error naming the file, in the checker as in training', () => {
  const dir = folderWith({ ...FOLDER, 'texts/pos/empty.txt': ' \n' });
  const args = { path: 'texts', level: 'word' as const, lowercase: false };
  const facts = inspectData({ fn: 'text_folder', args }, 4, dir, nodeFileSystem);
  assert.ok(!facts.ok);
  assert.equal(facts.code, 'data-unusable');
  assert.match(facts.message, /empty\.txt holds no token: a sequence needs at least one step/);
  assert.throws(() => loadDataset(makeSpec({ data: { fn: 'text_folder', args }, baseDir: dir, timesteps: 4 }), 1, nodeFileSystem), /empty\.txt holds no token/);
});

test('a labelled CSV with a header and no rows holds no sequence', () => {
  const empty = inspectData({ fn: 'sequences', args: { path: 'seq.csv', label: 'label', normalize: 'none' } }, 2, '/d', memoryFs({ '/d/seq.csv': 'x0,x1,label\n' }));
  assert.ok(!empty.ok);
  assert.equal(empty.code, 'data-unusable');
  assert.match(empty.message, /holds no sequence/);
});
