// The exported data code builds the engine's windows, split, normalisation
// statistics and vocabulary, for every data source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset, nodeFileSystem } from '../../core/src/engine';
import { INTEROP_VENV, requirePython, run } from './python';
import { exportTo, modelText, specOf, workDir } from './export-helpers';

const DUMP = `
import json, sys
sys.path.insert(0, ".")
from rnn_data import load_dataset
spec = json.load(open("spec.json"))
data = load_dataset(spec, 11, ".")
parts = {}
for part in ("train", "validation"):
    x, y = data.part(part)
    mask = data.part_mask(part)
    parts[part] = {"x": x.ravel().tolist(), "y": y.ravel().tolist(), "mask": None if mask is None else mask.ravel().tolist()}
print(json.dumps({"split": data.split, "normalization": data.normalization, "vocabulary": data.vocabulary,
                  "classes": data.classes, "features": data.features, "outputs": data.outputs, "parts": parts}))
`;

const folder = join(workDir, 'data-sources');
mkdirSync(join(folder, 'data'), { recursive: true });
writeFileSync(join(folder, 'data', 'two.csv'), '"day, of year",load,"temp"\r\n1,10.5,3\r\n\r\n2,"12",4.25\r\n' +
  Array.from({ length: 40 }, (_, i) => `${i + 3},${(Math.sin(i) * 7 + 20).toFixed(3)},${(i * 0.37).toFixed(2)}`).join('\n') + '\n');
copyFileSync('samples/data/airline-passengers.csv', join(folder, 'data', 'airline.csv'));
writeFileSync(join(folder, 'data', 'text.txt'), 'To be, or not to be:\r\nthat is the 🙂 question. Ünïcode ✓ and 𝄞 too！\n'.repeat(6));
// Long format: rows of a sequence out of order (time orders them), lengths 2 to 7 (padding and cuts at 5), word labels.
const longRows = Array.from({ length: 23 }, (_, s) => Array.from({ length: 2 + (s % 6) }, (_, step) => [`s${s}`, (7 - step) * 1.5, (s * 0.7 + step).toFixed(2), ((s * step) % 5) - 2.5, ['walk', 'run', 'sit'][s % 3]].join(','))).flat();
writeFileSync(join(folder, 'data', 'long.csv'), 'id,t,a,b,activity\n' + longRows.sort((a, b) => (a.length * 7919 + a.charCodeAt(3)) % 13 - (b.length * 7919 + b.charCodeAt(3)) % 13).join('\n') + '\n');
// Wide format: 4 steps of 2 features, numeric labels that sort as numbers (9 before 10).
writeFileSync(join(folder, 'data', 'wide.csv'), 'f1,f2,f3,f4,f5,f6,f7,f8,label\n' +
  Array.from({ length: 30 }, (_, r) => [...Array.from({ length: 8 }, (_, k) => ((r * 3 + k * 5) % 11) / 2), [9, 10, 2][r % 3 === 0 && r > 20 ? 2 : r % 2]].join(',')).join('\n') + '\n');
// A folder per class: apostrophes, punctuation, non-ASCII words and case; some texts longer than timesteps, one of one word.
const TEXTS: Record<string, string[]> = {
  ham: ['Don\'t panic: it\'s only a test.', 'L\'été est là — déjà! The cat sat.', 'Tea? Yes, please; tea and more TEA.', 'Hello', 'one two three four five six seven eight nine ten'],
  spam: ['WIN money now!!! Click here, click HERE.', 'Free tea, free cats, free l\'été', 'Money money money, it\'s a rich man\'s world', 'Act now: offer ends soon…', 'Cheap cheap cheap'],
  other: ['Ünïcode ✓ words and 𝄞 symbols', 'naïve café — résumé', 'Numbers 42 and 3.14 count too', 'z'],
};
for (const [name, texts] of Object.entries(TEXTS)) {
  mkdirSync(join(folder, 'data', 'texts', name), { recursive: true });
  texts.forEach((text, i) => writeFileSync(join(folder, 'data', 'texts', name, `${String.fromCharCode(98 - i)}${i}.txt`), text));
}
const CLASSIFIER = { output: '{ activation: softmax }', loss: 'sparse_categorical_crossentropy' };

