// Resuming a run: training 2 epochs, stopping, and resuming for 2 more gives
// the losses of training 4 at once (weights, optimizer state, data order and
// dropout seeds all continue), in a new run that records its parent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train, loadResumePoint, resumeSpec, ResumeError, type TrainOptions } from '../../core/src/engine';
import { checkText } from '../../core/src/language';
import { readEvents, readSummary, RESUME_DIR, RESUME_STATE_FILE } from '../../core/src/run-store';
import type { BatchEvent, EpochEvent } from '../../core/src/shared/protocol';
import { makeSpec, type SpecOptions } from '../helpers/model-spec';

const runsDir = mkdtempSync(join(tmpdir(), 'rnn-resume-test-'));

function lossesOf(runDir: string) {
  const events = readEvents(runDir);
  return {
    batches: events.filter((e): e is BatchEvent => e.type === 'batch'),
    epochs: events.filter((e): e is EpochEvent => e.type === 'epoch'),
  };
}

async function trainSpec(options: SpecOptions, extra: Partial<TrainOptions> = {}) {
  return train(makeSpec({ data: { fn: 'sine', args: { samples: 160, period: 20, amplitude: 1, noise: 0.1 } }, timesteps: 8, batchSize: 16, ...options }), {
    runsDir, backend: 'cpu', kernels: 'stock', ...extra,
  });
}

/** 4 epochs at once against 2, then resumed for 2: same batches, same losses. */
async function assertResumeEqualsStraight(options: SpecOptions) {
  const straight = await trainSpec({ ...options, epochs: 4 });
  const first = await trainSpec({ ...options, epochs: 2 });
  assert.equal(first.status, 'completed', first.reason);
  const resumed = await trainSpec({ ...options, epochs: 4 }, { resume: loadResumePoint(first.runDir) });
  assert.equal(resumed.status, 'completed', resumed.reason);
  assert.equal(resumed.epochs, 4);

  const whole = lossesOf(straight.runDir);
  const before = lossesOf(first.runDir);
  const after = lossesOf(resumed.runDir);
  // Epochs and steps are numbered on from the parent's.
  assert.deepEqual(after.epochs.map((e) => e.epoch), [3, 4]);
  assert.deepEqual([...before.batches, ...after.batches].map((b) => b.step), whole.batches.map((b) => b.step));
  const joined = [...before.batches, ...after.batches].map((b) => b.loss);
  whole.batches.forEach((b, i) => assert.ok(Math.abs(b.loss - joined[i]) <= 1e-6, `batch ${b.step}: ${b.loss} straight, ${joined[i]} resumed`));
  const joinedEpochs = [...before.epochs, ...after.epochs];
  whole.epochs.forEach((e, i) => {
    assert.ok(Math.abs(e.loss - joinedEpochs[i].loss) <= 1e-6);
    assert.ok(Math.abs(e.val_loss! - joinedEpochs[i].val_loss!) <= 1e-6);
  });
  const summary = readSummary(resumed.runDir);
  assert.deepEqual(summary.resumedFrom, { runDir: first.runDir, epoch: 2 });
  assert.equal(summary.epochs, 4);
  assert.equal(summary.seed, readSummary(first.runDir).seed);
}

test('adam: 4 epochs equal 2, stopped, then resumed for 2 (dropout on)', async () => {
  await assertResumeEqualsStraight({ hidden: { cell: 'lstm', units: [6], dropout: 0.2 }, optimizer: { fn: 'adam', args: { lr: 0.01 } } });
});

test('sgd with momentum: 4 epochs equal 2 + 2', async () => {
  await assertResumeEqualsStraight({ hidden: { cell: 'gru', units: [5] }, optimizer: { fn: 'sgd', args: { lr: 0.05, momentum: 0.9 } } });
});

for (const fn of ['rmsprop', 'adagrad', 'adadelta', 'adamax'] as const) {
  test(`${fn}: its state carries over (4 epochs equal 2 + 2)`, async () => {
    await assertResumeEqualsStraight({ hidden: { cell: 'rnn', units: [4] }, optimizer: { fn, args: { lr: 0.01 } } });
  });
}

test('early stopping continues its watch: patience counted across the resumption', async () => {
  await assertResumeEqualsStraight({ hidden: { cell: 'lstm', units: [4] }, earlyStopping: 3, optimizer: { fn: 'adam', args: { lr: 0.01 } } });
});

test('the last checkpoint keeps the last epoch while model.json keeps the best one', async () => {
  // lr this high makes the validation loss worse after the first epochs, so the best epoch is not the last.
  const result = await trainSpec({ hidden: { cell: 'lstm', units: [4] }, epochs: 6, earlyStopping: 2, optimizer: { fn: 'adam', args: { lr: 0.3 } } });
  const summary = readSummary(result.runDir);
  const point = loadResumePoint(result.runDir);
  assert.equal(point.state.epoch, summary.epochs);
  assert.ok(summary.weightsEpoch! < point.state.epoch, `best ${summary.weightsEpoch}, last ${point.state.epoch}`);
  // Only the newest tensor file is kept.
  assert.deepEqual(readdirSync(join(result.runDir, RESUME_DIR)).sort(), [`epoch-${point.state.epoch}.bin`, RESUME_STATE_FILE]);
});

test('a run without a checkpoint, a damaged one, or a changed spec is refused with the reason', async () => {
  const first = await trainSpec({ hidden: { cell: 'lstm', units: [4] }, epochs: 1 });
  const empty = mkdtempSync(join(tmpdir(), 'rnn-resume-none-'));
  assert.throws(() => loadResumePoint(empty), (e: Error) => e instanceof ResumeError && /summary\.json/.test(e.message));

  const damaged = join(first.runDir, RESUME_DIR, RESUME_STATE_FILE);
  assert.ok(existsSync(damaged));
  const point = loadResumePoint(first.runDir);
  writeFileSync(damaged, JSON.stringify({ ...point.state, tensors: point.state.tensors.slice(1) }));
  assert.throws(() => loadResumePoint(first.runDir), (e: Error) => e instanceof ResumeError && /damaged/.test(e.message));
});

test('resumeSpec names what changed and lets epochs change', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-resume-spec-'));
  const source = (units: number, epochs: number) =>
    `model M {\n  data: sine(samples: 100)\n  input { timesteps: 5 }\n  hidden { cell: lstm, units: [${units}] }\n  output { units: 1 }\n  loss: mse\n  optimizer: adam(lr: 0.01)\n  train { epochs: ${epochs} }\n}\n`;
  writeFileSync(join(dir, 'model.rnn'), source(8, 2));
  const point = { runDir: dir, summary: { model: 'M', specDir: dir } } as unknown as Parameters<typeof resumeSpec>[0];
  const spec = (units: number, epochs: number) => {
    const specDir = mkdtempSync(join(tmpdir(), 'rnn-resume-spec-'));
    writeFileSync(join(specDir, 'm.rnn'), source(units, epochs));
    return checkedSpec(source(units, epochs), join(specDir, 'm.rnn'));
  };
  assert.equal(resumeSpec(point, spec(8, 5), {}).train.epochs, 5);
  assert.throws(() => resumeSpec(point, spec(16, 2), {}), (e: Error) => e instanceof ResumeError && e.message.includes('hidden.units: [8] → [16]'));
  assert.equal(resumeSpec(point, undefined, {}).hidden.units[0], 8);
});

function checkedSpec(text: string, path: string) {
  const spec = checkText(text, { path }).models[0].spec;
  assert.ok(spec);
  return spec;
}
