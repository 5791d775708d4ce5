// Property: whatever a run folder holds (random bytes, real files cut short,
// JSON of the wrong shape, a real summary or event with one field changed,
// a folder where a file belongs), the run-store reader returns and never
// throws; a run it cannot read comes back damaged with the file and the
// reason, and what it does return passes on through the readers' users (the
// editor's run list, the panel's charts and CSV) without a throw either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import {
  listRuns, METRICS_FILE, readEventLog, readSpecCopy, RunFolderWriter, runSummarySchema, SPEC_FILE, SUMMARY_FILE, trainEventSchema,
  tryReadSummary, type RunSummary,
} from '../../core/src/run-store';
import type { TrainEvent } from '../../core/src/shared';
import { listSavedRuns } from '../../client/src/history/run-list';
import { RunData } from '../../client/webview/run-data';
import { lossSeries, metricSeries } from '../../client/webview/chart-data';
import { epochsCsv } from '../../client/webview/csv';
import { propertyParameters } from '../helpers/property-runs';
import { SAMPLES } from '../helpers/rnn-arbitraries';

// A run as the writer writes it, every optional field present, so that changes reach every part of the schemas.
const SUMMARY: RunSummary = {
  model: 'SineForecast', status: 'completed', started: '2026-11-26T15:42:07.123Z', seconds: 12.5, epochs: 2, final: { loss: 0.02, val_loss: 0.03, mae: 0.1 },
  seed: 7, backend: 'cpu', totalParams: 33, layers: [{ name: 'lstm (LSTM)', outputShape: [null, 4], params: 32 }, { name: 'dense (Dense)', outputShape: [null, 1], params: 5 }],
  data: { task: 'classification', features: 3, outputs: 3, timesteps: 4, split: { train: 8, validation: 2, gap: 3 }, vocabulary: ['a', 'b', 'c'] },
  normalization: { method: 'zscore', columns: ['y'], offset: [0.5], scale: [2] }, weightsEpoch: 2,
};
const EVENTS: TrainEvent[] = [
  {
    type: 'start', model: 'SineForecast', runDir: '/runs/SineForecast/2026-11-26T15-42-07', backend: 'cpu', seed: 7, epochs: 2, stepsPerEpoch: 1,
    trainSamples: 8, validationSamples: 2, task: 'regression', metric: 'mae', layers: SUMMARY.layers!, implementations: ['fused-wasm'], totalParams: 33,
    baselineLoss: 0.5, time: 1,
  },
  { type: 'batch', epoch: 1, batch: 1, step: 1, loss: 0.4, time: 2 },
  { type: 'epoch', epoch: 1, step: 1, loss: 0.4, val_loss: 0.5, metrics: { mae: 0.3, val_mae: 0.35 }, seconds: 1, eta: 1, time: 3 },
  { type: 'log', level: 'warning', message: 'loss is high', time: 4 },
  { type: 'error', message: 'out of memory', code: 'internal', time: 5 },
  { type: 'end', status: 'completed', epochs: 1, seconds: 2, final: { loss: 0.4 }, predictions: { target: [1, 2], predicted: [1.5, 2.5] }, sample: 'ab', time: 6 },
];

function realRun() {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-property-runs-'));
  const writer = RunFolderWriter.create(dir, 'SineForecast', SAMPLES[0]);
  writer.writeSummary(SUMMARY);
  EVENTS.forEach((event) => writer.appendEvent(event));
  const files = { summary: readFileSync(join(writer.dir, SUMMARY_FILE)), metrics: readFileSync(join(writer.dir, METRICS_FILE)), spec: readFileSync(join(writer.dir, SPEC_FILE)) };
  rmSync(dir, { recursive: true });
  return files;
}
const REAL = realRun();

/** Every path to a value inside a JSON value, the root included. */
function pathsIn(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [path];
  return [path, ...Object.entries(value).flatMap(([key, v]) => pathsIn(v, [...path, Array.isArray(value) ? Number(key) : key]))];
}

/** The value with the thing at one of its paths replaced by `replacement` (or deleted when it is undefined). */
function changedAt(value: unknown, which: number, replacement: unknown): unknown {
  const copy = structuredClone(value);
  const paths = pathsIn(copy);
  const path = paths[which % paths.length];
  if (path.length === 0) return replacement;
  const parent = path.slice(0, -1).reduce((node: any, key) => node[key], copy);
  const key = path[path.length - 1];
  if (replacement === undefined) delete parent[key];
  else parent[key] = replacement;
  return copy;
}

