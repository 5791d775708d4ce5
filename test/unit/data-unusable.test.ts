// Data that reads but cannot train (issue 13, finding 3): the checker reports
// what a head of the file shows at the data path; training start checks the
// whole file before the first batch and names the file's line and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkText } from '../../core/src/language/check/checker';
import { CHECK_HEAD_BYTES } from '../../core/src/language/data-files/source-file';
import type { FileSystem } from '../../core/src/shared';
import { train } from '../../core/src/engine/train';
import type { TrainEvent } from '../../core/src/shared/protocol';
import { model } from '../helpers/diagnostic-cases';
import { makeSpec, type SpecOptions } from '../helpers/model-spec';

const memoryFs = (files: Record<string, string>): FileSystem => ({ exists: (p) => p in files, readText: (p) => files[p] });

const textModel = (path: string) => model({
  data: `data: text(path: "${path}")`, input: 'input { timesteps: 10 }', output: 'output { activation: softmax }', loss: 'loss: sparse_categorical_crossentropy',
});
const csvModel = (extra = '') => model({ data: `data: csv(path: "d.csv", column: "value"${extra})`, input: 'input { timesteps: 5 }' });

function dataErrors(text: string, files: Record<string, string>) {
  const { diagnostics } = checkText(text, { path: '/data/model.rnn', fs: memoryFs(Object.fromEntries(Object.entries(files).map(([k, v]) => [`/data/${k}`, v]))) });
  return diagnostics.filter((d) => d.code.startsWith('data-'));
}

/** Rows `t,value` with `value` at the given 1-based file line (the header is line 1). */
function csvWith(rows: number, at: number, value: string): string {
  const lines = ['t,value'];
  for (let line = 2; line <= rows + 1; line++) lines.push(`${line},${line === at ? value : (line % 13) / 7}`);
  return lines.join('\n') + '\n';
}

async function trainEvents(spec: SpecOptions, fs: FileSystem): Promise<TrainEvent[]> {
  const events: TrainEvent[] = [];
  await train(makeSpec(spec), { runsDir: mkdtempSync(join(tmpdir(), 'rnn-unusable-')), backend: 'cpu', fs, onEvent: (e) => events.push(e) });
  return events;
}

test('checker: a text of one distinct character is an error at the data path', () => {
  const text = textModel('one.txt');
  const [error, ...rest] = dataErrors(text, { 'one.txt': 'x'.repeat(500) });
  assert.equal(rest.length, 0);
  assert.equal(error.code, 'data-unusable');
  assert.equal(error.severity, 'error');
  assert.match(error.message, /only one distinct character \(`"x"`\)/);
  assert.equal(text.slice(error.range.start.offset, error.range.end.offset), '"one.txt"');
});

test('training start: one distinct character beyond what the checker saw fails as a data error, not an internal one', async () => {
  const events = await trainEvents({
    data: { fn: 'text', args: { path: 't.txt', level: 'char', lowercase: false, stride: 6 } }, baseDir: '/text', timesteps: 6, features: 1, outputUnits: 1,
    outputActivation: 'softmax', loss: 'sparse_categorical_crossentropy', epochs: 1, batchSize: 4,
  }, memoryFs({ '/text/t.txt': 'a'.repeat(200) }));
  const error = events.find((e) => e.type === 'error');
  assert.ok(error && error.type === 'error', JSON.stringify(events));
  assert.equal(error.code, 'data');
  assert.match(error.message, /only one distinct character/);
  assert.ok(!events.some((e) => e.type === 'epoch'), 'no batch was trained');
});

test('checker: 1e39 in the head of a CSV is an error naming the line and column of the CSV', () => {
  const [error, ...rest] = dataErrors(csvModel(), { 'd.csv': csvWith(50, 7, '1e39') });
  assert.equal(rest.length, 0, JSON.stringify(rest));
  assert.equal(error.code, 'data-unusable');
  assert.match(error.message, /^line 7, column 2 \("value"\): "1e39" is too large for a 32-bit float/);
});

test('training start: 1e39 on line 90,000 is a data error with its line and column, not a NaN blamed on the learning rate', async () => {
  const events = await trainEvents({
    data: { fn: 'csv', args: { path: 'd.csv', column: 'value', normalize: 'none', stream: 'auto' } }, baseDir: '/csv', timesteps: 5, epochs: 1, batchSize: 512,
  }, memoryFs({ '/csv/d.csv': csvWith(90_000, 90_000, '-1e39') }));
  const error = events.find((e) => e.type === 'error');
  assert.ok(error && error.type === 'error', JSON.stringify(events.filter((e) => e.type !== 'batch')).slice(0, 500));
  assert.equal(error.code, 'data');
  assert.match(error.message, /^line 90000, column 2 \("value"\): "-1e39" is too large for a 32-bit float/);
  assert.doesNotMatch(error.message, /learning rate/);
});

test('checker: the overflow on line 90,000 of a file larger than the checked head is left to training start', () => {
  // Rows padded so that line 90,000 lies beyond the head.
  const pad = 'p'.repeat(Math.ceil((2 * CHECK_HEAD_BYTES) / 90_000));
  const lines = ['t,value,note'];
  for (let line = 2; line <= 90_001; line++) lines.push(`${line},${line === 90_000 ? '1e39' : 0.5 + (line % 3)},${pad}`);
  const dir = mkdtempSync(join(tmpdir(), 'rnn-unusable-'));
  writeFileSync(join(dir, 'd.csv'), lines.join('\n'));
  assert.ok(lines.slice(0, 90_000).join('\n').length > CHECK_HEAD_BYTES);
  const { diagnostics } = checkText(csvModel(), { path: join(dir, 'model.rnn') });
  assert.deepEqual(diagnostics.filter((d) => d.code.startsWith('data-')), []);
});

test('checker: a constant column with zscore is an error; with normalize: none it is not', () => {
  const constant = 't,value\n' + Array.from({ length: 40 }, (_, i) => `${i},3`).join('\n');
  const [error] = dataErrors(csvModel(', normalize: zscore'), { 'd.csv': constant });
  assert.equal(error?.code, 'data-unusable');
  assert.match(error.message, /column "value" has the same value on every row: normalize: zscore/);
  assert.deepEqual(dataErrors(csvModel(', normalize: none'), { 'd.csv': constant }), []);
});
