// Rolling a saved series model past the end of its series (`rnn predict
// --forecast`, the panel's Predict): the first step is the model's prediction
// from the series' last rows, whatever the model's output: the next row, a
// horizon of rows, or a prediction at every step (the one after the last).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { forecastTable, openSavedModel, train } from '../../core/src/engine';
import { checkText } from '../../core/src/language';

const runsDir = mkdtempSync(join(tmpdir(), 'rnn-forecast-test-'));

/** The sine wave the spec generates (no noise): row r. */
const sine = (r: number) => Math.sin((2 * Math.PI * r) / 20);

async function trainSine(output: string): Promise<string> {
  const source = `model Rolled {
  data: sine(samples: 120, period: 20, noise: 0)
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
  ['a horizon of 3 rows (the first)', 'units: 1, horizon: 3', (values: Float32Array) => values[0]],
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
