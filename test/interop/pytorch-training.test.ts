// Training in the exported project follows the engine: from the same initial
// weights and batches, the same losses (a step within 1e-5, an epoch within
// 1e-3: float32 sums in another order), written as a run RNN Studio reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listRuns, readEventLog, readSpecCopy, readSummary } from '../../core/src/engine';
import { INTEROP_VENV, requirePython, run } from './python';
import { exportTo, lossesOf, modelText, specOf, trainRun, workDir, writeInitialWeights } from './export-helpers';
import { outputVariant } from './output-variants';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

const CASES: Record<string, [string, Record<string, string>]> = {
  // torch.nn.LSTM, Adam with clipping by global norm.
  TrainLstm: ['cell: lstm, units: [5]', {}],
  // The step loop (every GRU), rmsprop (the engine's own formula), clipping by value.
  TrainGru: ['cell: gru, units: [4]', { optimizer: 'rmsprop(lr: 0.005, clipvalue: 0.5)' }],
  // Classification: softmax output, cross-entropy, accuracy; sgd with Nesterov momentum.
  TrainText: ['cell: lstm, units: [6], gates: [forget, output], peepholes: true', {
    data: 'text(path: "text.txt", level: char)', input: '{ timesteps: 6, features: 13 }', output: '{ units: 13, activation: softmax }',
    loss: 'sparse_categorical_crossentropy', optimizer: 'sgd(lr: 0.5, momentum: 0.9, nesterov: true)',
  }],
};

/** The last round's keys: an embedding's gradient, a loss over every step, a horizon, masked padded sequences. */
const OUTPUT_CASES = ['EveryStepWordsEmbedding', 'HorizonStackedGru', 'MaskedBidirectionalGru', 'MaskedLstmEmbedding'];

function caseSpec(name: string) {
  if (OUTPUT_CASES.includes(name)) return outputVariant(name, 'Train');
  const [hidden, members] = CASES[name];
  writeFileSync(join(workDir, 'text.txt'), 'the cat sat on a mat; the rat ate a hat. '.repeat(12));
  return specOf(workDir, `${name}.rnn`, modelText(name, hidden, members));
}

for (const name of [...Object.keys(CASES), ...OUTPUT_CASES]) {
  test(`${name}: a PyTorch step from the engine's initial weights gives its loss within 1e-5, an epoch within 1e-3, in a run RNN Studio reads`, async (t) => {
    const python = requirePython(t, INTEROP_VENV, ['torch', 'safetensors', 'numpy']);
    if (!python) return;
    const { path, spec } = caseSpec(name);
    const engineRun = await trainRun(spec, { kernels: 'stock' });
    const out = await exportTo(path, join(workDir, `export-${name}`));
    await writeInitialWeights(spec, 7, join(out, 'initial.safetensors'));
    run(python, ['train.py', '--weights', 'initial.safetensors', '--runs-dir', 'runs'], out);

    const [exportedRun] = listRuns(join(out, 'runs'));
    assert.ok(exportedRun.ok, exportedRun.ok ? '' : exportedRun.reason);
    assert.equal(exportedRun.state, 'completed');
    const log = readEventLog(exportedRun.runDir);
    assert.equal(log.skipped, 0, log.problem);
    assert.deepEqual([log.events[0].type, log.events.at(-1)!.type], ['start', 'end']);
    assert.equal(readSpecCopy(exportedRun.runDir), spec.source);
    const summary = readSummary(exportedRun.runDir);
    const engineSummary = readSummary(engineRun);
    assert.deepEqual(summary.data, engineSummary.data);
    assert.deepEqual(summary.normalization, engineSummary.normalization);
    assert.deepEqual(summary.classes, engineSummary.classes);
    assert.equal(summary.totalParams, engineSummary.totalParams);

    const theirs = lossesOf(log.events);
    const ours = lossesOf(readEventLog(engineRun).events);
    assert.equal(theirs.batches.length, ours.batches.length);
    // Batch 1 is measured before any update, batch 2 after one step of the optimizer.
    for (const b of [0, 1, 2]) assert.ok(relative(theirs.batches[b], ours.batches[b]) < 1e-5, `batch ${b + 1}: ${theirs.batches[b]} vs ${ours.batches[b]}`);
    const [mine, engine] = [theirs.epochs[0], ours.epochs[0]];
    assert.ok(relative(mine.loss, engine.loss) < 1e-3, `epoch loss ${mine.loss} vs ${engine.loss}`);
    assert.ok(relative(mine.val_loss!, engine.val_loss!) < 1e-3, `validation loss ${mine.val_loss} vs ${engine.val_loss}`);
    for (const [key, value] of Object.entries(engine.metrics)) assert.ok(Math.abs(mine.metrics[key] - value) < 1e-3 * Math.max(1, Math.abs(value)), `${key}`);
  });
}

test('a diverging loss ends the exported training with one line and a failed run that says why', async (t) => {
  const python = requirePython(t, INTEROP_VENV, ['torch', 'safetensors', 'numpy']);
  if (!python) return;
  const { path } = specOf(workDir, 'Diverges.rnn', modelText('Diverges', 'cell: rnn, units: [4], activation: relu', { optimizer: 'sgd(lr: 100000)' }));
  const out = await exportTo(path, join(workDir, 'export-Diverges'));
  const result = spawnSync(python, ['train.py', '--runs-dir', 'runs'], { cwd: out, encoding: 'utf8' });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /^error: the loss became (nan|inf) at epoch 1, batch \d+$/m);
  assert.doesNotMatch(result.stderr, /Traceback/);
  const [failed] = listRuns(join(out, 'runs'));
  assert.ok(failed.ok && failed.state === 'failed');
  const events = readEventLog(failed.runDir).events;
  const error = events.find((e) => e.type === 'error');
  assert.ok(error?.type === 'error' && error.code === 'nan-loss');
  assert.equal(events.at(-1)!.type, 'end');
});
