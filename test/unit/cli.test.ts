// The `rnn` command end to end: the built bundle run as a child process on the samples.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REPEATED_LOSS_FILE, repeatedLoss } from '../helpers/repeated-key-file';
import { checkText } from '../../core/src/language';

const root = resolve(__dirname, '..', '..');
const rnnBin = join(root, 'bin', 'rnn.js');

function rnn(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [rnnBin, ...args], { cwd, encoding: 'utf8', timeout: 600_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const sampleFiles = readdirSync(join(root, 'samples')).filter((f) => f.endsWith('.rnn'));
const DIAGNOSTIC_LINE = /^(.+):(\d+):(\d+): (error|warning|info): (.+) \[([a-z-]+)\]$/;

function runDirsOf(runsDir: string): string[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir).flatMap((model) => readdirSync(join(runsDir, model)).map((run) => join(runsDir, model, run)));
}

describe('rnn check', () => {
  it('finds no error in any sample', () => {
    const { code, stdout, stderr } = rnn(['check', ...sampleFiles.map((f) => `samples/${f}`)]);
    assert.equal(code, 0, stdout + stderr);
    for (const line of stdout.split('\n').filter(Boolean)) {
      const match = DIAGNOSTIC_LINE.exec(line);
      assert.ok(match, `not a diagnostic line: ${line}`);
      assert.notEqual(match[4], 'error', line);
    }
    assert.match(stderr, new RegExp(`${sampleFiles.length} files checked: 0 errors`));
  });

  it('warns about the plain rnn on 50 steps in gates.rnn, at its cell', () => {
    const { stdout } = rnn(['check', 'samples/gates.rnn']);
    const lines = stdout.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, stdout);
    const [, file, line, , severity, , code] = DIAGNOSTIC_LINE.exec(lines[0])!;
    assert.equal(file, 'samples/gates.rnn');
    assert.equal(severity, 'warning');
    assert.equal(code, 'long-sequence-rnn');
    const sourceLine = readFileSync(join(root, 'samples/gates.rnn'), 'utf8').split('\n')[Number(line) - 1];
    assert.match(sourceLine, /cell: rnn/);
  });

  it('reports every error of a broken file with its location and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-'));
    const file = join(dir, 'broken.rnn');
    writeFileSync(
      file,
      'model Broken {\n  data: sine(samples: 100)\n  input { timesteps: 10 }\n  hidden { cell: lstn, units: [8] }\n  loss: mse\n  optimizer: adam(lr: 0.01)\n  train { epochs: 0 }\n}\n',
    );
    const { code, stdout } = rnn(['check', file]);
    assert.equal(code, 1);
    const lines = stdout.split('\n').filter(Boolean).map((l) => DIAGNOSTIC_LINE.exec(l));
    assert.ok(lines.every(Boolean), stdout);
    const located = lines.map((m) => `${m![2]}:${m![3]} ${m![6]}`);
    assert.ok(located.includes('4:18 unknown-value'), stdout);
    assert.ok(located.includes('7:19 out-of-range'), stdout);
    assert.match(stdout, /did you mean `lstm`/);
  });

  it('prints where a repeated key was first given as a note line under the error (five models, the last repeating `loss:`)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rnn-cli-')), 'five.rnn');
    writeFileSync(file, REPEATED_LOSS_FILE);
    const { code, stdout } = rnn(['check', file]);
    assert.equal(code, 1);
    const { duplicate, first } = repeatedLoss(REPEATED_LOSS_FILE);
    assert.deepEqual(stdout.split('\n').filter(Boolean), [
      `${file}:${duplicate.line + 1}:${duplicate.character + 1}: error: \`loss\` is already given in model \`E\` [duplicate-key]`,
      `${file}:${first.line + 1}:${first.character + 1}: note: first given here`,
    ]);
  });

  it('says clearly when a file does not exist, without a stack trace', () => {
    const { code, stderr } = rnn(['check', 'samples/nope.rnn']);
    assert.equal(code, 1);
    assert.match(stderr, /samples\/nope\.rnn: error: cannot read the file: no such file/);
    assert.doesNotMatch(stderr, /at .*\.js:\d+/);
  });

  it('rejects an unknown command and bad options with exit code 2', () => {
    assert.equal(rnn(['frobnicate']).code, 2);
    const bad = rnn(['train', 'samples/sine.rnn', '--backend', 'gpu']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--backend must be one of auto, tensorflow, wasm, cpu/);
    assert.equal(rnn(['train', 'samples/sine.rnn', '--epochs', 'two']).code, 2);
  });
});