const SOURCES: Record<string, Record<string, string>> = {
  Sine: { data: 'sine(samples: 150, period: 17, noise: 0.3, amplitude: 2.5)' },
  Adding: { data: 'adding(samples: 60, timesteps: 6)', input: '{ timesteps: 6, features: 2 }' },
  CsvZscore: { data: 'csv(path: "data/two.csv", columns: ["load", "temp"], normalize: zscore)', input: '{ timesteps: 5, features: 2 }', output: '{ units: 2, activation: linear }' },
  CsvMinmax: { data: 'csv(path: "data/airline.csv", column: "Passengers", normalize: minmax)', train: '{ epochs: 1, batch_size: 16, validation_split: 0.3 }' },
  CsvAllNumeric: { data: 'csv(path: "data/two.csv")', input: '{ timesteps: 5, features: 3 }', output: '{ units: 3, activation: linear }' },
  Text: {
    data: 'text(path: "data/text.txt", level: char, max_chars: 300, stride: 3)',
    input: '{ timesteps: 7, features: 27 }',
    output: '{ units: 27, activation: softmax }',
    loss: 'sparse_categorical_crossentropy',
  },
  // A character model without a limit or an embedding reads its text by a path of its own: lowercase must hold there too.
  TextLowercase: {
    data: 'text(path: "data/text.txt", level: char, lowercase: true, max_chars: 300, stride: 3)', input: '{ timesteps: 7 }', ...CLASSIFIER,
  },
  SineEveryStep: { output: '{ units: 1, at: every_step }' },
  SineHorizon: { data: 'sine(samples: 150, period: 17, noise: 0.3)', output: '{ units: 1, horizon: 4 }' },
  CsvHorizon: { data: 'csv(path: "data/airline.csv", column: "Passengers", normalize: zscore)', input: '{ timesteps: 6, features: 1 }', output: '{ units: 1, horizon: 12 }' },
  TextWords: { data: 'text(path: "data/text.txt", level: word, lowercase: true, vocabulary: 9, stride: 2)', input: '{ timesteps: 5 }', ...CLASSIFIER },
  TextWordsEveryStep: {
    data: 'text(path: "data/text.txt", level: word)', input: '{ timesteps: 4 }', embedding: '{ dim: 3 }', ...CLASSIFIER,
    output: '{ activation: softmax, at: every_step }',
  },
  TextCharsLimited: { data: 'text(path: "data/text.txt", level: char, vocabulary: 6)', input: '{ timesteps: 9 }', ...CLASSIFIER },
  SequencesLong: {
    data: 'sequences(path: "data/long.csv", id: "id", time: "t", label: "activity", columns: ["a", "b"], normalize: zscore)',
    input: '{ timesteps: 5 }', ...CLASSIFIER, train: '{ epochs: 1, batch_size: 4, validation_split: 0.3, stratify: true }',
  },
  SequencesLongRandom: {
    data: 'sequences(path: "data/long.csv", id: "id", label: "activity")', input: '{ timesteps: 8 }', ...CLASSIFIER,
    train: '{ epochs: 1, batch_size: 4, validation_split: 0.25 }',
  },
  SequencesWide: { data: 'sequences(path: "data/wide.csv", label: "label", normalize: minmax)', input: '{ timesteps: 4 }', ...CLASSIFIER, train: '{ epochs: 1, batch_size: 4, validation_split: 0.2, stratify: true }' },
  TextFolderWords: {
    data: 'text_folder(path: "data/texts", level: word, lowercase: true, vocabulary: 20)', input: '{ timesteps: 6 }', embedding: '{ dim: 4 }', ...CLASSIFIER,
    train: '{ epochs: 1, batch_size: 4, validation_split: 0.3, stratify: true }',
  },
  TextFolderChars: { data: 'text_folder(path: "data/texts")', input: '{ timesteps: 12 }', ...CLASSIFIER, train: '{ epochs: 1, batch_size: 4, validation_split: 0.4 }' },
};

/** What the comparison must cover for a source, so that a case cannot pass by comparing empty parts. */
const COVERS: Record<string, { mask?: boolean; unknown?: boolean }> = {
  TextWords: { unknown: true },
  TextCharsLimited: { unknown: true },
  SequencesLong: { mask: true },
  SequencesLongRandom: { mask: true },
  TextFolderWords: { mask: true, unknown: true },
  TextFolderChars: { mask: true },
};

for (const [name, members] of Object.entries(SOURCES)) {
  test(`${name}: the exported data code builds the engine's windows, split, statistics and vocabulary`, async (t) => {
    const python = requirePython(t, INTEROP_VENV, ['torch', 'numpy']);
    if (!python) return;
    const { path, spec } = specOf(folder, `${name}.rnn`, modelText(name, 'cell: gru, units: [3]', members));
    const out = await exportTo(path, join(workDir, `export-data-${name}`));
    const exported = JSON.parse(run(python, ['-c', DUMP], out).stdout);
    const engine = loadDataset(spec, 11, nodeFileSystem);
    assert.deepEqual(exported.split, engine.split);
    assert.ok(engine.split.validation > 0 && engine.split.train > 0);
    assert.equal(exported.features, engine.features);
    assert.equal(exported.outputs, engine.outputs);
    assert.deepEqual(exported.vocabulary ?? undefined, engine.vocabulary);
    assert.deepEqual(exported.classes ?? undefined, engine.classes);
    const covers = COVERS[name] ?? {};
    assert.equal(engine.train.batch([0]).mask !== undefined, !!covers.mask, 'padded sequences have a mask');
    assert.equal(engine.vocabulary?.[0] === '<unk>', !!covers.unknown, 'a limited vocabulary has <unk>');
    if (engine.normalization) {
      assert.deepEqual(exported.normalization.columns, engine.normalization.columns);
      assert.equal(exported.normalization.method, engine.normalization.method);
      for (const key of ['offset', 'scale'] as const) {
        engine.normalization[key].forEach((v, i) => assert.ok(Math.abs(exported.normalization[key][i] - v) <= 1e-9 * Math.abs(v), `${key}[${i}]`));
      }
    } else {
      assert.equal(exported.normalization, null);
    }
    for (const part of ['train', 'validation'] as const) {
      const source = engine[part];
      const batch = source.batch(Array.from({ length: source.size }, (_, i) => i));
      assert.equal(exported.parts[part].mask === null, batch.mask === undefined, `${part}: a mask on both sides or on neither`);
      for (const [key, values] of [['x', batch.x], ['y', batch.y], ['mask', batch.mask ?? []]] as const) {
        const theirs = (exported.parts[part][key] ?? []) as number[];
        assert.equal(theirs.length, values.length, `${part}.${key} length`);
        // Float32 on both sides; the generated series go through each language's sin and log (last-bit differences at most).
        let worst = 0;
        values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - theirs[i]))));
        assert.ok(worst <= 1e-6, `${part}.${key}: largest difference ${worst}`);
      }
    }
  });
}
