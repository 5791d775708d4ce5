// Issue 13, finding 2 through the `rnn` command (the built bundle): a model
// too large to train is refused by check, summary and train with the figure,
// and `--memory-budget` raises the limit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { model } from '../helpers/diagnostic-cases';

const rnnBin = join(resolve(__dirname, '..', '..'), 'bin', 'rnn.js');
const dir = mkdtempSync(join(tmpdir(), 'rnn-budget-'));
const big = join(dir, 'big.rnn');
writeFileSync(big, model({ hidden: 'hidden { cell: lstm, units: [100000] }' }));
after(() => rmSync(dir, { recursive: true, force: true }));

function rnn(args: string[]) {
  const result = spawnSync(process.execPath, [rnnBin, '--lang', 'en', ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('rnn check: units [100000] is an error at the units with the figure, exit 1', () => {
  const { code, stdout } = rnn(['check', 'big.rnn']);
  assert.equal(code, 1, stdout);
  assert.match(stdout, /^big\.rnn:4:\d+: error: training this model needs about \d+(\.\d+)? GiB \(weights 149 GiB, .*above the memory budget of 2 GiB.* \[resource-budget\]$/m);
});

test('rnn check --memory-budget 4TiB: the same file is clean', () => {
  const { code, stdout, stderr } = rnn(['check', '--memory-budget', '4TiB', 'big.rnn']);
  assert.equal(code, 0, stdout + stderr);
  assert.doesNotMatch(stdout, /resource-budget/);
});

test('rnn summary prints the figure under the table; rnn train refuses the model before training', () => {
  const summary = rnn(['summary', 'big.rnn']);
  assert.match(summary.stdout, /Total params: 40,000,900,001\nTraining memory: about \d+(\.\d+)? GiB \(weights 149 GiB/);
  assert.equal(summary.code, 1);
  const runsDir = join(dir, 'runs');
  const trained = rnn(['train', '--runs-dir', runsDir, 'big.rnn']);
  assert.equal(trained.code, 1, trained.stdout + trained.stderr);
  assert.match(trained.stderr, /\[resource-budget\]/);
  assert.ok(!existsSync(runsDir) || readdirSync(runsDir).length === 0, 'no run was started');
});

test('a --memory-budget that is not a size is a usage error naming the option', () => {
  const { code, stderr } = rnn(['check', '--memory-budget', 'lots', 'big.rnn']);
  assert.equal(code, 2);
  assert.match(stderr, /--memory-budget must be a size such as 8GiB or 512MiB, got 'lots'/);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
});
