// `rnn runs`, `--json`, `compare` and `rm`, through the built command, on run
// folders written by the run store's writer.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { saveRun, SINE_SOURCE } from '../helpers/saved-runs';

const root = resolve(__dirname, '..', '..');
const rnnBin = join(root, 'bin', 'rnn.js');

function rnn(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [rnnBin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Two runs of Sine (lr 0.01 and 0.003), one of Other, and a folder that is not a run. */
function seededRuns() {
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-cli-runs-'));
  const first = saveRun(runsDir, { model: 'Sine', valLosses: [0.4, 0.2], source: SINE_SOURCE('Sine', 0.01, 8), backend: 'wasm' });
  const second = saveRun(runsDir, {
    model: 'Sine', valLosses: [0.3, 0.05], source: SINE_SOURCE('Sine', 0.003, 8), backend: 'cpu',
    sweep: { id: 'sweep-1', trial: 2, trials: 2, params: { 'optimizer.lr': 0.003 } },
  });
  const other = saveRun(runsDir, { model: 'Other', valLosses: [0.9], status: 'early_stopped' });
  mkdirSync(join(runsDir, 'Sine', 'not-a-run'));
  writeFileSync(join(runsDir, 'Sine', 'not-a-run', 'summary.json'), '{ "model": ');
  return { runsDir, first, second, other, id: (dir: string) => `${basename(dirname(dir))}/${basename(dir)}` };
}

describe('rnn runs', () => {
  it('lists every readable run with its status, backend and final metrics, and notes the folder it skipped', () => {
    const { runsDir, id, first, second, other } = seededRuns();
    const { code, stdout, stderr } = rnn(['runs', runsDir]);
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0], /^run\s+status\s+started\s+duration\s+backend\s+loss\s+val_loss\s+mae\s+val_mae$/);
    assert.equal(lines.length, 4);
    const line = (dir: string) => lines.find((l) => l.startsWith(`${id(dir)} `))!;
    assert.match(line(second), /completed .* cpu\s+0\.1000\s+0\.05000\s+0\.02500\s+0\.05000$/);
    assert.match(line(first), /completed .* wasm\s+0\.4000\s+0\.2000/);
    assert.match(line(other), /early_stopped/);
    assert.match(stderr, /note: skipped Sine\/not-a-run: summary\.json is not valid JSON/);
  });

  it('--json gives one object per run with the flattened spec values, final metrics and sweep', () => {
    const { runsDir, id, first, second } = seededRuns();
    const { code, stdout } = rnn(['runs', runsDir, '--json']);
    assert.equal(code, 0);
    const runs = JSON.parse(stdout) as Record<string, any>[];
    assert.equal(runs.length, 3);
    const trial = runs.find((r) => r.id === id(second))!;
    assert.equal(trial.model, 'Sine');
    assert.equal(trial.status, 'completed');
    assert.deepEqual(trial.final, { loss: 0.1, val_loss: 0.05, mae: 0.025, val_mae: 0.05 });
    assert.deepEqual(trial.sweep, { id: 'sweep-1', trial: 2, trials: 2, params: { 'optimizer.lr': 0.003 } });
    assert.equal(trial.spec['optimizer'], 'adam');
    assert.equal(trial.spec['optimizer.lr'], 0.003);
    assert.deepEqual(trial.spec['hidden.units'], [8]);
    assert.equal(trial.spec['train.batch_size'], 16);
    assert.equal(runs.find((r) => r.id === id(first))!.sweep, null);
  });

  it('--json takes a run\'s values from its resolved spec.json when it has one', () => {
    const { runsDir, first } = seededRuns();
    writeFileSync(join(first, 'spec.json'), JSON.stringify({ name: 'Sine', hidden: { cell: 'gru', units: [4] }, optimizer: { fn: 'sgd', args: { lr: 0.5 } } }));
    const runs = JSON.parse(rnn(['runs', runsDir, '--json']).stdout) as Record<string, any>[];
    const spec = runs.find((r) => r.runDir === first)!.spec;
    assert.deepEqual({ cell: spec['hidden.cell'], units: spec['hidden.units'], optimizer: spec.optimizer, lr: spec['optimizer.lr'] },
      { cell: 'gru', units: [4], optimizer: 'sgd', lr: 0.5 });
    // Keys of its blocks that the file lacks (added to the schema later) read as their defaults; absent blocks stay absent.
    assert.equal(spec['hidden.recurrent_init'], 'orthogonal');
    assert.equal(spec['optimizer.momentum'], 0);
    assert.ok(!Object.keys(spec).some((key) => key.startsWith('train.') || key.startsWith('data')));
  });

  it('compare prints only the spec values that differ, then the metrics', () => {
    const { runsDir, id, first, second } = seededRuns();
    const { code, stdout } = rnn(['runs', 'compare', id(first), id(second), '--runs-dir', runsDir]);
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0], new RegExp(`^\\s+${id(first)}\\s+${id(second)}$`));
    assert.match(lines[1], /^optimizer\.lr\s+0\.01\s+0\.003$/);
    assert.match(lines[2], /^loss\s+0\.4000\s+0\.1000$/);
    assert.ok(!stdout.includes('hidden.units'), 'equal values are left out');
  });

  it('compare names a run that does not exist', () => {
    const { runsDir, id, first } = seededRuns();
    const { code, stderr } = rnn(['runs', 'compare', id(first), 'Sine/1999-01-01T00-00-00', '--runs-dir', runsDir]);
    assert.equal(code, 1);
    assert.match(stderr, /no run 'Sine\/1999-01-01T00-00-00'/);
  });

  it('rm --trash-folder moves the run to <runs>/.trash, where the list no longer sees it', () => {
    const { runsDir, id, first } = seededRuns();
    const { code, stdout } = rnn(['runs', 'rm', id(first), '--runs-dir', runsDir, '--trash-folder']);
    assert.equal(code, 0);
    const kept = join(runsDir, '.trash', 'Sine', basename(first));
    assert.ok(existsSync(join(kept, 'summary.json')), 'the run is restorable from the trash folder');
    assert.ok(!existsSync(first));
    assert.match(stdout, /moved to .*\.trash/);
    assert.equal(JSON.parse(rnn(['runs', runsDir, '--json']).stdout).length, 2);
  });

  it('rm moves the run to the system trash (on Linux the freedesktop trash, under XDG_DATA_HOME)', { skip: process.platform !== 'linux' && 'the trash checked here is the freedesktop one' }, () => {
    const { runsDir, id, first } = seededRuns();
    const dataHome = mkdtempSync(join(tmpdir(), 'rnn-xdg-'));
    const { code, stdout, stderr } = rnn(['runs', 'rm', id(first), '--runs-dir', runsDir], { XDG_DATA_HOME: dataHome });
    assert.equal(code, 0, stderr);
    assert.ok(!existsSync(first));
    assert.match(stdout, /moved to the trash/);
    const [info] = readdirSync(join(dataHome, 'Trash', 'info'));
    assert.match(readFileSync(join(dataHome, 'Trash', 'info', info), 'utf8'), new RegExp(`^Path=${first}$`, 'm'), 'the trash knows where to restore it');
  });

  it('speaks Chinese with --lang zh-cn', () => {
    const { runsDir } = seededRuns();
    const { stdout } = rnn(['runs', runsDir, '--lang', 'zh-cn']);
    assert.match(stdout.split('\n')[0], /^运行/);
  });
});
