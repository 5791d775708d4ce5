// The run store: folders never reused, atomic files, our own model file handler, listing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../core/src/engine/backend';
import { buildModel } from '../../core/src/engine/compile/model';
import { createRunDir, fileIOHandler, listRuns, readEvents, RunWriter, runTimestamp, writeFileAtomic } from '../../core/src/engine/run-store';
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

test('events are appended one JSON line each and read back; a torn last line is skipped', () => {
  const dir = root();
  const writer = RunWriter.create(dir, 'M', 'model M {}\n');
  const events = [
    { type: 'log' as const, level: 'info' as const, message: 'a', time: 1 },
    { type: 'batch' as const, epoch: 1, batch: 1, step: 1, loss: 0.5, time: 2 },
  ];
  events.forEach((e) => writer.appendEvent(e));
  assert.deepEqual(readEvents(writer.dir), events);
  writeFileSync(join(writer.dir, 'metrics.jsonl'), readFileSync(join(writer.dir, 'metrics.jsonl'), 'utf8') + '{"type":"ba');
  assert.deepEqual(readEvents(writer.dir), events);
  assert.equal(readFileSync(join(writer.dir, 'model.rnn'), 'utf8'), 'model M {}\n');
});

test('listRuns lists runs per model with their summaries, oldest first', () => {
  const dir = root();
  const a = RunWriter.create(dir, 'A', '');
  a.writeSummary({ model: 'A', status: 'completed', started: '2026-01-01T00:00:00.000Z', seconds: 1, epochs: 1, final: {}, seed: 1 });
  const b = RunWriter.create(dir, 'B', '');
  b.writeSummary({ model: 'B', status: 'failed', reason: 'x', started: '2026-01-02T00:00:00.000Z', seconds: 1, epochs: 0, final: {}, seed: 2 });
  const all = listRuns(dir);
  assert.deepEqual(all.map((r) => r.model), ['A', 'B']);
  assert.equal(all[1].summary?.status, 'failed');
  assert.deepEqual(listRuns(dir, 'B').map((r) => r.runDir), [b.dir]);
  assert.deepEqual(listRuns(join(dir, 'nowhere')), []);
});
