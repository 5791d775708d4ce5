// `rnn train --jobs N` on a sweep: one run per trial, trained by separate
// processes at the same time, each run holding its resolved spec and its
// trial's values; Ctrl-C stops them all and keeps every run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';

const root = resolve(__dirname, '..', '..');
const rnnBin = join(root, 'bin', 'rnn.js');
const scratch = mkdtempSync(join(tmpdir(), 'rnn-jobs-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Run { dir: string; summary: Record<string, any>; spec: Record<string, any> | undefined }

function runsIn(runsDir: string): Run[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir).flatMap((model) => readdirSync(join(runsDir, model)).map((name) => {
    const dir = join(runsDir, model, name);
    const specFile = join(dir, 'spec.json');
    return {
      dir,
      summary: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')),
      spec: existsSync(specFile) ? JSON.parse(readFileSync(specFile, 'utf8')) : undefined,
    };
  }));
}

/** When a run's process wrote it first and last: the summary is written as the run begins and after its end event. */
const lifetime = (run: Run) => ({ from: Date.parse(run.summary.started), to: Date.parse(run.summary.heartbeat) });

describe('rnn train --jobs', () => {
  it('trains every trial of the sweep sample as its own run, two processes at once', () => {
    const runsDir = join(scratch, 'sweep');
    const result = spawnSync(process.execPath,
      [rnnBin, 'train', 'samples/sweep.rnn', '--model', 'GateAblation', '--jobs', '2', '--epochs', '1', '--runs-dir', runsDir],
      { cwd: root, encoding: 'utf8', timeout: 600_000 });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^\[GateAblation#1\] Trial 1 of 8 \(GateAblation\): case "vanilla", train\.seed 7$/m);
    assert.match(result.stdout, /^8 of 8 runs trained: 0 failed, 0 cancelled, 0 not started$/m);

    const runs = runsIn(runsDir).sort((a, b) => a.summary.sweep.trial - b.summary.sweep.trial);
    assert.deepEqual(runs.map((run) => run.summary.sweep.trial), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(new Set(runs.map((run) => run.summary.sweep.id)).size, 1, 'one sweep id for the launch');
    for (const run of runs) {
      assert.equal(run.summary.status, 'completed');
      assert.equal(run.summary.sweep.trials, 8);
      assert.ok(run.spec, `${run.dir} holds spec.json`);
      // The resolved spec is the trial's: its values and its seed.
      const { params } = run.summary.sweep;
      if (params['hidden.gates']) assert.deepEqual(run.spec.hidden.gates, params['hidden.gates']);
      assert.equal(run.spec.hidden.coupled, params['hidden.coupled'] ?? false);
      assert.equal(run.spec.train.seed, params['train.seed']);
      assert.equal(run.summary.seed, params['train.seed']);
    }
    assert.deepEqual(runs[2].summary.sweep.params, { case: 'no_forget', 'hidden.gates': ['input', 'output'], 'train.seed': 7 });

    const pids = new Set(runs.map((run) => run.summary.pid));
    assert.equal(pids.size, 8, 'each trial trained in a process of its own');
    const overlapping = runs.some((a) => runs.some((b) => a !== b && a.summary.pid !== b.summary.pid
      && lifetime(a).from < lifetime(b).to && lifetime(b).from < lifetime(a).to));
    assert.ok(overlapping, 'two trial processes were alive at once');

    // `rnn runs --json` lists the trials with their values and final metrics.
    const listed = spawnSync(process.execPath, [rnnBin, 'runs', runsDir, '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    assert.equal(listed.status, 0, listed.stderr);
    const entries = (JSON.parse(listed.stdout) as Array<{ model: string; status: string; final: Record<string, number>; sweep?: { trial: number; params: Record<string, unknown> } }>)
      .sort((a, b) => a.sweep!.trial - b.sweep!.trial);
    assert.deepEqual(entries.map((entry) => entry.sweep?.trial), [1, 2, 3, 4, 5, 6, 7, 8]);
    entries.forEach((entry, i) => {
      assert.equal(entry.model, 'GateAblation');
      assert.deepEqual(entry.sweep!.params, runs[i].summary.sweep.params);
      assert.ok(Number.isFinite(entry.final.loss) && Number.isFinite(entry.final.val_loss), JSON.stringify(entry.final));
    });
  });

  it('stops every trial on Ctrl-C, keeps every run as cancelled, and starts no other', async () => {
    const runsDir = join(scratch, 'interrupted');
    const child = spawn(process.execPath,
      [rnnBin, 'train', 'samples/sweep.rnn', '--model', 'GateAblation', '--jobs', '2', '--runs-dir', runsDir], { cwd: root });
    let stdout = '';
    let interrupted = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      // Both first trials are in their first epoch: interrupt.
      if (!interrupted && /^\[GateAblation#1\] Training /m.test(stdout) && /^\[GateAblation#2\] Training /m.test(stdout)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    assert.equal(code, 130, stdout);
    const runs = runsIn(runsDir);
    assert.deepEqual(runs.map((run) => run.summary.sweep.trial).sort(), [1, 2], 'no trial starts after Ctrl-C');
    for (const run of runs) {
      assert.equal(run.summary.status, 'cancelled', run.dir);
      assert.ok(run.spec, 'the run keeps its resolved spec');
    }
    assert.match(stdout, /^0 of 8 runs trained: 0 failed, 2 cancelled, 6 not started$/m);
  });

  it('--trial needs a model with a sweep, and a trial it has', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [rnnBin, 'train', ...args], { cwd: root, encoding: 'utf8' });
    const noSweep = run(['samples/sine.rnn', '--trial', '1']);
    assert.equal(noSweep.status, 2);
    assert.match(noSweep.stderr, /--trial needs one model with a sweep/);
    const tooFar = run(['samples/sweep.rnn', '--model', 'GateAblation', '--trial', '9']);
    assert.equal(tooFar.status, 2);
    assert.match(tooFar.stderr, /--trial 9: the sweep of GateAblation has 8 trials/);
  });
});
