// Rolling a saved series model past the end of its series (`rnn predict
// --forecast`, the panel's Predict): the first step is the model's prediction
// from the series' last rows, whatever the model's output: the next row, a
// horizon of rows, or a prediction at every step (the one after the last).
// A horizon model's h rows are all forecast rows and all roll into the window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { forecastTable, openSavedModel, train } from '../../core/src/engine';
import { checkText } from '../../core/src/language';

const runsDir = mkdtempSync(join(tmpdir(), 'rnn-forecast-test-'));

/** The sine wave the spec generates (no noise): row r. */
const sine = (r: number) => Math.sin((2 * Math.PI * r) / 20);

async function trainSine(output: string, data = 'sine(samples: 120, period: 20, noise: 0)'): Promise<string> {
  const source = `model Rolled {
  data: ${data}
  input { timesteps: 6 }
  hidden { cell: gru, units: [4] }
  output { ${output} }
  loss: mse
  train { epochs: 1, batch_size: 32, validation_split: 0.2, seed: 5 }
}
`;
  const checked = checkText(source, { path: join(runsDir, 'rolled.rnn') });
  const spec = checked.models[0].spec;
  assert.ok(spec, JSON.stringify(checked.diagnostics));
  const result = await train(spec, { runsDir, backend: 'cpu' });
  assert.equal(result.status, 'completed', result.reason);
  return result.runDir;
}

for (const [what, output, pick] of [
  ['the next row', 'units: 1', (values: Float32Array) => values[0]],
  ['a prediction at every step (after the last)', 'units: 1, at: every_step', (values: Float32Array) => values[5]],
] as const) {
  test(`a forecast rolls on from the series' last rows: a model predicting ${what}`, async () => {
    const saved = await openSavedModel(await trainSine(output));
    try {
      const table = forecastTable(saved, 2);
      assert.deepEqual(table.header, ['step', 'value']);
      // The series' last 6 rows are rows 114-119; step 2 reads rows 115-119 and step 1's value.
      const last = Array.from({ length: 6 }, (_, k) => sine(114 + k));
      const predictFrom = (rows: number[]) => tf.tidy(() => pick((saved.model.predict(tf.tensor3d(rows, [1, 6, 1])) as tf.Tensor).dataSync() as Float32Array));
      const first = predictFrom(last);
      assert.ok(Math.abs(Number(table.rows[0][1]) - first) < 1e-5, `step 1: ${table.rows[0][1]} against ${first}`);
      const second = predictFrom([...last.slice(1), Number(table.rows[0][1])]);
      assert.ok(Math.abs(Number(table.rows[1][1]) - second) < 1e-5, `step 2: ${table.rows[1][1]} against ${second}`);
    } finally {
      saved.model.dispose();
    }
  });
}

/** The model's raw output for one window of `rows` (rows of `width` values, oldest first). */
function predictWindow(model: LayersModel, rows: number[], width: number): number[] {
  return tf.tidy(() => Array.from((model.predict(tf.tensor3d(rows, [1, rows.length / width, width])) as tf.Tensor).dataSync()));
}

const close = (actual: unknown, expected: number, what: string) =>
  assert.ok(Math.abs(Number(actual) - expected) < 1e-5, `${what}: ${actual} against ${expected}`);

test('a horizon model\'s forecast gives all its h rows, then rolls all of them into the window', async () => {
  const saved = await openSavedModel(await trainSine('units: 1, horizon: 3'));
  try {
    const table = forecastTable(saved, 5);
    assert.deepEqual(table.header, ['step', 'value']);
    assert.deepEqual(table.rows.map((row) => row.length), [2, 2, 2, 2, 2], 'one value a row, not the whole horizon');
    assert.deepEqual(table.rows.map((row) => row[0]), [1, 2, 3, 4, 5]);
    const last = Array.from({ length: 6 }, (_, k) => sine(114 + k));
    const first = predictWindow(saved.model, last, 1);
    assert.equal(first.length, 3);
    first.forEach((value, r) => close(table.rows[r][1], value, `step ${r + 1}`));
    // Steps 4 and 5: the window is the series' last 3 rows and the 3 predicted ones.
    const second = predictWindow(saved.model, [...last.slice(3), ...first], 1);
    close(table.rows[3][1], second[0], 'step 4');
    close(table.rows[4][1], second[1], 'step 5');
  } finally {
    saved.model.dispose();
  }
});

test('a horizon model over two columns rolls both columns of every predicted row, in the data\'s units', async () => {
  const folder = mkdtempSync(join(runsDir, 'two-'));
  const rows = Array.from({ length: 80 }, (_, r) => [sine(r) * 3 + 10, Math.cos((2 * Math.PI * r) / 20)]);
  writeFileSync(join(folder, 'two.csv'), 'a,b\n' + rows.map((row) => row.map((v) => v.toFixed(6)).join(',')).join('\n') + '\n');
  const saved = await openSavedModel(await trainSine('units: 2, horizon: 2, activation: linear',
    `csv(path: "${join(folder, 'two.csv').replaceAll('\\', '/')}", columns: ["a", "b"], normalize: zscore)`));
  try {
    const table = forecastTable(saved, 3);
    assert.deepEqual(table.header, ['step', 'a', 'b']);
    const { offset, scale } = saved.summary.normalization!;
    const scaled = rows.slice(-6).flatMap((row) => row.map((v, c) => (Number(v.toFixed(6)) - offset[c]) / scale[c]));
    const first = predictWindow(saved.model, scaled, 2);
    assert.equal(first.length, 4, 'two rows of two columns');
    const unscale = (v: number, c: number) => v * scale[c] + offset[c];
    for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) close(table.rows[r][c + 1], unscale(first[r * 2 + c], c), `step ${r + 1} column ${c}`);
    const second = predictWindow(saved.model, [...scaled.slice(4), ...first], 2);
    for (let c = 0; c < 2; c++) close(table.rows[2][c + 1], unscale(second[c], c), `step 3 column ${c}`);
  } finally {
    saved.model.dispose();
  }
});
