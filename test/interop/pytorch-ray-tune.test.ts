// A spec with a sweep exports with its trials: `train.py --ray-tune` runs
// every trial as a Ray Tune trial, `train.py --trial N` one of them, and
// each writes a run in RNN Studio's run format marked as a trial of one
// sweep, with the trial's values, as `rnn train` writes a sweep's runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listRuns, readEventLog } from '../../core/src/engine';
import { checkText, expandSweep } from '../../core/src/language';
import { runSummarySchema, type StartEvent } from '../../core/src/shared';
import { INTEROP_VENV, requirePython, run } from './python';
import { exportTo, modelText, readJson, specOf, workDir } from './export-helpers';

/** The sine sample with a sweep of 4 trials: two learning rates by two widths. */
const SWEPT_SINE = readFileSync('samples/sine.rnn', 'utf8')
  .replace('model SineForecast {', 'model SweptSine {')
  .replace(/\}\s*$/, '  sweep { optimizer.lr: [0.01, 0.003], hidden.units: [[8], [4, 4]] }\n}\n');

function sweptRuns(runsDir: string) {
  return listRuns(runsDir).map((entry) => {
    assert.ok(entry.ok, entry.ok ? '' : entry.reason);
    assert.equal(entry.state, 'completed');
    const summary = runSummarySchema.parse(readJson(join(entry.runDir, 'summary.json')));
    const log = readEventLog(entry.runDir);
    assert.equal(log.skipped, 0, log.problem);
    return { summary, start: log.events[0] as StartEvent, runDir: entry.runDir };
  });
}

test('train.py --ray-tune runs every trial of the exported sweep with Ray Tune, one valid run per trial with its values', async (t) => {
  const python = requirePython(t, INTEROP_VENV, ['torch', 'safetensors', 'numpy', 'ray.tune']);
  if (!python) return;
  const { path } = specOf(workDir, 'SweptSine.rnn', SWEPT_SINE);
  const trials = expandSweep(checkText(SWEPT_SINE, { path }).models[0]);
  assert.equal(trials.length, 4);
  const out = await exportTo(path, join(workDir, 'export-SweptSine'));
  assert.equal(readJson(join(out, 'sweep.json')).trials.length, 4);
  run(python, ['train.py', '--ray-tune', '--epochs', '1', '--max-concurrent', '2'], out, { RAY_ADDRESS: '' });

  const runs = sweptRuns(join(out, 'runs'));
  assert.equal(runs.length, 4, 'one run per trial');
  assert.equal(new Set(runs.map((r) => r.summary.sweep?.id)).size, 1, 'the trials of one sweep');
  for (const trial of trials) {
    const mine = runs.filter((r) => r.summary.sweep?.trial === trial.trial);
    assert.equal(mine.length, 1, `trial ${trial.trial} once`);
    const { summary, start } = mine[0];
    assert.equal(summary.sweep!.trials, 4);
    assert.deepEqual(summary.sweep!.params, trial.params);
    assert.equal(summary.epochs, 1);
    assert.ok(Number.isFinite(summary.final.val_loss));
    // The trial's values reached the model: its layers are the trial's widths.
    const units = (trial.params['hidden.units'] as number[]);
    assert.equal(start.layers.length, units.length + 1);
    assert.equal(start.totalParams, summary.totalParams);
    assert.match(summary.backend ?? '', /^pytorch-/);
  }
  assert.notEqual(runs.find((r) => r.summary.sweep!.trial === 1)!.summary.totalParams,
    runs.find((r) => r.summary.sweep!.trial === 2)!.summary.totalParams, 'trials of other widths have other models');
});

test('train.py --trial 3 trains only that trial of the sweep; without a sweep --trial is a one-line error', async (t) => {
  const python = requirePython(t, INTEROP_VENV, ['torch', 'safetensors', 'numpy']);
  if (!python) return;
  const text = SWEPT_SINE.replace('SweptSine', 'SweptSineOne');
  const { path } = specOf(workDir, 'SweptSineOne.rnn', text);
  const third = expandSweep(checkText(text, { path }).models[0])[2];
  const out = await exportTo(path, join(workDir, 'export-SweptSineOne'));
  run(python, ['train.py', '--trial', '3', '--epochs', '1'], out);
  const runs = sweptRuns(join(out, 'runs'));
  assert.equal(runs.length, 1);
  assert.equal(runs[0].summary.sweep!.trial, 3);
  assert.deepEqual(runs[0].summary.sweep!.params, third.params);

  const plain = join(workDir, 'export-SweptSineOne-plain');
  await exportTo('samples/sine.rnn', plain);
  const refused = spawnSync(python, ['train.py', '--trial', '1'], { cwd: plain, encoding: 'utf8' });
  assert.equal(refused.status, 1);
  assert.equal(refused.stderr.trim(), 'error: --trial: this model has no sweep');
});

test('without --ray-tune, train.py trains every trial of the sweep one after the other, as trials of one sweep', async (t) => {
  const python = requirePython(t, INTEROP_VENV, ['torch', 'safetensors', 'numpy']);
  if (!python) return;
  const text = modelText('SweptInTurn', 'cell: gru, units: [3]', { sweep: '{ optimizer.lr: [0.01, 0.002] }' });
  const { path } = specOf(workDir, 'SweptInTurn.rnn', text);
  const out = await exportTo(path, join(workDir, 'export-SweptInTurn'));
  run(python, ['train.py'], out);
  const runs = sweptRuns(join(out, 'runs'));
  assert.deepEqual(runs.map((r) => r.summary.sweep!.trial).sort(), [1, 2]);
  assert.equal(new Set(runs.map((r) => r.summary.sweep!.id)).size, 1);
  assert.deepEqual(runs.map((r) => r.summary.sweep!.params['optimizer.lr']).sort(), [0.002, 0.01]);
});
