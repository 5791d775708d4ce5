// Issue 16, part D: a series CSV larger than the memory budget is streamed
// from disk, with exactly the windows, split and normalisation of the file
// loaded whole; the checker counts a streamed file's index and cache, not its
// data, and still refuses data that cannot stream.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDataset, nodeFileSystem, DataError, type Dataset, type WindowSource } from '../../core/src/engine/data';
import { checkText, resourceFigures, STREAM_BLOCK_ROWS } from '../../core/src/language';
import { train, type Callback } from '../../core/src/engine/train';
import type { TrainEvent } from '../../core/src/shared/protocol';
import type { CsvArgs, ModelSpec } from '../../core/src/shared/spec';
import { makeSpec } from '../helpers/model-spec';

const dir = mkdtempSync(join(tmpdir(), 'rnn-stream-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A noisy two-column sine series with what the parser tolerates: a BOM, CRLF, blank lines, spaces, a text column. */
function seriesCsv(rows: number): string {
  let text = '\uFEFFtime, note ,value,load\r\n\r\n';
  for (let i = 0; i < rows; i++) {
    const value = Math.sin((2 * Math.PI * i) / 40) + 0.1 * Math.sin(i * 12.9898);
    text += `${i},n${i % 3}, ${value.toFixed(7)},${(i % 17) * 0.25 + 3}${i % 2 ? '\r\n' : '\n'}`;
    if (i % 997 === 0) text += '  \n';
  }
  return text;
}

function writeCsv(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

function csvSpec(args: Partial<CsvArgs> & { path: string }, streamData: boolean, timesteps = 12, validationSplit = 0.2): ModelSpec {
  return {
    ...makeSpec({ data: { fn: 'csv', args: { normalize: 'none', stream: 'auto', ...args } }, timesteps, validationSplit, baseDir: dir }),
    streamData,
  };
}

/** Float32 arrays equal bit for bit (NaN and -0 included). */
function sameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, what);
  assert.ok(Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength)), what);
}

/** Every window of a part, in batches of a shuffled order (so blocks are read out of order and evicted). */
function sameWindows(streamed: WindowSource, whole: WindowSource, what: string): void {
  assert.equal(streamed.size, whole.size, what);
  const order = Array.from({ length: whole.size }, (_, i) => (i * 7919) % whole.size);
  assert.equal(new Set(order).size, whole.size, 'the order is a permutation');
  for (let start = 0; start < order.length; start += 64) {
    const indices = order.slice(start, start + 64);
    const a = streamed.batch(indices);
    const b = whole.batch(indices);
    sameBits(a.x, b.x, `${what} x at ${start}`);
    sameBits(a.y, b.y, `${what} y at ${start}`);
  }
}

function bothPaths(args: Partial<CsvArgs> & { path: string }, timesteps?: number): { streamed: Dataset; whole: Dataset } {
  return {
    streamed: loadDataset(csvSpec(args, true, timesteps), 1, nodeFileSystem),
    whole: loadDataset(csvSpec(args, false, timesteps), 1, nodeFileSystem),
  };
}

const SERIES = writeCsv('series.csv', seriesCsv(20_000));

for (const normalize of ['none', 'minmax', 'zscore'] as const) {
  test(`normalize ${normalize}: streamed batches, split and statistics equal the whole-file path bit for bit`, () => {
    const { streamed, whole } = bothPaths({ path: SERIES, columns: ['value', 'load'], normalize });
    assert.ok(streamed.streamed, 'the streamed path says so');
    assert.equal(streamed.streamed.rows, 20_000);
    assert.equal(whole.streamed, undefined);
    assert.deepEqual(streamed.split, whole.split);
    assert.ok(streamed.split.gap > 0 && streamed.split.validation > 0);
    assert.deepEqual(streamed.normalization, whole.normalization);
    assert.equal(streamed.features, 2);
    sameWindows(streamed.train, whole.train, 'train');
    sameWindows(streamed.validation, whole.validation, 'validation');
  });
}

test('windows that cross block boundaries, and columns chosen as all-numeric, equal the whole-file path', () => {
  // timesteps larger than a block: every window spans two or three blocks.
  const { streamed, whole } = bothPaths({ path: SERIES, normalize: 'zscore' }, STREAM_BLOCK_ROWS + 30);
  assert.deepEqual(streamed.normalization?.columns, ['time', 'value', 'load']);
  assert.deepEqual(streamed.normalization, whole.normalization);
  sameWindows(streamed.train, whole.train, 'train');
  sameWindows(streamed.validation, whole.validation, 'validation');
});