describe('rnn summary', () => {
  it('prints a layer table with shapes and a total', () => {
    const { code, stdout } = rnn(['summary', 'samples/sine.rnn']);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /Model: "SineForecast"/);
    assert.match(stdout, /lstm \(LSTM\)\s+\(batch, 50, 64\)\s+16,896/);
    assert.match(stdout, /lstm_1 \(LSTM\)\s+\(batch, 32\)\s+12,416/);
    assert.match(stdout, /dense \(Dense\)\s+\(batch, 1\)\s+33/);
    assert.match(stdout, /Total params: 29,345/);
  });

  it('shows a horizon model\'s dense layer with horizon × units outputs', () => {
    const { code, stdout } = rnn(['summary', 'samples/airline-forecast.rnn']);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /dense \(Dense\)\s+\(batch, 12\)\s+780/);
  });

  it('says which models a model extends and how many trials its sweep has', () => {
    const gates = rnn(['summary', 'samples/gates.rnn', '--model', 'AddingNoForget']);
    assert.equal(gates.code, 0, gates.stderr);
    assert.match(gates.stdout, /lstm \(LSTM\)\s+\(batch, 32\)\s+3,360/);
    assert.match(gates.stdout, /^Extends: AddingLSTM$/m);
    const sweep = rnn(['summary', 'samples/sweep.rnn']);
    assert.match(sweep.stdout, /Model: "GateAblation"[\s\S]*^Sweep: 8 trials$[\s\S]*Model: "RateSearch"[\s\S]*^Extends: GateAblation\nSweep: 6 trials$/m);
  });
});

describe('rnn train', () => {
  for (const sample of sampleFiles) {
    it(`trains every model of ${sample} for one epoch and saves the runs`, () => {
      const runsDir = mkdtempSync(join(tmpdir(), 'rnn-runs-'));
      const args = ['train', `samples/${sample}`, '--epochs', '1', '--runs-dir', runsDir];
      // One epoch of tiny Shakespeare is minutes on wasm; a few steps prove the path.
      if (sample === 'shakespeare.rnn') args.push('--steps-per-epoch', '3');
      const { code, stdout, stderr } = rnn(args);
      assert.equal(code, 0, stdout + stderr);
      // One run per model, and one per trial of a model's sweep.
      const path = join(root, 'samples', sample);
      const expected = checkText(readFileSync(path, 'utf8'), { path }).models.reduce((runs, model) => runs + (model.sweep?.count ?? 1), 0);
      const runs = runDirsOf(runsDir);
      assert.equal(runs.length, expected);
      for (const run of runs) {
        for (const file of ['model.json', 'weights.bin', 'metrics.jsonl', 'summary.json', 'model.rnn']) {
          assert.ok(existsSync(join(run, file)), `${run}/${file}`);
        }
        const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
        assert.equal(summary.status, 'completed');
      }
      assert.match(stdout, /Epoch 1\/1/);
      assert.match(stdout, /Run saved in /);
      if (sample === 'shakespeare.rnn') assert.match(stdout, /Sample:\nROMEO:/);
    });
  }

  it('says by how much the model beats its best baseline, or that it does not', () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'rnn-runs-'));
    const trained = rnn(['train', 'samples/airline-forecast.rnn', '--runs-dir', runsDir]);
    assert.equal(trained.code, 0, trained.stdout + trained.stderr);
    // The seasonal-naive forecast's RMSE over the validation windows depends on the data alone: 45.0 passengers.
    assert.match(trained.stdout, /The model beats the seasonal-naive forecast \(season 12\) by \d+\.\d%: validation RMSE \d+\.\d against 45\.0\n/);
    const untrained = rnn(['train', 'samples/airline-forecast.rnn', '--epochs', '1', '--runs-dir', runsDir]);
    assert.match(untrained.stdout, /The model does not beat the seasonal-naive forecast \(season 12\): validation RMSE [\d.]+ against 45\.0\n/);
  });

  it('refuses to train a spec with errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-'));
    const file = join(dir, 'bad.rnn');
    writeFileSync(file, 'model Bad {\n  data: sine()\n  input { timesteps: 10 }\n  hidden { units: [4] }\n  loss: mse\n  optimizer: adamm\n}\n');
    const { code, stderr } = rnn(['train', file, '--runs-dir', join(dir, 'runs')]);
    assert.equal(code, 1);
    assert.match(stderr, /not training: 1 error to fix first/);
    assert.equal(runDirsOf(join(dir, 'runs')).length, 0);
  });

  it('stops cleanly on Ctrl-C and keeps the partial run', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'rnn-runs-'));
    const child = spawn(process.execPath, [rnnBin, 'train', 'samples/airline.rnn', '--runs-dir', runsDir, '--backend', 'cpu'], { cwd: root });
    let stdout = '';
    let interrupted = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (!interrupted && /Epoch\s+2\/60/.test(stdout)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    assert.equal(code, 130, stdout);
    assert.match(stdout, /Cancelled: AirlinePassengers, \d+ epochs? in .* cancelled during epoch \d+/);
    const [run] = runDirsOf(runsDir);
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    assert.equal(summary.status, 'cancelled');
    assert.ok(existsSync(join(run, 'weights.bin')));
  });
});
