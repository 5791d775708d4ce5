// The real training worker (bundled like dist/worker.js) forked by the process
// manager on a tiny spec: it checks the spec (the only check before training),
// trains, relays the engine's events, saves the run, stops cleanly when asked,
// refuses a spec with errors and says where a failed run's error belongs.
import * as esbuild from 'esbuild';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TrainEvent } from '../../core/src/shared/protocol';
import { INSIGHT_FILE } from '../../core/src/shared/insight';
import { TrainingProcess } from '../../client/src/training/process-manager';
import { SweepTraining } from '../../client/src/training/sweep-training';
import { predictInWorker } from '../../client/src/training/predict-process';
import { tinySpec } from './fixtures/tiny-spec';
import type { TrainRequest } from '../../client/src/training/worker-protocol';

const root = join(import.meta.dirname, '..', '..');
// Inside the repository, so the bundle finds the external @tensorflow packages in node_modules.
const bundleDir = join(root, '.vscode-test', 'client-test');
const workerPath = join(bundleDir, 'worker.js');


describe('training worker', { timeout: 120_000 }, () => {
  let work: string;
  before(async () => {
    mkdirSync(bundleDir, { recursive: true });
    await esbuild.build({
      absWorkingDir: root, entryPoints: ['client/src/training/worker.ts'], outfile: workerPath, bundle: true,
      platform: 'node', format: 'cjs', target: 'node20', external: ['@tensorflow/*'], logLevel: 'warning',
    });
    work = mkdtempSync(join(tmpdir(), 'rnn-worker-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  /** `heard` records the worker's acceptance ('accepted') and every event's type, in order. */
  function trainText(text: string, model: string | undefined = 'Tiny', language?: string, memoryBudget?: string): { training: TrainingProcess; events: TrainEvent[]; heard: string[] } {
    const events: TrainEvent[] = [];
    const heard: string[] = [];
    const request: TrainRequest = { type: 'train', file: join(work, 'tiny.rnn'), text, model, runsDir: join(work, 'runs'), backend: 'cpu', language, memoryBudget };
    const listener = { onAccepted: () => heard.push('accepted'), onEvent: (e: TrainEvent) => { events.push(e); heard.push(e.type); } };
    return { training: new TrainingProcess(workerPath, request, listener), events, heard };
  }

  it('trains a tiny spec in a child process and saves the run', async () => {
    const { training, events, heard } = trainText(tinySpec(2));
    const outcome = await training.finished;
    assert.equal(outcome.status, 'completed', outcome.message);
    assert.deepEqual(heard.slice(0, 2), ['accepted', 'start'], 'the worker accepts the spec before the run starts');
    assert.equal(outcome.errorRange, undefined, 'a completed run has no error to place');
    const start = events.find((e) => e.type === 'start');
    assert.ok(start && start.type === 'start');
    assert.equal(start.backend, 'cpu');
    const batches = events.filter((e) => e.type === 'batch').length;
    assert.equal(batches, 2 * start.stepsPerEpoch);
    assert.equal(events.filter((e) => e.type === 'epoch').length, 2);
    assert.equal(events.at(-1)?.type, 'end');
    assert.ok(outcome.runDir && existsSync(join(outcome.runDir, 'metrics.jsonl')));
    const saved = readFileSync(join(outcome.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n');
    const insight = events.filter((e) => e.type === 'insight');
    assert.equal(saved.length, events.length - insight.length, 'metrics.jsonl holds the events the panel got, the insight records apart');
    assert.ok(insight.length > 0, 'insight is recorded by default');
    const recorded = readFileSync(join(outcome.runDir, INSIGHT_FILE), 'utf8').trim().split('\n');
    assert.equal(recorded.length, insight.length, 'insight.jsonl holds the insight records the panel got');
  });

  it('trains the trial of a sweep it is asked for, recording the trial and its resolved spec in the run', async () => {
    const swept = tinySpec(1).replace(/\n}\n$/, '\n  sweep { hidden.units: [[2], [3], [5]] }\n}\n');
    const request: TrainRequest = {
      type: 'train', file: join(work, 'tiny.rnn'), text: swept, model: 'Tiny', runsDir: join(work, 'trial-runs'), backend: 'cpu',
      trial: { trial: 2, sweepId: 'Tiny-sweep' },
    };
    const outcome = await new TrainingProcess(workerPath, request, { onEvent: () => {} }).finished;
    assert.equal(outcome.status, 'completed', outcome.message);
    const summary = JSON.parse(readFileSync(join(outcome.runDir!, 'summary.json'), 'utf8'));
    assert.deepEqual(summary.sweep, { id: 'Tiny-sweep', trial: 2, trials: 3, params: { 'hidden.units': [3] } });
    assert.deepEqual(JSON.parse(readFileSync(join(outcome.runDir!, 'spec.json'), 'utf8')).hidden.units, [3]);
    const missing = await new TrainingProcess(workerPath, { ...request, trial: { trial: 4, sweepId: 'x' } }, { onEvent: () => {} }).finished;
    assert.equal(missing.status, 'rejected');
    assert.match(missing.message ?? '', /no trial 4/);
  });

  it('a sweep trains every trial in a process of its own, two at once, and sums them up', async () => {
    const swept = tinySpec(1).replace(/\n}\n$/, '\n  sweep { optimizer.lr: [0.01, 0.02, 0.03] }\n}\n');
    const request: TrainRequest = { type: 'train', file: join(work, 'tiny.rnn'), text: swept, model: 'Tiny', runsDir: join(work, 'sweep-runs'), backend: 'cpu' };
    const ended: number[] = [];
    const starts = new Map<number, string>();
    const sweep = new SweepTraining(workerPath, request, 3, 2, 2, {
      onAccepted: () => {},
      onEvent: (trial, event) => { if (event.type === 'start') starts.set(trial, event.runDir); },
      onTrialEnd: (trial, outcome) => { assert.equal(outcome.status, 'completed'); ended.push(trial); },
    });
    const outcome = await sweep.finished;
    assert.equal(outcome.status, 'completed');
    assert.equal(outcome.message, '3 of 3 trials trained: 0 failed, 0 cancelled, 0 not started');
    assert.deepEqual(ended.sort(), [1, 2, 3]);
    const trials = [...starts.values()].map((runDir) => JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')).sweep);
    assert.deepEqual(trials.map((t) => t.params['optimizer.lr']).sort(), [0.01, 0.02, 0.03]);
    assert.equal(new Set(trials.map((t) => t.id)).size, 1);
  });

  it('stops cleanly when asked and keeps the partial run', async () => {
    const { training, events } = trainText(tinySpec(200));
    let asked = false;
    const stopAfterFirstEpoch = setInterval(() => {
      if (!asked && events.some((e) => e.type === 'epoch')) {
        asked = true;
        training.stop();
      }
    }, 10);
    const outcome = await training.finished;
    clearInterval(stopAfterFirstEpoch);
    assert.equal(outcome.status, 'cancelled');
    assert.ok(outcome.runDir);
    const summary = JSON.parse(readFileSync(join(outcome.runDir, 'summary.json'), 'utf8')) as { status: string; epochs: number };
    assert.equal(summary.status, 'cancelled');
    assert.ok(summary.epochs >= 1 && summary.epochs < 200);
  });

  it('reads data from the workspace folders the extension names, and from nowhere else', async () => {
    // The spec in specs/, its data in data/: outside the spec's folder but inside the workspace.
    mkdirSync(join(work, 'data'), { recursive: true });
    mkdirSync(join(work, 'specs'), { recursive: true });
    writeFileSync(join(work, 'data', 'd.csv'), 't,value\n' + Array.from({ length: 300 }, (_, i) => `${i},${Math.sin(i / 5)}`).join('\n'));
    const text = tinySpec(1).replace('sine(samples: 300, period: 20, noise: 0.01)', 'csv(path: "../data/d.csv", column: "value")');
    const request = (dataAccess?: TrainRequest['dataAccess']): TrainRequest => ({
      type: 'train', file: join(work, 'specs', 'tiny.rnn'), text, model: 'Tiny', runsDir: join(work, 'runs'), backend: 'cpu', dataAccess,
    });
    const inWorkspace = await new TrainingProcess(workerPath, request({ roots: [work], allowOutside: false }), { onEvent: () => {} }).finished;
    assert.equal(inWorkspace.status, 'completed', JSON.stringify(inWorkspace));
    const refused = await new TrainingProcess(workerPath, request({ roots: [join(work, 'specs')], allowOutside: false }), { onEvent: () => {} }).finished;
    assert.equal(refused.status, 'rejected');
    assert.match(refused.message ?? '', /outside.*rnn\.data\.allowOutsideWorkspace/);
  });

  it('refuses a spec with errors without starting a run', async () => {
    const { training, heard } = trainText(tinySpec(2).replace('cell: gru', 'cell: lsmt'));
    const outcome = await training.finished;
    assert.equal(outcome.status, 'rejected');
    assert.match(outcome.message ?? '', /1 error.*line 5/);
    assert.equal(outcome.errors?.count, 1);
    assert.equal(outcome.errors?.first.length, 1);
    assert.match(outcome.errors?.first[0] ?? '', /^line 5: .*lsmt/);
    assert.deepEqual(heard, [], 'neither accepted nor started');
  });

  it('reports the errors of a file that names no model', async () => {
    const outcome = await trainText('# no model yet\n', undefined).training.finished;
    assert.equal(outcome.status, 'rejected');
    assert.ok(outcome.errors && outcome.errors.count > 0, JSON.stringify(outcome));
  });

  it('a diverging run fails with the range of its optimizer, where the diagnostic goes', async () => {
    const text = tinySpec(3, 'Diverges').replace('optimizer: adam(lr: 0.01)', 'optimizer: sgd(lr: 100000000)');
    const outcome = await trainText(text, 'Diverges').training.finished;
    assert.equal(outcome.status, 'failed', outcome.message);
    const optimizerLine = text.split('\n').findIndex((line) => line.trimStart().startsWith('optimizer:'));
    assert.equal(outcome.errorRange?.start.line, optimizerLine);
    assert.equal(outcome.errorRange?.start.character, text.split('\n')[optimizerLine].indexOf('optimizer'));
  });

  it('holds the model to the rnn.memoryBudget it is sent, as the editor does', async () => {
    const { training, heard } = trainText(tinySpec(2), 'Tiny', undefined, '1KiB');
    const outcome = await training.finished;
    assert.equal(outcome.status, 'rejected');
    assert.match(outcome.message ?? '', /above the memory budget of 1 KiB/);
    assert.deepEqual(heard, [], 'no run was started');
  });

  it('refuses a model name the file does not have', async () => {
    const outcome = await trainText(tinySpec(2), 'Other').training.finished;
    assert.deepEqual(outcome, { status: 'rejected', message: "The file has no model named 'Other'." });
  });

  it('answers in the display language the extension passes (VS Code\'s zh-cn)', async () => {
    const unknown = await trainText(tinySpec(2), 'Other', 'zh-cn').training.finished;
    assert.deepEqual(unknown, { status: 'rejected', message: "该文件中没有名为 'Other' 的模型。" });
    const broken = await trainText(tinySpec(2).replace('cell: gru', 'cell: lsmt'), 'Tiny', 'zh-cn').training.finished;
    assert.equal(broken.status, 'rejected');
    assert.match(broken.errors?.first[0] ?? '', /^第 5 行：.*lsmt/);
    assert.match(broken.message ?? '', /^该文件有 1 个错误（第 5 行：.*），请先修正。$/);
  });

  it('resumes a saved run in a new one when asked, numbering its epochs on', async () => {
    const first = await trainText(tinySpec(1)).training.finished;
    assert.equal(first.status, 'completed', first.message);
    const events: TrainEvent[] = [];
    const request: TrainRequest = {
      type: 'train', file: join(work, 'model.rnn'), text: readFileSync(join(first.runDir!, 'model.rnn'), 'utf8'), model: 'Tiny',
      runsDir: join(work, 'runs'), backend: 'cpu', epochs: 2, resume: first.runDir,
    };
    const outcome = await new TrainingProcess(workerPath, request, { onEvent: (e) => events.push(e) }).finished;
    assert.equal(outcome.status, 'completed', outcome.message);
    assert.notEqual(outcome.runDir, first.runDir);
    assert.deepEqual(events.flatMap((e) => (e.type === 'epoch' ? [e.epoch] : [])), [2]);
    assert.deepEqual(JSON.parse(readFileSync(join(outcome.runDir!, 'summary.json'), 'utf8')).resumedFrom, { runDir: first.runDir, epoch: 1 });

    const again = await new TrainingProcess(workerPath, { ...request, epochs: 1 }, { onEvent: () => {} }).finished;
    assert.equal(again.status, 'rejected');
    assert.match(again.message ?? '', /already trained up to epoch 1/);
  });

  it('answers a predict request with CSV, and a failed run with the reason', async () => {
    const trained = await trainText(tinySpec(1)).training.finished;
    const forecast = await predictInWorker(workerPath, { type: 'predict', runDir: trained.runDir!, forecast: 3 });
    assert.equal(forecast.type, 'predicted', JSON.stringify(forecast));
    assert.ok(forecast.type === 'predicted' && forecast.format === 'csv');
    const lines = forecast.text.trim().split('\n');
    assert.equal(lines[0], 'step,value');
    assert.deepEqual(lines.slice(1).map((line) => line.split(',')[0]), ['1', '2', '3']);
    assert.ok(lines.slice(1).every((line) => Number.isFinite(Number(line.split(',')[1]))));
    // The same forecast as values for the panel to draw after the series (the CSV rounds to 7 digits).
    assert.ok(forecast.type === 'predicted' && forecast.forecast);
    assert.equal(forecast.forecast.steps, 3);
    assert.deepEqual(forecast.forecast.columns.map((c) => c.column), ['value']);
    forecast.forecast.columns[0].values.forEach((v, i) => assert.equal(Number(v.toPrecision(7)), Number(lines[i + 1].split(',')[1])));

    const summaryPath = join(trained.runDir!, 'summary.json');
    writeFileSync(summaryPath, JSON.stringify({ ...JSON.parse(readFileSync(summaryPath, 'utf8')), status: 'failed', reason: 'a test' }));
    const refused = await predictInWorker(workerPath, { type: 'predict', runDir: trained.runDir! });
    assert.equal(refused.type, 'rejected');
    assert.match(refused.type === 'rejected' ? refused.message : '', /failed \(a test\)/);
  });
});
