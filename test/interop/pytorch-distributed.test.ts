// The same exported script under torchrun (DDP over gloo) and as a Ray Train
// job: batch_size is the global batch, so N workers take the steps one
// process takes (the same losses from the same weights), and only rank 0
// writes the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { listRuns, readEventLog } from '../../core/src/engine';
import type { StartEvent } from '../../core/src/shared';
import { INTEROP_VENV, requirePython, run, venvProgram } from './python';
import { exportTo, lossesOf, modelText, specOf, workDir, writeInitialWeights } from './export-helpers';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** The one run under `runsDir`, checked as the run store reads it. */
function onlyRun(runsDir: string) {
  const runs = listRuns(runsDir);
  assert.equal(runs.length, 1, `one run under ${runsDir} (rank 0 writes it)`);
  const [entry] = runs;
  assert.ok(entry.ok, entry.ok ? '' : entry.reason);
  assert.equal(entry.state, 'completed');
  const log = readEventLog(entry.runDir);
  assert.equal(log.skipped, 0, log.problem);
  const start = log.events[0] as StartEvent;
  const { batches } = lossesOf(log.events);
  assert.equal(batches.length, start.stepsPerEpoch * start.epochs, 'each batch once');
  return { start, events: log.events };
}

/**
 * Small data, no dropout, so that runs must agree: 166 training windows in batches of 15 leave a last batch of
 * one window, which one of two workers has no share of.
 */
async function smallExport(name: string): Promise<string> {
  const train = '{ epochs: 1, batch_size: 15, validation_split: 0.25, seed: 7 }';
  const { path, spec } = specOf(workDir, `${name}.rnn`, modelText(name, 'cell: gru, units: [4]', { train }));
  const out = await exportTo(path, join(workDir, `export-${name}`));
  await writeInitialWeights(spec, 7, join(out, 'initial.safetensors'));
  return out;
}

function assertSameLosses(one: ReturnType<typeof lossesOf>, many: ReturnType<typeof lossesOf>): void {
  assert.equal(many.batches.length, one.batches.length);
  many.batches.forEach((loss, b) => assert.ok(relative(loss, one.batches[b]) < 1e-5, `batch ${b + 1}: ${loss} vs ${one.batches[b]}`));
  assert.ok(relative(many.epochs[0].val_loss!, one.epochs[0].val_loss!) < 1e-5);
}

test('torchrun --nproc_per_node 2 trains the exported sine sample for one epoch; rank 0 alone writes the run', async (t) => {
  const python = requirePython(t, INTEROP_VENV, ['torch', 'safetensors', 'numpy']);
  if (!python) return;
  const out = await exportTo('samples/sine.rnn', join(workDir, 'export-sine-sample'));
  run(venvProgram(python, 'torchrun'), ['--nproc_per_node', '2', 'train.py', '--epochs', '1'], out);
  const { start } = onlyRun(join(out, 'runs'));
  assert.equal(start.backend, 'pytorch-cpu-ddp2');
  assert.equal(start.model, 'SineForecast');
});

test('2 DDP workers under torchrun take the steps of one process: the same losses from the same weights, a last batch of one window included', async (t) => {
  const python = requirePython(t, INTEROP_VENV, ['torch', 'safetensors', 'numpy']);
  if (!python) return;
  const out = await smallExport('DdpSteps');
  run(python, ['train.py', '--weights', 'initial.safetensors', '--runs-dir', 'runs-one'], out);
  run(venvProgram(python, 'torchrun'), ['--nproc_per_node', '2', 'train.py', '--weights', 'initial.safetensors', '--runs-dir', 'runs-ddp'], out);
  assertSameLosses(lossesOf(onlyRun(join(out, 'runs-one')).events), lossesOf(onlyRun(join(out, 'runs-ddp')).events));
});

test('a 2-worker Ray Train job (TorchTrainer on a local cluster) takes the steps of one process and writes one run', async (t) => {
  const python = requirePython(t, INTEROP_VENV, ['torch', 'safetensors', 'numpy', 'ray.train.torch']);
  if (!python) return;
  const out = await smallExport('RaySteps');
  run(python, ['train.py', '--weights', 'initial.safetensors', '--runs-dir', 'runs-one'], out);
  run(python, ['train.py', '--ray', '--workers', '2', '--weights', 'initial.safetensors', '--runs-dir', 'runs-ray'], out);
  const ray = onlyRun(join(out, 'runs-ray'));
  assert.equal(ray.start.backend, 'pytorch-cpu-ddp2');
  assertSameLosses(lossesOf(onlyRun(join(out, 'runs-one')).events), lossesOf(ray.events));
});
