// Runs end in a known state (issue 13, finding 5): a write failure mid-run
// fails the run with the path, and a run whose process died reads as
// interrupted with its last checkpoint. Real faults: the run's files are
// replaced under the running trainer, and `rnn train` is killed with SIGKILL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { train, type Callback } from '../../core/src/engine/train';
import { heartbeat } from '../../core/src/engine/train/callbacks';
import { loadRun } from '../../core/src/engine';
import { listRuns, readEventLog, tryReadSummary } from '../../core/src/run-store';
import type { ErrorEvent, TrainEvent } from '../../core/src/shared/protocol';
import { listSavedRuns } from '../../client/src/history/run-list';
import { makeSpec } from '../helpers/model-spec';

const root = resolve(import.meta.dirname, '..', '..');
const rnnBin = join(root, 'bin', 'rnn.js');
const sine = { fn: 'sine' as const, args: { samples: 200, period: 20, amplitude: 1, noise: 0.05 } };

/** A spec that trains for a long time in small epochs, so a test can strike mid-run. */
const LONG_SPEC = `model Long {
  data: sine(samples: 400, period: 20, noise: 0.05)
  input { timesteps: 8 }
  hidden { cell: lstm, units: [4] }
  loss: mse
  optimizer: adam(lr: 0.01)
  train { epochs: 100000, batch_size: 16, seed: 3 }
}
`;

test('a run file that cannot be written mid-run fails the run with its path; the summary says failed', async () => {
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-fault-'));
  const events: TrainEvent[] = [];
  const result = await train(makeSpec({ data: sine, timesteps: 8, epochs: 5 }), {
    runsDir,
    backend: 'cpu',
    onEvent: (event) => {
      events.push(event);
      // A real fault: metrics.jsonl becomes a directory, so the next append fails (EISDIR).
      if (event.type === 'epoch' && event.epoch === 1) {
        const metrics = join(runDirOf(events), 'metrics.jsonl');
        rmSync(metrics);
        mkdirSync(metrics);
      }
    },
  });
  const metrics = join(result.runDir, 'metrics.jsonl');
  assert.equal(result.status, 'failed');
  assert.match(result.reason!, new RegExp(`^cannot write ${escape(metrics)} \\(EISDIR`));
  const error = events.find((e): e is ErrorEvent => e.type === 'error');
  assert.equal(error?.code, 'run-store');
  assert.equal(error?.message, result.reason);
  assert.equal(events.at(-1)?.type, 'end');
  const read = tryReadSummary(result.runDir);
  assert.ok(read.ok, read.ok ? '' : read.reason);
  assert.equal(read.summary.status, 'failed');
  assert.equal(read.summary.reason, result.reason);
  assert.equal(read.summary.weightsEpoch, 1, 'the checkpoint of epoch 1 is kept');
});

test('rnn train exits 74 naming the path when its run folder is replaced by a file mid-run', async () => {
  const { runsDir, training } = trainLongSpec();
  const runDir = await waitForRun(runsDir, (run) => readEventLog(run).events.some((e) => e.type === 'epoch'));
  // Moved away in one step (a rename), so the trainer cannot recreate files in it meanwhile.
  renameSync(runDir, `${runDir}.moved`);
  writeFileSync(runDir, 'not a folder');
  const { code, stderr } = await training.exited;
  assert.equal(code, 74, stderr);
  assert.doesNotMatch(stderr, /internal error/);
  assert.match(stderr, new RegExp(`Long: training failed: cannot write ${escape(runDir)}/[a-z.]+ \\(ENOTDIR`));
});

test('a run killed with SIGKILL reads as interrupted everywhere, with its last checkpoint usable', async () => {
  const { runsDir, training } = trainLongSpec();
  // The first epoch event, then its checkpoint in the summary (saved right after the event).
  const runDir = await waitForRun(runsDir, (run) => {
    const read = tryReadSummary(run);
    return read.ok && (read.summary.weightsEpoch ?? 0) >= 1;
  });
  const alive = tryReadSummary(runDir);
  assert.ok(alive.ok && alive.state === 'running', 'judged running while its process lives');
  training.child.kill('SIGKILL');
  await training.exited;

  const [entry] = listRuns(runsDir);
  assert.ok(entry.ok, entry.ok ? '' : entry.reason);
  assert.equal(entry.summary.status, 'running', 'nobody wrote the end: the file still says running');
  assert.equal(entry.state, 'interrupted');
  const [saved] = listSavedRuns(runsDir);
  assert.equal(saved.status, 'interrupted');
  assert.match(saved.label, / · interrupted/);
  const { model, summary } = await loadRun(runDir);
  assert.ok(summary.weightsEpoch! >= 1 && summary.weightsEpoch! <= summary.epochs);
  assert.equal(model.outputs[0].shape.at(-1), 1);
  model.dispose();
});

/** `rnn train` of LONG_SPEC as a child process; its output is drained as it comes (a full pipe would block it). */
function trainLongSpec(): { runsDir: string; training: { child: ChildProcess; exited: Promise<{ code: number | null; stderr: string }> } } {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-long-'));
  const spec = join(dir, 'long.rnn');
  writeFileSync(spec, LONG_SPEC);
  const runsDir = join(dir, 'runs');
  const child = spawn(process.execPath, [rnnBin, 'train', spec, '--runs-dir', runsDir, '--backend', 'cpu'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  child.stdout?.resume();
  return { runsDir, training: { child, exited: new Promise((done) => child.on('close', (code) => done({ code, stderr }))) } };
}

/** The one run folder under `runsDir`, once `ready` holds for it. */
async function waitForRun(runsDir: string, ready: (runDir: string) => boolean): Promise<string> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const model = existsSync(runsDir) ? readdirSync(runsDir)[0] : undefined;
    const run = model && readdirSync(join(runsDir, model))[0];
    if (model && run && ready(join(runsDir, model, run))) return join(runsDir, model, run);
    if (Date.now() > deadline) throw new Error(`no run under ${runsDir} got ready`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

function runDirOf(events: readonly TrainEvent[]): string {
  const start = events.find((e) => e.type === 'start');
  if (start?.type !== 'start') throw new Error('no start event');
  return start.runDir;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('the running summary carries the writer\'s host and process, and its heartbeat beats between epochs', async () => {
  const beats: string[] = [];
  const observer: Callback = {
    onBatchEnd(run, logs) {
      const read = tryReadSummary(run.writer.dir);
      if (logs.epoch === 1 && read.ok) beats.push(read.summary.heartbeat ?? 'none');
    },
  };
  const result = await train(makeSpec({ data: sine, timesteps: 8, epochs: 1 }), {
    runsDir: mkdtempSync(join(tmpdir(), 'rnn-heartbeat-')),
    backend: 'cpu',
    callbacks: [heartbeat(0), observer],
  });
  assert.equal(result.status, 'completed');
  assert.ok(beats.length > 2 && !beats.includes('none'), beats.join(', '));
  assert.ok(new Set(beats).size > 1, `the heartbeat moved within the first epoch: ${beats.join(', ')}`);
  const summary = JSON.parse(readFileSync(join(result.runDir, 'summary.json'), 'utf8'));
  assert.deepEqual([summary.host, summary.pid], [hostname(), process.pid]);
});
