// The training-process manager against a fake worker that acts out each way a
// run can end: completes, stops when asked, ignores stop, crashes, rejects.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TrainEvent } from '../../core/src/shared/protocol';
import { TrainingProcess } from '../../client/src/training/process-manager';
import type { TrainRequest } from '../../client/src/training/worker-protocol';

const fakeWorker = join(import.meta.dirname, 'fixtures', 'fake-worker.mjs');

function request(model: string): TrainRequest {
  return { type: 'train', file: join(import.meta.dirname, 'x.rnn'), text: '', model, runsDir: '/tmp/runs', backend: 'cpu' };
}

function start(model: string, stopGraceMs?: number) {
  const events: TrainEvent[] = [];
  let output = '';
  const training = new TrainingProcess(fakeWorker, request(model), {
    onEvent: (e) => events.push(e),
    onOutput: (text) => { output += text; },
  }, { stopGraceMs });
  return { training, events, output: () => output };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('training process manager', () => {
  it('relays every event in order and reports the result', async () => {
    const { training, events } = start('completes');
    const outcome = await training.finished;
    assert.equal(outcome.status, 'completed');
    assert.equal(outcome.runDir, '/tmp/runs/completes/run');
    assert.deepEqual(events.map((e) => e.type), ['start', 'batch', 'batch', 'batch', 'epoch', 'batch', 'batch', 'batch', 'epoch', 'end']);
    assert.deepEqual(events.filter((e) => e.type === 'batch').map((e) => (e as { step: number }).step), [1, 2, 3, 4, 5, 6]);
  });

  it('stop asks the run to end and keeps its folder', async () => {
    const { training, events } = start('stops-when-asked');
    await until(() => events.length > 0);
    training.stop();
    const outcome = await training.finished;
    assert.equal(outcome.status, 'cancelled');
    assert.equal(outcome.runDir, '/tmp/runs/stops-when-asked/run');
    assert.equal(events.at(-1)?.type, 'end');
  });

  it('kills a process that ignores stop after the grace period', async () => {
    const { training, events } = start('ignores-stop', 300);
    await until(() => events.length > 0);
    training.stop();
    const outcome = await training.finished;
    assert.equal(outcome.status, 'cancelled');
    assert.match(outcome.message ?? '', /killed/);
    assert.equal(outcome.runDir, '/tmp/runs/ignores-stop/run');
  });

  it('reports a crash with the exit code and the end of stderr', async () => {
    const { training, output } = start('crashes');
    const outcome = await training.finished;
    assert.equal(outcome.status, 'crashed');
    assert.match(outcome.message ?? '', /exited with code 3: something went badly wrong/);
    assert.match(output(), /something went badly wrong/);
  });

  it('passes on a rejection of the spec', async () => {
    const outcome = await start('rejects').training.finished;
    assert.deepEqual(outcome, { status: 'rejected', message: 'The file has 1 error; fix them first.' });
  });

  it('reports a process that cannot start', async () => {
    const training = new TrainingProcess(fakeWorker, request('completes'), { onEvent: () => {} }, { execPath: '/nonexistent/node' });
    const outcome = await training.finished;
    assert.equal(outcome.status, 'crashed');
    assert.match(outcome.message ?? '', /could not start|ENOENT/);
  });
});
