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
    parts[part] = {"x": x.ravel().tolist(), "y": y.ravel().tolist()}
print(json.dumps({"split": data.split, "normalization": data.normalization, "vocabulary": data.vocabulary,
                  "features": data.features, "outputs": data.outputs, "parts": parts}))
`;

const folder = join(workDir, 'data-sources');
mkdirSync(join(folder, 'data'), { recursive: true });
writeFileSync(join(folder, 'data', 'two.csv'), '"day, of year",load,"temp"\r\n1,10.5,3\r\n\r\n2,"12",4.25\r\n' +
  Array.from({ length: 40 }, (_, i) => `${i + 3},${(Math.sin(i) * 7 + 20).toFixed(3)},${(i * 0.37).toFixed(2)}`).join('\n') + '\n');
copyFileSync('samples/data/airline-passengers.csv', join(folder, 'data', 'airline.csv'));
writeFileSync(join(folder, 'data', 'text.txt'), 'To be, or not to be:\r\nthat is the 🙂 question. Ünïcode ✓ and 𝄞 too！\n'.repeat(6));

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
      for (const [key, values] of [['x', batch.x], ['y', batch.y]] as const) {
        const theirs = exported.parts[part][key] as number[];
        assert.equal(theirs.length, values.length, `${part}.${key} length`);
        // Float32 on both sides; the generated series go through each language's sin and log (last-bit differences at most).
        let worst = 0;
        values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - theirs[i]))));
        assert.ok(worst <= 1e-6, `${part}.${key}: largest difference ${worst}`);
      }
    }
  });
}
