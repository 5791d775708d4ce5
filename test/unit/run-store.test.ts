// The run store: folders never reused, atomic files, our own model file handler,
// and the reader: format versions, validation, damaged runs beside good ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../core/src/engine/backend';
import { buildModel } from '../../core/src/engine/compile/model';
import { fileIOHandler, loadRun, RunWriter } from '../../core/src/engine/checkpoint';
import {
  createRunDir, HEARTBEAT_TIMEOUT_MS, listRuns, readEventLog, readEvents, readResolvedSpec, readSpecCopy, readSummary, RUN_FORMAT, RunFolderWriter, RunStoreError, runTimestamp,
  tryReadSummary, writeFileAtomic,
  runSummarySchema, type RunSummary,
} from '../../core/src/run-store';
import { makeSpec } from '../helpers/model-spec';

const root = () => mkdtempSync(join(tmpdir(), 'rnn-runs-test-'));

test('run folders are named by UTC timestamp and never reused', () => {
  const dir = root();
  const date = new Date('2026-11-26T15:42:07.123Z');
  assert.equal(runTimestamp(date), '2026-11-26T15-42-07');
  const first = createRunDir(dir, 'Sine Forecast', date);
  const second = createRunDir(dir, 'Sine Forecast', date);
  const third = createRunDir(dir, 'Sine Forecast', date);
  assert.equal(first, join(dir, 'Sine_Forecast', '2026-11-26T15-42-07'));
  assert.equal(second, `${first}-2`);
  assert.equal(third, `${first}-3`);
  assert.deepEqual(readdirSync(first), []);
});

test('atomic writes leave no temporary files and replace whole contents', () => {
  const dir = root();
  const path = join(dir, 'summary.json');
  writeFileAtomic(path, 'first');
  writeFileAtomic(path, 'second');
  assert.equal(readFileSync(path, 'utf8'), 'second');
  assert.deepEqual(readdirSync(dir), ['summary.json']);
});

test('an atomic write that fails leaves the old file and no temporary behind', () => {
  const dir = root();
  mkdirSync(join(dir, 'taken'));
  writeFileSync(join(dir, 'taken', 'inside'), 'x');
  assert.throws(() => writeFileAtomic(join(dir, 'taken'), 'new'));
  assert.deepEqual(readdirSync(dir), ['taken']);
  assert.deepEqual(readdirSync(join(dir, 'taken')), ['inside']);
});

test('the file IOHandler round-trips a model with a custom cell bit for bit', async () => {
  await selectBackend('cpu');
  const dir = root();
  const model = buildModel(makeSpec({ hidden: { cell: 'lstm', units: [3], gates: ['forget', 'output'], peepholes: true } }), 4);
  await model.save(fileIOHandler(dir));
  assert.ok(existsSync(join(dir, 'model.json')) && existsSync(join(dir, 'weights.bin')));
  const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.deepEqual(manifest.weightsManifest[0].paths, ['weights.bin']);
  const loaded = await loadLayersModel(fileIOHandler(dir));
  const original = model.getWeights().map((w) => Array.from(w.dataSync()));
  assert.deepEqual(loaded.getWeights().map((w) => Array.from(w.dataSync())), original);
  const x = tf.randomNormal([2, 10, 1], 0, 1, 'float32', 3);
  assert.deepEqual((loaded.predict(x) as tf.Tensor).arraySync(), (model.predict(x) as tf.Tensor).arraySync());
});

test('a stock bidirectional model (seeded initializers in its config) loads back through the handler', async () => {
  await selectBackend('cpu');
  const dir = root();
  const model = buildModel(makeSpec({ hidden: { cell: 'lstm', units: [3, 2], bidirectional: true } }), 6);
  await model.save(fileIOHandler(dir));
  const loaded = await loadLayersModel(fileIOHandler(dir));
  const x = tf.randomNormal([2, 10, 1], 0, 1, 'float32', 4);
  assert.deepEqual((loaded.predict(x) as tf.Tensor).arraySync(), (model.predict(x) as tf.Tensor).arraySync());
});

const SUMMARY: RunSummary = {
  model: 'M', status: 'completed', started: '2026-11-26T15:42:07.123Z', seconds: 1.5, epochs: 2, final: { loss: 0.2, val_loss: 0.25 }, seed: 9,
  backend: 'cpu', totalParams: 10, layers: [{ name: 'lstm_1 (LSTM)', outputShape: [null, 4], params: 10 }],
  data: { task: 'regression', features: 1, outputs: 1, timesteps: 4, split: { train: 8, validation: 2, gap: 3 } },
  normalization: { method: 'zscore', columns: ['y'], offset: [0.5], scale: [2] }, weightsEpoch: 2,
};

