// TensorBoard's own reader (EventAccumulator, from the tensorboard package in
// the Python venv .ci/run makes) on a run's event files: the scalars it
// finds are metrics.jsonl's, and the histograms insight.jsonl's. Skips, saying why, where that Python is missing;
// with RNN_REQUIRE_INTEROP=1 (CI) a missing reader fails instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { train } from '../../core/src/engine';
import { readEvents, readInsight, TENSORBOARD_DIR } from '../../core/src/run-store';
import { fakeProbe } from '../helpers/fake-probe';
import { makeSpec } from '../helpers/model-spec';

const python = join(homedir(), '.cache', 'rnn-studio', 'venv-tf', 'bin', 'python');

const READ_SCALARS = `
import json, sys
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
accumulator = EventAccumulator(sys.argv[1], size_guidance={"scalars": 0})
accumulator.Reload()
print(json.dumps({tag: [[e.step, e.value] for e in accumulator.Scalars(tag)] for tag in accumulator.Tags()["scalars"]}))
`;

const READ_HISTOGRAMS = `
import json, sys
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
accumulator = EventAccumulator(sys.argv[1], size_guidance={"histograms": 0})
accumulator.Reload()
print(json.dumps({tag: [{"step": e.step, "min": e.histogram_value.min, "max": e.histogram_value.max, "num": e.histogram_value.num,
  "sum": e.histogram_value.sum, "sum_squares": e.histogram_value.sum_squares, "bucket_limit": list(e.histogram_value.bucket_limit),
  "bucket": list(e.histogram_value.bucket)} for e in accumulator.Histograms(tag)] for tag in accumulator.Tags()["histograms"]}))
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

test('TensorBoard\'s EventAccumulator reads the insight histograms as insight.jsonl has them, at every epoch', { skip: !required && missing }, async () => {
  assert.equal(missing, undefined, `RNN_REQUIRE_INTEROP=1 but ${missing}`);
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-tensorboard-interop-'));
  // The recording around a deterministic stand-in of the probe (the real one is ins-probe's): this is about the file.
  const spec = makeSpec({ hidden: { cell: 'gru', units: [4] }, epochs: 2, batchSize: 32, insight: true });
  const { runDir, status } = await train(spec, { runsDir, backend: 'cpu', kernels: 'stock', insightProbe: fakeProbe('gru', [4]) });
  assert.equal(status, 'completed');

  const read = spawnSync(python, ['-c', READ_HISTOGRAMS, join(runDir, TENSORBOARD_DIR)], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(read.status, 0, read.stderr);
  type Read = { step: number; min: number; max: number; num: number; sum: number; sum_squares: number; bucket_limit: number[]; bucket: number[] };
  const histograms = JSON.parse(read.stdout) as Record<string, Read[]>;

  const records = readInsight(runDir).records.flatMap((r) => (r.kind === 'histograms' ? [r] : []));
  assert.deepEqual(records.map((r) => r.epoch), [0, 1, 2]);
  const expectedTags = records[0].histograms.map((h) => `layer0/${h.of}/${h.block}/${h.gate}`);
  assert.deepEqual(Object.keys(histograms).sort(), [...expectedTags].sort());
  for (const record of records) {
    for (const h of record.histograms) {
      const found = histograms[`layer0/${h.of}/${h.block}/${h.gate}`].find((e) => e.step === record.epoch);
      assert.ok(found, `${h.of}/${h.block}/${h.gate} at epoch ${record.epoch}`);
      assert.equal(found.min, h.min);
      assert.equal(found.max, h.max);
      assert.deepEqual(found.bucket, h.counts);
      assert.equal(found.num, h.counts.reduce((a, b) => a + b, 0));
      assert.equal(found.bucket_limit.length, h.counts.length);
      assert.equal(found.bucket_limit.at(-1), h.max);
      assert.ok(found.sum_squares >= 0);
    }
  }
});
