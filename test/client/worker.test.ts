// The real training worker (bundled like dist/worker.js) forked by the process
// manager on a tiny spec: it trains, relays the engine's events, saves the run,
// stops cleanly when asked and refuses a spec with errors.
import * as esbuild from 'esbuild';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TrainEvent } from '../../core/src/shared/protocol';
import { TrainingProcess } from '../../client/src/training/process-manager';
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

  function trainText(text: string, model = 'Tiny'): { training: TrainingProcess; events: TrainEvent[] } {
    const events: TrainEvent[] = [];
    const request: TrainRequest = { type: 'train', file: join(work, 'tiny.rnn'), text, model, runsDir: join(work, 'runs'), backend: 'cpu' };
    return { training: new TrainingProcess(workerPath, request, { onEvent: (e) => events.push(e) }), events };
  }

  it('trains a tiny spec in a child process and saves the run', async () => {
    const { training, events } = trainText(tinySpec(2));
    const outcome = await training.finished;
    assert.equal(outcome.status, 'completed', outcome.message);
    const start = events.find((e) => e.type === 'start');
    assert.ok(start && start.type === 'start');
    assert.equal(start.backend, 'cpu');
    const batches = events.filter((e) => e.type === 'batch').length;
    assert.equal(batches, 2 * start.stepsPerEpoch);
    assert.equal(events.filter((e) => e.type === 'epoch').length, 2);
    assert.equal(events.at(-1)?.type, 'end');
    assert.ok(outcome.runDir && existsSync(join(outcome.runDir, 'metrics.jsonl')));
    const saved = readFileSync(join(outcome.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n');
    assert.equal(saved.length, events.length, 'the run store holds the same events the panel got');
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

  it('refuses a spec with errors without starting a run', async () => {
    const { training, events } = trainText(tinySpec(2).replace('cell: gru', 'cell: lsmt'));
    const outcome = await training.finished;
    assert.equal(outcome.status, 'rejected');
    assert.match(outcome.message ?? '', /1 error.*line 5/);
    assert.deepEqual(events, []);
  });

  it('refuses a model name the file does not have', async () => {
    const outcome = await trainText(tinySpec(2), 'Other').training.finished;
    assert.deepEqual(outcome, { status: 'rejected', message: "The file has no model named 'Other'." });
  });
});
