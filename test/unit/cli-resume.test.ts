// `rnn train --resume` end to end: the built bundle, as a user runs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readEvents, readSummary } from '../../core/src/run-store';

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
});