/** A run folder holding exactly `files`, as another program (or a damaged disk) left it. */
function runFolder(runsDir: string, model: string, name: string, files: Record<string, string>): string {
  const dir = join(runsDir, model, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const summaryText = (fields: Record<string, unknown>) => JSON.stringify({ ...SUMMARY, ...fields });

test('what the writer writes, the reader reads back: summary with its format, spec copy, events', () => {
  const writer = RunFolderWriter.create(root(), 'M', 'model M {}\n');
  writer.writeSummary({ ...SUMMARY, format: 99 });
  const saved = JSON.parse(readFileSync(join(writer.dir, 'summary.json'), 'utf8'));
  assert.equal(saved.format, RUN_FORMAT, 'the writer stamps its own format, whatever the caller passes');
  assert.deepEqual(tryReadSummary(writer.dir), { ok: true, summary: { ...SUMMARY, format: RUN_FORMAT }, format: RUN_FORMAT, state: 'completed' });
  assert.equal(readSpecCopy(writer.dir), 'model M {}\n');
  assert.equal(readSpecCopy(join(writer.dir, 'nowhere')), undefined);
});

test('a run created with its resolved spec holds spec.json, and every summary carries its sweep trial', () => {
  const spec = { name: 'Child', hidden: { cell: 'gru', units: [8] } };
  const sweep = { id: 'Child-2026-12-01T16-00-00', trial: 2, trials: 3, params: { 'optimizer.lr': 0.003, 'hidden.units': [8] } };
  const writer = RunFolderWriter.create(root(), 'Child', 'model Child extends Base {}\n', { spec, sweep });
  assert.deepEqual(readResolvedSpec(writer.dir), spec);
  assert.deepEqual(readdirSync(writer.dir).sort(), ['model.rnn', 'spec.json'], 'written whole, no temporary left');
  writer.writeSummary(SUMMARY);
  assert.deepEqual(readSummary(writer.dir).sweep, sweep);
  assert.deepEqual(runSummarySchema.parse(JSON.parse(readFileSync(join(writer.dir, 'summary.json'), 'utf8'))).sweep, sweep);
});

test('a run without spec.json or sweep (written before they existed) still reads', () => {
  const writer = RunFolderWriter.create(root(), 'M', 'model M {}\n');
  writer.writeSummary(SUMMARY);
  assert.equal(readResolvedSpec(writer.dir), undefined);
  assert.equal(readSummary(writer.dir).sweep, undefined);
  writeFileSync(join(writer.dir, 'spec.json'), '{"torn');
  assert.equal(readResolvedSpec(writer.dir), undefined, 'a damaged spec.json reads as none, never a throw');
});

test('the engine\'s RunWriter is the same writer with the model added', () => {
  const writer = RunWriter.create(root(), 'Sine Forecast', 'model SineForecast {}');
  assert.ok(writer instanceof RunWriter);
  writer.writeSummary(SUMMARY);
  assert.equal(readSummary(writer.dir).seed, 9);
  assert.match(writer.dir, /Sine_Forecast/);
});

test('events are appended one JSON line each and read back; a torn last line is skipped and counted', () => {
  const writer = RunFolderWriter.create(root(), 'M', 'model M {}\n');
  const events = [
    { type: 'log' as const, level: 'info' as const, message: 'a', time: 1 },
    { type: 'batch' as const, epoch: 1, batch: 1, step: 1, loss: 0.5, time: 2 },
  ];
  events.forEach((e) => writer.appendEvent(e));
  assert.deepEqual(readEventLog(writer.dir), { events, skipped: 0 });
  writeFileSync(join(writer.dir, 'metrics.jsonl'), readFileSync(join(writer.dir, 'metrics.jsonl'), 'utf8') + '{"type":"ba');
  assert.deepEqual(readEventLog(writer.dir), { events, skipped: 1, problem: 'metrics.jsonl line 3: not valid JSON' });
  assert.deepEqual(readEvents(writer.dir), events);
  assert.deepEqual(readEventLog(join(writer.dir, 'nowhere')), { events: [], skipped: 0 });
});

test('malformed event lines are skipped and counted, unknown event types ignored, a NaN written as null reads as NaN', () => {
  const dir = runFolder(root(), 'M', 'r', {
    'metrics.jsonl': [
      '{"type":"log","level":"info","message":"a","time":1}',
      '{"type":"batch","epoch":1,"batch":1,"step":1,"loss":"0.5","time":2}',
      '[1, 2]',
      '{"type":"gradients","norms":[1,2],"time":3}',
      '{"type":"epoch","epoch":1,"step":1,"loss":0.4,"val_loss":null,"metrics":{"mae":0.1},"seconds":1,"eta":0,"time":4}',
      '{"type":"log","level":"loud","time":5}',
    ].join('\n'),
  });
  const log = readEventLog(dir);
  assert.deepEqual(log.events.map((e) => e.type), ['log', 'epoch']);
  assert.equal(log.skipped, 3);
  assert.equal(log.problem, 'metrics.jsonl line 2: loss: expected number, received string');
  const epoch = log.events[1];
  assert.ok(epoch.type === 'epoch' && Number.isNaN(epoch.val_loss));
});

test('a summary without a format number (runs written before formats were numbered) reads as format 1', () => {
  const dir = runFolder(root(), 'M', 'r', { 'summary.json': JSON.stringify(SUMMARY) });
  assert.deepEqual(tryReadSummary(dir), { ok: true, summary: SUMMARY, format: 1, state: 'completed' });
});

test('a summary of a newer format is refused with the reason', () => {
  const dir = runFolder(root(), 'M', 'r', { 'summary.json': summaryText({ format: RUN_FORMAT + 1, status: 'a status of the future' }) });
  const read = tryReadSummary(dir);
  assert.deepEqual(read, {
    ok: false, file: join(dir, 'summary.json'), missing: false,
    reason: `written by a newer RNN Studio (run format ${RUN_FORMAT + 1}); this version reads up to ${RUN_FORMAT}`,
  });
  assert.throws(() => readSummary(dir), { message: `cannot read the run in ${dir}: ${read.ok ? '' : read.reason}` });
});

test('a damaged summary.json gives the file and the reason, never a throw', () => {
  const runsDir = root();
  const cases: [Record<string, string>, string][] = [
    [{ 'summary.json': '{"model": "M", "stat' }, 'summary.json is not valid JSON: '],
    [{ 'summary.json': summaryText({ status: 5 }) }, 'summary.json is damaged: status: Invalid option: expected one of "completed"|"early_stopped"|"cancelled"|"failed"|"running"'],
    [{ 'summary.json': summaryText({ final: { val_loss: '0.1' } }) }, 'summary.json is damaged: final.val_loss: expected number, received string'],
    [{ 'summary.json': JSON.stringify({ status: 'completed' }) }, 'summary.json is damaged: model: missing; started: missing; seconds: missing (and 3 more)'],
    [{ 'summary.json': '[]' }, 'summary.json is damaged: expected object, received array'],
    [{}, 'no summary.json (the run stopped before it began, or the folder is not a run)'],
  ];
  cases.forEach(([files, reason], index) => {
    const dir = runFolder(runsDir, 'M', String(index), files);
    const read = tryReadSummary(dir);
    assert.ok(!read.ok && read.reason.startsWith(reason), `${JSON.stringify(files)}: ${read.ok ? 'read' : read.reason}`);
    assert.equal(read.file, join(dir, 'summary.json'));
    assert.equal(read.missing, index === cases.length - 1);
  });
});

test('listRuns lists every run newest first, damaged and foreign ones with their reason beside good ones', () => {
  const dir = root();
  const good = runFolder(dir, 'A', '2026-01-01T00-00-00', { 'summary.json': summaryText({ model: 'A' }), 'metrics.jsonl': '{"type":"bat\nnonsense' });
  const damaged = runFolder(dir, 'A', '2026-01-03T00-00-00', { 'summary.json': '{' });
  const newer = runFolder(dir, 'B', '2026-01-02T00-00-00', { 'summary.json': summaryText({ format: RUN_FORMAT + 1 }) });
  const second = runFolder(dir, 'A', '2026-01-01T00-00-00-2', { 'summary.json': summaryText({ model: 'A', status: 'failed' }) });
  writeFileSync(join(dir, 'A', 'notes.txt'), 'not a run');
  writeFileSync(join(dir, 'README'), 'not a model');
  const all = listRuns(dir);
  assert.deepEqual(all.map((r) => [r.runDir, r.ok]), [[damaged, false], [newer, false], [second, true], [good, true]]);
  const first = all[0];
  assert.ok(!first.ok && first.reason.startsWith('summary.json is not valid JSON'));
  assert.ok(all[1].ok === false && all[1].reason.startsWith('written by a newer RNN Studio'));
  assert.ok(all[2].ok && all[2].summary.status === 'failed');
  assert.deepEqual([all[3].model, all[3].name], ['A', '2026-01-01T00-00-00']);
  assert.deepEqual(listRuns(dir, 'B').map((r) => r.runDir), [newer]);
  assert.deepEqual(listRuns(join(dir, 'nowhere')), []);
  assert.deepEqual(listRuns(dir, 'nobody'), []);
});

test('loadRun names the run and the reason when its summary or its model files are damaged', async () => {
  await selectBackend('cpu');
  const writer = RunWriter.create(root(), 'M', '');
  await assert.rejects(loadRun(writer.dir), { message: `cannot read the run in ${writer.dir}: no summary.json (the run stopped before it began, or the folder is not a run)` });
  writer.writeSummary({ ...SUMMARY, status: 'failed', reason: 'the loss became NaN' });
  await assert.rejects(loadRun(writer.dir), { message: `the run in ${writer.dir} saved no model (failed: the loss became NaN)` });
  writeFileSync(join(writer.dir, 'model.json'), '{"modelTopology": ');
  await assert.rejects(loadRun(writer.dir), /cannot be loaded \(model.json or weights.bin is damaged\): .*JSON/);
});

test('a "running" run on this host is running while its process lives, interrupted once it is gone or from before the last boot', async () => {
  const runsDir = root();
  const now = new Date().toISOString();
  const here = { status: 'running', host: hostname(), heartbeat: now };
  const alive = runFolder(runsDir, 'M', 'alive', { 'summary.json': summaryText({ ...here, pid: process.pid }) });
  const dead = runFolder(runsDir, 'M', 'dead', { 'summary.json': summaryText({ ...here, pid: await exitedPid() }) });
  // The same process id, but a heartbeat from before this machine booted: the id was reused.
  const reused = runFolder(runsDir, 'M', 'reused', { 'summary.json': summaryText({ ...here, pid: process.pid, heartbeat: '2000-01-01T00:00:00Z' }) });
  const states = Object.fromEntries(listRuns(runsDir).map((entry) => [entry.name, entry.ok ? entry.state : entry.reason]));
  assert.deepEqual(states, { alive: 'running', dead: 'interrupted', reused: 'interrupted' });
  assert.equal(readSummary(dead).status, 'running', 'the judgement is never written back');
  assert.ok([alive, reused].every((dir) => readSummary(dir).status === 'running'));
});

test('a "running" run from another host, or with no process id, is judged by its heartbeat alone', () => {
  const runsDir = root();
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
  const elsewhere = { status: 'running', host: 'another-host.example', pid: process.pid };
  runFolder(runsDir, 'M', 'fresh', { 'summary.json': summaryText({ ...elsewhere, heartbeat: ago(1_000) }) });
  runFolder(runsDir, 'M', 'stale', { 'summary.json': summaryText({ ...elsewhere, heartbeat: ago(HEARTBEAT_TIMEOUT_MS + 1_000) }) });
  runFolder(runsDir, 'M', 'no-pid', { 'summary.json': summaryText({ status: 'running', host: hostname(), heartbeat: ago(HEARTBEAT_TIMEOUT_MS + 1_000) }) });
  // Written by an older version (no heartbeat): the files' modification time stands in for it.
  const old = runFolder(runsDir, 'M', 'old-writer', { 'summary.json': summaryText({ status: 'running' }) });
  runFolder(runsDir, 'M', 'old-writer-live', { 'summary.json': summaryText({ status: 'running' }) });
  const long = (Date.now() - HEARTBEAT_TIMEOUT_MS - 60_000) / 1000;
  utimesSync(join(old, 'summary.json'), long, long);
  const states = Object.fromEntries(listRuns(runsDir).map((entry) => [entry.name, entry.ok ? entry.state : entry.reason]));
  assert.deepEqual(states, { fresh: 'running', stale: 'interrupted', 'no-pid': 'interrupted', 'old-writer': 'interrupted', 'old-writer-live': 'running' });
});

test('a writer whose folder is gone throws one RunStoreError naming the file, then still tries but never throws again', () => {
  const writer = RunFolderWriter.create(root(), 'M', 'model M {}\n');
  rmSync(writer.dir, { recursive: true });
  const event = { type: 'log' as const, level: 'info' as const, message: 'a', time: 1 };
  assert.throws(() => writer.appendEvent(event), (error: unknown) => {
    assert.ok(error instanceof RunStoreError);
    assert.equal(error.message, `cannot write ${join(writer.dir, 'metrics.jsonl')} (ENOENT: no such file or directory)`);
    return true;
  });
  assert.doesNotThrow(() => writer.writeSummary({ ...SUMMARY, status: 'failed' }));
  assert.ok(writer.failure instanceof RunStoreError);
  mkdirSync(writer.dir);
  writer.writeSummary({ ...SUMMARY, status: 'failed', reason: writer.failure.message });
  assert.equal(readSummary(writer.dir).reason, writer.failure.message, 'what can still be written is');
});

test('an atomic write that fails names the file asked for, not its temporary', () => {
  const dir = root();
  const path = join(dir, 'missing', 'summary.json');
  assert.throws(() => writeFileAtomic(path, 'x'), { code: 'ENOENT', path });
});

test('an atomic write into a folder that became a file names the file asked for (ENOTDIR), not its temporary', () => {
  const dir = root();
  writeFileSync(join(dir, 'run'), 'not a folder');
  const path = join(dir, 'run', 'weights.bin');
  assert.throws(() => writeFileAtomic(path, 'x'), { code: 'ENOTDIR', path });
});

/** The id of a process that has exited. */
async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((done) => child.on('exit', done));
  return child.pid!;
}
