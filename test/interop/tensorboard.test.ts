// TensorBoard's own reader (EventAccumulator, from the tensorboard package in
// the Python venv .ci/run makes) on a run's event files: the scalars it
// finds are metrics.jsonl's. Skips, saying why, where that Python is missing;
// with RNN_REQUIRE_INTEROP=1 (CI) a missing reader fails instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { train } from '../../core/src/engine';
import { readEvents, TENSORBOARD_DIR } from '../../core/src/run-store';
import { makeSpec } from '../helpers/model-spec';

const python = join(homedir(), '.cache', 'rnn-studio', 'venv-tf', 'bin', 'python');

const READ_SCALARS = `
import json, sys
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
accumulator = EventAccumulator(sys.argv[1], size_guidance={"scalars": 0})
accumulator.Reload()
print(json.dumps({tag: [[e.step, e.value] for e in accumulator.Scalars(tag)] for tag in accumulator.Tags()["scalars"]}))
`;

/** Why TensorBoard's reader cannot run here, or undefined when it can. */
function missingReader(): string | undefined {
  if (!existsSync(python)) return `no Python venv at ${python} (.ci/run creates it)`;
  const probe = spawnSync(python, ['-c', 'import tensorboard.backend.event_processing.event_accumulator'], { encoding: 'utf8' });
  if (probe.status !== 0) return `tensorboard is not installed in ${python} (${probe.stderr.trim().split('\n').at(-1)})`;
  return undefined;
}

const missing = missingReader();
const required = process.env.RNN_REQUIRE_INTEROP === '1';

test('TensorBoard\'s EventAccumulator reads the run\'s scalars as metrics.jsonl has them', { skip: !required && missing }, async () => {
  assert.equal(missing, undefined, `RNN_REQUIRE_INTEROP=1 but ${missing}`);
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-tensorboard-interop-'));
  const spec = makeSpec({ hidden: { cell: 'lstm', units: [4] }, epochs: 3, batchSize: 32 });
  const { runDir, status } = await train(spec, { runsDir, backend: 'cpu', kernels: 'stock' });
  assert.equal(status, 'completed');

  const read = spawnSync(python, ['-c', READ_SCALARS, join(runDir, TENSORBOARD_DIR)], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(read.status, 0, read.stderr);
  const scalars = JSON.parse(read.stdout) as Record<string, [number, number][]>;

  const events = readEvents(runDir);
  const f32 = Math.fround;
  const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e] : []));
  assert.deepEqual(scalars['batch/loss'], events.flatMap((e) => (e.type === 'batch' ? [[e.step, f32(e.loss)]] : [])));
  assert.deepEqual(scalars['epoch/loss'], epochs.map((e) => [e.epoch, f32(e.loss)]));
  assert.deepEqual(scalars['epoch/val_loss'], epochs.map((e) => [e.epoch, f32(e.val_loss!)]));
  for (const name of Object.keys(epochs[0].metrics)) {
    assert.deepEqual(scalars[`epoch/${name}`], epochs.map((e) => [e.epoch, f32(e.metrics[name])]), name);
  }
  assert.deepEqual(Object.keys(scalars).sort(), ['batch/loss', 'epoch/loss', 'epoch/mae', 'epoch/val_loss', 'epoch/val_mae']);
});