test('a bad cell deep in the file fails before training with the same message and line in both paths', () => {
  const lines = seriesCsv(3000).split('\n');
  lines[2500] = lines[2500].replace(/, -?\d\.\d+/, ', oops');
  const path = writeCsv('bad-cell.csv', lines.join('\n'));
  const failure = (streamData: boolean) => {
    try {
      loadDataset(csvSpec({ path, column: 'value' }, streamData), 1, nodeFileSystem);
    } catch (error) {
      assert.ok(error instanceof DataError);
      return { message: error.message, at: error.at, arg: error.arg };
    }
    assert.fail('the bad cell was not found');
  };
  const streamed = failure(true);
  assert.deepEqual(streamed, failure(false));
  assert.match(streamed.message, /^line 2501, column "value": "oops" is not a number$/);
});

test('a quoted field with a newline breaks its row the same way in both paths (the index stays on row starts)', () => {
  const path = writeCsv('quoted.csv', 'value,label\n1,5\n2,"6\n7"\n3,8\n');
  const failure = (streamData: boolean) => {
    try {
      loadDataset(csvSpec({ path, columns: ['value', 'label'] }, streamData, 1), 1, nodeFileSystem);
    } catch (error) {
      assert.ok(error instanceof DataError);
      return error.message;
    }
    assert.fail('the broken row was not found');
  };
  const streamed = failure(true);
  assert.equal(streamed, failure(false));
  assert.equal(streamed, 'line 4, column "label": the cell is missing');
});

test('a streamed file that changes size while training fails the run with a data error naming the file', async () => {
  const path = writeCsv('changing.csv', seriesCsv(6000));
  const grow: Callback = { onTrainBegin: () => appendFileSync(join(dir, path), '1,n1,0.5,3\n') };
  const events: TrainEvent[] = [];
  const result = await train(csvSpec({ path, column: 'value' }, true), {
    runsDir: join(dir, 'runs'), backend: 'cpu', verifyBackend: false, epochs: 1, callbacks: [grow], onEvent: (e) => events.push(e),
  });
  assert.equal(result.status, 'failed');
  const error = events.find((e) => e.type === 'error');
  assert.ok(error?.type === 'error' && error.code === 'data', JSON.stringify(error));
  assert.ok(error.message.includes(join(dir, path)), error.message);
  assert.match(error.message, /changed while training \(it had \d+ bytes, now \d+\)/);
  assert.doesNotMatch(error.message, /\n\s+at /, 'no stack trace');
});

test('a streamed file rewritten with other rows of the same size fails with a data error, not other data', () => {
  const path = writeCsv('rewritten.csv', 'value\n' + '1.5\n'.repeat(400));
  const data = loadDataset(csvSpec({ path, column: 'value' }, true, 4), 1, nodeFileSystem);
  writeFileSync(join(dir, path), 'value\n' + '2.5\n'.repeat(400));
  assert.throws(() => data.train.batch([0]), (error: unknown) =>
    error instanceof DataError && error.message.includes(join(dir, path)) && /changed while training \(its rows are no longer/.test(error.message));
});

test('a streamed file deleted while training fails with a data error naming it', () => {
  const path = writeCsv('deleted.csv', 'value\n' + '1.5\n2.5\n'.repeat(200));
  const data = loadDataset(csvSpec({ path, column: 'value' }, true, 4), 1, nodeFileSystem);
  rmSync(join(dir, path));
  assert.throws(() => data.train.batch([0]), (error: unknown) =>
    error instanceof DataError && error.message.startsWith(`cannot open the data file ${join(dir, path)}: ENOENT`));
});

// ---------------------------------------------------------------- the checker and the budget

const BUDGET = 1024 * 1024;
const BIG = writeCsv('big.csv', seriesCsv(120_000)); // about 4 MiB: far above the budget once parsed
const TEXT = writeCsv('big.txt', 'the quick brown fox jumps over the lazy dog\n'.repeat(100_000));

function model(data: string, extra = ''): string {
  const text = data.startsWith('text(');
  return `model Streamed {
  data: ${data}
  input { timesteps: 16${text ? '' : ', features: 1'} }
  hidden { cell: gru, units: [8] }
  output { ${text ? 'activation: softmax' : 'units: 1'} }
  loss: ${text ? 'sparse_categorical_crossentropy' : 'mse'}
  optimizer: adam(lr: 0.01)
  train { epochs: 1, batch_size: 32, seed: 3 }${extra}
}
`;
}

function check(data: string) {
  const result = checkText(model(data), { path: join(dir, 'model.rnn'), memoryBudget: BUDGET });
  const budget = result.diagnostics.filter((d) => d.code === 'resource-budget');
  return { result, budget, checked: result.models[0] };
}

test('checker: a CSV too large to load within the budget checks clean, streamed from disk', () => {
  const { result, budget, checked } = check(`csv(path: "${BIG}", column: "value", normalize: zscore)`);
  assert.deepEqual(budget, [], JSON.stringify(result.diagnostics));
  assert.ok(checked.resources!.data!.bytes < BUDGET / 4, 'the index and cache are small');
  assert.ok(checked.spec, 'the model is trainable');
  assert.equal(checked.spec.streamData, true);
  assert.equal(checked.resources?.data?.streamed, true);
  assert.ok(checked.resources!.totalBytes < BUDGET);
  assert.match(resourceFigures(checked.resources!), /data streamed from disk: \d+(\.\d+)? KiB of row index and cache\)$/);
});

