// The Keras 3 export with a run's weights predicts what the engine predicts
// (tfjs's layers are Keras's: the layouts must line up), and its trained
// weights come back with rnn import. Keras runs in ~/.cache/rnn-studio/venv-tf.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { listRuns, readEventLog } from '../../core/src/engine';
import { runImport } from '../../cli/src/commands/import';
import { KERAS_ENV, KERAS_VENV, findPython, requirePython, run } from './python';
import type { ModelSpec } from '../../core/src/shared';
import { KERAS_PREDICT_ALL, PARITY_VARIANTS, enginePredictions, exportTo, maxDifference, modelText, readJson, specOf, trainRun, workDir } from './export-helpers';



const exported = new Map<string, { out: string; runDir: string; spec: ModelSpec }>();
let python: string | undefined;
let unavailable: string | undefined;

before(async () => {
  const found = findPython(KERAS_VENV, ['keras', 'safetensors']);
  if ('reason' in found) {
    unavailable = found.reason;
    return;
  }
  python = found.python;
  for (const [name, hidden] of Object.entries(PARITY_VARIANTS)) {
    const { path, spec } = specOf(workDir, `Keras${name}.rnn`, modelText(`Keras${name}`, hidden));
    const runDir = await trainRun(spec);
    exported.set(name, { out: await exportTo(path, join(workDir, `keras-${name}`), runDir, 'keras'), runDir, spec });
  }
  // The standalone predict.py of one export, as a user runs it; the others through the one process.
  const [first, ...rest] = [...exported.values()];
  run(python, ['predict.py', '--weights', 'weights.safetensors', '--out', 'predictions.json'], first.out, KERAS_ENV);
  run(python, ['-c', KERAS_PREDICT_ALL, ...rest.map((e) => e.out)], workDir, KERAS_ENV);
});

for (const name of Object.keys(PARITY_VARIANTS)) {
  test(`${name}: the Keras export with the run's weights gives the engine's validation predictions within 1e-4`, async (t) => {
    if (!requirePython(t, KERAS_VENV, ['keras', 'safetensors'], unavailable)) return;
    const { out, runDir, spec } = exported.get(name)!;
    const difference = maxDifference(readJson(join(out, 'predictions.json')).predictions, await enginePredictions(runDir, spec, 7));
    assert.ok(difference < 1e-4, `largest difference ${difference}`);
  });
}

test('Keras training writes an RNN Studio run; its weights come back with rnn import and predict what Keras predicts', async (t) => {
  const python = requirePython(t, KERAS_VENV, ['keras', 'safetensors']);
  if (!python) return;
  const { path, spec } = specOf(workDir, 'KerasTrained.rnn', modelText('KerasTrained', 'cell: lstm, units: [4], gates: [input, forget], peepholes: true'));
  const out = await exportTo(path, join(workDir, 'keras-trained'), undefined, 'keras');
  run(python, ['train.py', '--epochs', '2'], out, KERAS_ENV);
  const [trained] = listRuns(join(out, 'runs'));
  assert.ok(trained.ok && trained.state === 'completed', 'train.py writes a run the run store reads');
  const log = readEventLog(trained.runDir);
  assert.equal(log.skipped, 0, log.problem);
  assert.deepEqual(log.events.filter((e) => e.type === 'epoch').map((e) => e.type === 'epoch' && e.epoch), [1, 2]);
  run(python, ['predict.py', '--weights', 'weights.safetensors', '--out', 'predictions.json'], out, KERAS_ENV);
  const runsDir = join(workDir, 'keras-imported');
  assert.equal(await runImport([join(out, 'weights.safetensors')], { spec: path, runsDir }), 0);
  const [imported] = listRuns(runsDir);
  const difference = maxDifference(await enginePredictions(imported.runDir, spec, 7), readJson(join(out, 'predictions.json')).predictions);
  assert.ok(difference < 1e-4, `largest difference ${difference}`);
});
