// `rnn train --resume` end to end: the built bundle, as a user runs it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readEvents, readSummary, RESUME_DIR, RESUME_STATE_FILE, tryReadSummary } from '../../core/src/run-store';

const root = resolve(__dirname, '..', '..');
const runsDir = mkdtempSync(join(tmpdir(), 'rnn-cli-resume-'));

function rnn(args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'rnn.js'), ...args, '--runs-dir', runsDir, '--no-verify'], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const savedIn = (stdout: string) => resolve(root, /Run saved in (.+)$/m.exec(stdout)![1]);

describe('rnn train --resume', () => {
  let parent = '';
  before(() => {
    const first = rnn(['train', 'samples/sine.rnn', '--epochs', '2', '--steps-per-epoch', '2']);
    assert.equal(first.code, 0, first.stderr);
    parent = savedIn(first.stdout);
  });

  it('continues the run in a new one, numbering the epochs on', () => {
    const { code, stdout, stderr } = rnn(['train', '--resume', parent, '--epochs', '3', '--steps-per-epoch', '2']);
    assert.equal(code, 0, stderr);
    const child = savedIn(stdout);
    assert.notEqual(child, parent);
    assert.deepEqual(readSummary(child).resumedFrom, { runDir: parent, epoch: 2 });
    assert.deepEqual(readEvents(child).flatMap((e) => (e.type === 'epoch' ? [e.epoch] : [])), [3]);
    assert.deepEqual(readEvents(child).find((e) => e.type === 'batch'), { ...readEvents(child).find((e) => e.type === 'batch')!, epoch: 3, step: 5 });
  });

  it('refuses a spec that changed, naming the change, and says what to do when nothing is left to train', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-resume-spec-'));
    const changed = join(dir, 'sine.rnn');
    writeFileSync(changed, readFileSync(join(root, 'samples/sine.rnn'), 'utf8').replace('units: [64, 32]', 'units: [16, 32]'));
    let result = rnn(['train', changed, '--resume', parent]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /hidden\.units: \[64, 32\] → \[16, 32\]/);

    result = rnn(['train', '--resume', parent, '--epochs', '2']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /already trained 2 epochs; give the epochs to train in all with --epochs, e\.g\. --epochs 22/);
  });

  it('resumes a run whose process was killed, from its last complete epoch', async () => {
    const killedRuns = mkdtempSync(join(tmpdir(), 'rnn-cli-resume-killed-'));
    const child = spawn(process.execPath, [join(root, 'bin', 'rnn.js'), 'train', 'samples/sine.rnn', '--epochs', '50', '--steps-per-epoch', '2', '--runs-dir', killedRuns, '--no-verify'], { cwd: root, stdio: 'ignore' });
    const stateFile = () => {
      const model = join(killedRuns, 'SineForecast');
      const run = existsSync(model) ? readdirSync(model)[0] : undefined;
      return run && join(model, run, RESUME_DIR, RESUME_STATE_FILE);
    };
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let gone = false;
    void exited.then(() => (gone = true));
    // Killed once its first checkpoint is there: the way a crash or a closed terminal leaves a run.
    while (!gone && !(stateFile() && existsSync(stateFile()!))) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(gone, false, 'the training ended before its first checkpoint');
    child.kill('SIGKILL');
    await exited;
    const killed = join(stateFile()!, '..', '..');
    const read = tryReadSummary(killed);
    assert.ok(read.ok && read.state === 'interrupted');
    const trained = JSON.parse(readFileSync(stateFile()!, 'utf8')).epoch as number;

    const { code, stdout, stderr } = rnn(['train', '--resume', killed, '--epochs', String(trained + 1), '--steps-per-epoch', '2']);
    assert.equal(code, 0, stderr);
    const child2 = savedIn(stdout);
    assert.deepEqual(readEvents(child2).flatMap((e) => (e.type === 'epoch' ? [e.epoch] : [])), [trained + 1]);
    assert.equal(readSummary(child2).status, 'completed');
  });
});