test('checker: the same CSV with stream: never, and a text file as large, still break the budget', () => {
  const never = check(`csv(path: "${BIG}", column: "value", stream: never)`);
  assert.equal(never.budget.length, 1);
  assert.equal(never.budget[0].severity, 'error');
  assert.match(never.budget[0].message, /, data \d+(\.\d+)? MiB\), above the memory budget of 1 MiB/);
  assert.equal(never.checked.spec, undefined);

  const text = check(`text(path: "${TEXT}")`);
  assert.equal(text.budget.length, 1, JSON.stringify(text.result.diagnostics));
  assert.equal(text.budget[0].severity, 'error');
  assert.match(text.budget[0].message, /, data \d+(\.\d+)? MiB\)/);
});

test('checker: stream takes auto, always or never, with a did-you-mean', () => {
  const { result } = check(`csv(path: "${BIG}", column: "value", stream: alway)`);
  const wrong = result.diagnostics.find((d) => d.code === 'unknown-value');
  assert.ok(wrong, JSON.stringify(result.diagnostics));
  assert.equal(wrong.message, "unknown value `alway` for `csv(stream)`; did you mean `always`?");
});

test('checker: a small CSV under the budget is loaded whole, its data counted', () => {
  const small = writeCsv('small.csv', seriesCsv(500));
  const { budget, checked } = check(`csv(path: "${small}", column: "value")`);
  assert.equal(checked.spec?.streamData, undefined);
  assert.equal(checked.resources?.data?.streamed, false);
  assert.ok(checked.resources!.data!.bytes > 500 * 20, String(checked.resources!.data!.bytes));
  assert.ok(budget.every((d) => d.severity !== 'error'));
});

test('API: the checked spec of a CSV above the budget trains by streaming; the run log says so', async () => {
  const { checked } = check(`csv(path: "${BIG}", column: "value", normalize: zscore)`);
  const events: TrainEvent[] = [];
  const result = await train(checked.spec!, { runsDir: join(dir, 'runs'), backend: 'cpu', stepsPerEpoch: 3, onEvent: (e) => events.push(e) });
  assert.equal(result.status, 'completed', result.reason);
  const log = events.find((e) => e.type === 'log' && /data streamed from disk/.test(e.message));
  assert.ok(log?.type === 'log', 'a log event says the data is streamed');
  assert.match(log.message, /big\.csv \(\d+ bytes, 120000 rows\)/);
  assert.ok(Number.isFinite(result.final.loss));
});

test('rnn train --memory-budget 1MiB: the CSV above the budget trains by streaming, exit 0, the run log says so', () => {
  writeFileSync(join(dir, 'cli.rnn'), model(`csv(path: "${BIG}", column: "value", normalize: zscore)`));
  const rnnBin = join(resolve(__dirname, '..', '..'), 'bin', 'rnn.js');
  const runsDir = join(dir, 'cli-runs');
  const rnn = (args: string[]) => spawnSync(process.execPath, [rnnBin, '--lang', 'en', ...args], { cwd: dir, encoding: 'utf8', timeout: 300_000 });

  const trained = rnn(['train', '--memory-budget', '1MiB', '--backend', 'cpu', '--steps-per-epoch', '3', '--runs-dir', runsDir, 'cli.rnn']);
  assert.equal(trained.status, 0, trained.stdout + trained.stderr);
  assert.match(trained.stdout, /^info: data streamed from disk: .*big\.csv \(\d+ bytes, 120000 rows\)/m);
  const [runDir] = readdirSync(join(runsDir, 'Streamed'));
  const metrics = readFileSync(join(runsDir, 'Streamed', runDir, 'metrics.jsonl'), 'utf8');
  assert.match(metrics, /"type":"log".*data streamed from disk/);

  // The same model with the file loaded whole is refused before training.
  writeFileSync(join(dir, 'never.rnn'), model(`csv(path: "${BIG}", column: "value", stream: never)`));
  const refused = rnn(['train', '--memory-budget', '1MiB', '--runs-dir', join(dir, 'never-runs'), 'never.rnn']);
  assert.equal(refused.status, 1, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /data \d+(\.\d+)? MiB\), above the memory budget of 1 MiB.*\[resource-budget\]/);
});
