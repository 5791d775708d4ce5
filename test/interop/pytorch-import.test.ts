// Weights trained in the exported PyTorch project come back with `rnn import`
// as a run the engine loads (loadRun) and the run store lists, predicting
// what PyTorch predicts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { listRuns, readSummary } from '../../core/src/engine';
import { runImport } from '../../cli/src/commands/import';
import { INTEROP_VENV, requirePython, run } from './python';
import { enginePredictions, exportTo, maxDifference, modelText, readJson, specOf, workDir } from './export-helpers';

test('rnn import makes a run of PyTorch-trained weights that predicts what PyTorch predicts', async (t) => {
  const python = requirePython(t, INTEROP_VENV, ['torch', 'safetensors', 'numpy']);
  if (!python) return;
  const name = 'ImportedPeepholes';
  const { path, spec } = specOf(workDir, `${name}.rnn`, modelText(name, 'cell: lstm, units: [4, 3], peepholes: true, bidirectional: true'));
  const out = await exportTo(path, join(workDir, `export-${name}`));
  run(python, ['train.py', '--epochs', '2', '--runs-dir', 'runs'], out);
  const [trained] = listRuns(join(out, 'runs'));
  const weights = join(trained.runDir, 'weights.safetensors');
  run(python, ['predict.py', '--weights', weights, '--out', 'predictions.json'], out);

  const runsDir = join(workDir, 'imported-runs');
  assert.equal(await runImport([weights], { spec: path, runsDir }), 0);
  const [imported] = listRuns(runsDir);
  assert.ok(imported.ok && imported.state === 'completed');
  const summary = readSummary(imported.runDir);
  assert.equal(summary.weightsEpoch, 0);
  assert.ok(summary.final.val_loss > 0, 'the imported weights are evaluated on the validation part');
  const difference = maxDifference(await enginePredictions(imported.runDir, spec, 7), readJson(join(out, 'predictions.json')).predictions);
  assert.ok(difference < 1e-4, `largest difference ${difference}`);
});

test('rnn import refuses weights of another model, naming the weight', async (t) => {
  const python = requirePython(t, INTEROP_VENV, ['torch', 'safetensors', 'numpy']);
  if (!python) return;
  const small = specOf(workDir, 'SmallGru.rnn', modelText('SmallGru', 'cell: gru, units: [3]'));
  const out = await exportTo(small.path, join(workDir, 'export-SmallGru'));
  run(python, ['train.py', '--epochs', '1', '--runs-dir', 'runs'], out);
  const [trained] = listRuns(join(out, 'runs'));
  const other = specOf(workDir, 'WiderGru.rnn', modelText('WiderGru', 'cell: gru, units: [5]'));
  const errors: string[] = [];
  const original = console.error;
  console.error = (line: string) => errors.push(line);
  try {
    assert.equal(await runImport([join(trained.runDir, 'weights.safetensors')], { spec: other.path, runsDir: join(workDir, 'refused') }), 1);
  } finally {
    console.error = original;
  }
  assert.match(errors.join('\n'), /weight hidden\.0\.forward\.kernel has the shape \[1, 9\]; this model needs \[1, 15\]/);
  assert.deepEqual(listRuns(join(workDir, 'refused')), [], 'no run is made of weights that do not fit');
});
