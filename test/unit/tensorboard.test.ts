// TensorBoard event files, read back in TypeScript (framing and CRCs checked,
// the Event protobufs decoded): every batch's loss and every epoch's losses
// and metrics, as metrics.jsonl has them. test/interop/tensorboard.test.ts
// reads the same files with TensorBoard's own reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_FILE_VERSION, frameRecord, train } from '../../core/src/engine';
import { readEvents, TENSORBOARD_DIR } from '../../core/src/run-store';
import { decodeEvent, readRecords } from '../helpers/event-file-reader';
import { makeSpec } from '../helpers/model-spec';

const runsDir = mkdtempSync(join(tmpdir(), 'rnn-tensorboard-'));
const f32 = (value: number) => Math.fround(value);

async function trainTiny(tensorboard: boolean) {
  const spec = makeSpec({ hidden: { cell: 'gru', units: [3] }, epochs: 2, batchSize: 32, tensorboard });
  return train(spec, { runsDir, backend: 'cpu', kernels: 'stock' });
}

test('the event file holds every batch loss and every epoch scalar of metrics.jsonl, CRCs intact', async () => {
  const { runDir, status } = await trainTiny(true);
  assert.equal(status, 'completed');
  const files = readdirSync(join(runDir, TENSORBOARD_DIR));
  assert.equal(files.length, 1);
  assert.match(files[0], /^events\.out\.tfevents\.\d+\./);
  const events = readRecords(readFileSync(join(runDir, TENSORBOARD_DIR, files[0]))).map(decodeEvent);
  assert.equal(events[0].fileVersion, EVENT_FILE_VERSION);

  const scalars = (tag: string) => events.flatMap((e) => e.scalars.filter((s) => s.tag === tag).map((s) => [e.step, s.value]));
  const logged = readEvents(runDir);
  const batches = logged.flatMap((e) => (e.type === 'batch' ? [[e.step, f32(e.loss)]] : []));
  assert.ok(batches.length > 2);
  assert.deepEqual(scalars('batch/loss'), batches);
  const epochs = logged.flatMap((e) => (e.type === 'epoch' ? [e] : []));
  assert.deepEqual(scalars('epoch/loss'), epochs.map((e) => [e.epoch, f32(e.loss)]));
  assert.deepEqual(scalars('epoch/val_loss'), epochs.map((e) => [e.epoch, f32(e.val_loss!)]));
  assert.deepEqual(scalars('epoch/val_mae'), epochs.map((e) => [e.epoch, f32(e.metrics.val_mae)]));
  const started = logged[0].time / 1000;
  assert.ok(events.every((e) => Math.abs(e.wallTime - started) < 600), 'wall times in seconds since 1970');
});

test('a damaged record is caught by its CRC', () => {
  const record = frameRecord(new TextEncoder().encode('payload'));
  assert.equal(readRecords(record).length, 1);
  const damaged = record.slice();
  damaged[14] ^= 1;
  assert.throws(() => readRecords(damaged), /bad data CRC/);
  const badLength = record.slice();
  badLength[0] ^= 1;
  assert.throws(() => readRecords(badLength), /bad length CRC/);
});

test('train { tensorboard: false } writes no event files', async () => {
  const { runDir } = await trainTiny(false);
  assert.equal(existsSync(join(runDir, TENSORBOARD_DIR)), false);
});