/** A real JSON value with one field changed to any JSON (or removed): the wrong type, the wrong shape, out of range. */
const changedJson = (real: unknown) =>
  fc.tuple(fc.nat(), fc.option(fc.oneof(fc.jsonValue(), fc.constantFrom(-1, 1e308, 0.5, '', 'running', null, [], {})), { nil: undefined }))
    // Removing the whole value leaves an empty file.
    .map(([which, replacement]) => JSON.stringify(changedAt(real, which, replacement)) ?? '');

const bytes = fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b));
const cut = (real: Buffer) => fc.nat({ max: real.length }).map((n) => real.subarray(0, n));
const text = (t: fc.Arbitrary<string>) => t.map((s) => Buffer.from(s, 'utf8'));

/** What a file of the run folder holds: nothing, a folder in its place, or contents. */
type FileContent = Buffer | 'missing' | 'folder';

const fileOf = (contents: fc.Arbitrary<Buffer>): fc.Arbitrary<FileContent> =>
  fc.oneof({ weight: 1, arbitrary: fc.constantFrom<FileContent>('missing', 'folder') }, { weight: 8, arbitrary: contents });

const summaryFile = fileOf(fc.oneof(
  bytes,
  cut(REAL.summary),
  text(fc.jsonValue().map((v) => JSON.stringify(v))),
  { weight: 4, arbitrary: text(changedJson(JSON.parse(REAL.summary.toString()))) },
));

const realLines = REAL.metrics.toString().split('\n').filter(Boolean).map((line) => JSON.parse(line));
const eventLine = fc.oneof(
  fc.constantFrom(...realLines).map((e) => JSON.stringify(e)),
  fc.constantFrom(...realLines).chain(changedJson),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
);
const metricsFile = fileOf(fc.oneof(
  bytes,
  cut(REAL.metrics),
  { weight: 4, arbitrary: text(fc.tuple(fc.array(eventLine, { maxLength: 12 }), fc.constantFrom('\n', '\r\n')).map(([lines, end]) => lines.join(end))) },
));
const specFile = fileOf(fc.oneof(bytes, cut(REAL.spec)));

function put(path: string, content: FileContent): void {
  rmSync(path, { recursive: true, force: true });
  if (content === 'folder') mkdirSync(path);
  else if (content !== 'missing') writeFileSync(path, content);
}

test('the run-store reader never throws on damaged files, and its users never throw on what it returns', () => {
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-property-runs-'));
  const runDir = join(runsDir, 'SineForecast', '2026-11-26T15-42-07');
  mkdirSync(runDir, { recursive: true });
  const seen = { runs: 0, readable: 0 };
  try {
    fc.assert(
      fc.property(summaryFile, metricsFile, specFile, (summary, metrics, spec) => {
        put(join(runDir, SUMMARY_FILE), summary);
        put(join(runDir, METRICS_FILE), metrics);
        put(join(runDir, SPEC_FILE), spec);
        seen.runs++;

        const read = tryReadSummary(runDir);
        if (read.ok) {
          seen.readable++;
          assert.ok(runSummarySchema.safeParse(JSON.parse(JSON.stringify(read.summary))).success, 'a summary read as good is valid');
        } else {
          assert.equal(read.file, join(runDir, SUMMARY_FILE));
          assert.ok(read.reason.length > 0, 'a damaged run says why');
          assert.equal(read.missing, summary === 'missing');
        }

        const [entry, ...others] = listRuns(runsDir);
        assert.equal(others.length, 0);
        assert.deepEqual({ ...entry, model: undefined, name: undefined, runDir: undefined }, { ...read, model: undefined, name: undefined, runDir: undefined });
        const [saved] = listSavedRuns(runsDir);
        assert.equal(typeof saved.label, 'string');

        const log = readEventLog(runDir);
        // Written back as the writer writes (a NaN as null), every event read is valid.
        for (const event of log.events) assert.ok(trainEventSchema.safeParse(JSON.parse(JSON.stringify(event))).success, `a valid event: ${JSON.stringify(event)}`);
        if (log.skipped > 0 || metrics === 'folder') assert.match(log.problem ?? '', new RegExp(`^${METRICS_FILE} `));
        const run = new RunData('run');
        run.addAll(log.events);
        for (const options of [{ xAxis: 'step', yScale: 'log', smoothing: 0.6 }, { xAxis: 'epoch', yScale: 'linear', smoothing: 0 }] as const) {
          lossSeries(run, [run], options);
          metricSeries(run, [run], options);
        }
        epochsCsv(run);

        const copy = readSpecCopy(runDir);
        assert.equal(copy, Buffer.isBuffer(spec) ? spec.toString('utf8') : undefined);
      }),
      propertyParameters(400),
    );
  } finally {
    rmSync(runsDir, { recursive: true, force: true });
  }
  // Otherwise the property would say little about good summaries passing on to the run list.
  assert.ok(seen.readable >= seen.runs / 20, `only ${seen.readable} of ${seen.runs} summaries were readable`);
});
