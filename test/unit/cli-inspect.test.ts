// `rnn inspect`, through the built command, on run folders whose insight.jsonl
// the run store's writer wrote from stated formulas (test/helpers/saved-insight.ts):
// a plain rnn whose gradient decays by 0.9 a step (0.9^99 ≈ 3e-5 over 100
// steps: vanishing), an lstm that decays by 0.99 (0.99^99 ≈ 0.37: healthy),
// and the errors a user can meet.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EXPLODING_RATIO, INSIGHT_FILE, VANISHING_RATIO, type InsightLayer } from '../../core/src/shared';
import { saveRun } from '../helpers/saved-runs';
import { gateSaturationFormula, geometricNorms, LSTM_GATES, saveInsight, type InsightFixture } from '../helpers/saved-insight';

const root = resolve(__dirname, '..', '..');
const rnnBin = join(root, 'bin', 'rnn.js');

function rnn(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [rnnBin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const STEPS = 100;
const EPOCHS = 3;
const rnnLayer: InsightLayer = { layer: 0, direction: 'forward', cell: 'rnn', units: 4, gates: [] };
const lstmLayer: InsightLayer = { layer: 1, direction: 'forward', cell: 'lstm', units: 3, gates: LSTM_GATES };
/** Layer 0 (rnn) vanishes at every epoch, layer 1 (lstm) keeps most of its gradient. */
const fixture: InsightFixture = {
  layers: [rnnLayer, lstmLayer],
  steps: STEPS,
  epochs: EPOCHS,
  rate: (epoch, layer) => (layer.cell === 'rnn' ? 0.9 - 0.01 * epoch : 0.99),
  saturation: gateSaturationFormula,
};

function insightRun(): string {
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-cli-inspect-'));
  const runDir = saveRun(runsDir, { model: 'Adding', valLosses: [0.3, 0.2, 0.1] });
  saveInsight(runDir, fixture);
  return runDir;
}

describe('rnn inspect', () => {
  it('--json gives, per layer, the norms of every time step for every recorded epoch, the ratios, verdicts and saturation', () => {
    const runDir = insightRun();
    const { code, stdout, stderr } = rnn(['inspect', runDir, '--json']);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    assert.equal(report.model, 'Adding');
    assert.equal(report.steps, STEPS);
    assert.deepEqual(report.thresholds, { vanishing: VANISHING_RATIO, exploding: EXPLODING_RATIO });
    assert.equal(report.layers.length, 2);
    const [plain, lstm] = report.layers;
    assert.deepEqual(plain.epochs, [0, 1, 2, 3]);
    assert.equal(plain.gradientNormByTimestep.length, EPOCHS + 1);
    for (let epoch = 0; epoch <= EPOCHS; epoch++) {
      const expected = geometricNorms(fixture.rate(epoch, rnnLayer), STEPS);
      assert.equal(plain.gradientNormByTimestep[epoch].length, STEPS);
      assert.deepEqual(plain.gradientNormByTimestep[epoch], expected);
      assert.ok(Math.abs(plain.firstToLastRatio[epoch] / fixture.rate(epoch, rnnLayer) ** (STEPS - 1) - 1) < 1e-9);
    }
    assert.deepEqual(plain.verdicts, ['vanishing', 'vanishing', 'vanishing', 'vanishing']);
    assert.equal(plain.last.epoch, EPOCHS);
    assert.equal(plain.last.verdict, 'vanishing');
    assert.equal(lstm.cell, 'lstm');
    assert.equal(lstm.units, 3);
    assert.deepEqual(lstm.verdicts, ['healthy', 'healthy', 'healthy', 'healthy']);
    assert.deepEqual(lstm.gates, LSTM_GATES);
    assert.equal(lstm.saturation.length, EPOCHS + 1);
    assert.deepEqual(lstm.saturation[EPOCHS].gates[1], { gate: 'forget', ...gateSaturationFormula(EPOCHS, 'forget', 1) });
  });

  it('prints per layer the ratio at every epoch with its verdict, the saturation of each gate and advice on a vanishing layer', () => {
    const runDir = insightRun();
    const { code, stdout, stderr } = rnn(['inspect', runDir]);
    assert.equal(code, 0, stderr);
    const lines = stdout.split('\n');
    const rnnAt = lines.findIndex((line) => line === 'layer 1: rnn, 4 units');
    const lstmAt = lines.findIndex((line) => line === 'layer 2: lstm, 3 units');
    assert.ok(rnnAt > 0 && lstmAt > rnnAt, stdout);
    assert.match(lines[rnnAt + 1], /^\s+epoch\s+step 1 \/ step 100\s+verdict$/);
    const lastRatio = (fixture.rate(EPOCHS, rnnLayer) ** (STEPS - 1)).toExponential(1);
    assert.match(lines[rnnAt + 2 + EPOCHS], new RegExp(`^\\s+${EPOCHS}\\s+${lastRatio.replace('+', '\\+')}\\s+vanishing$`));
    assert.match(stdout, new RegExp(`after epoch ${EPOCHS}: vanishing \\(${lastRatio}\\): the early steps barely learn; try lstm or gru, or recurrent_init: identity with activation: relu \\(an IRNN\\)`));
    assert.match(lines[lstmAt + 1], /epoch\s+step 1 \/ step 100\s+verdict\s+input\s+forget\s+cell\s+output$/);
    const share = (x: number) => `${Math.round(x * 100)}%`;
    const forget = gateSaturationFormula(EPOCHS, 'forget', 1);
    const healthy = (0.99 ** (STEPS - 1)).toPrecision(2);
    assert.match(lines[lstmAt + 2 + EPOCHS], new RegExp(`^\\s+${EPOCHS}\\s+${healthy}\\s+healthy\\s+\\S+ / \\S+\\s+${share(forget.low)} / ${share(forget.high)}\\s`));
    assert.doesNotMatch(lines.slice(lstmAt).join('\n'), /after epoch/, 'a healthy layer gets no advice');
  });

  it('speaks Chinese with the locale', () => {
    const { code, stdout } = rnn(['inspect', insightRun()], { LANG: 'zh_CN.UTF-8' });
    assert.equal(code, 0);
    assert.match(stdout, /梯度消失/);
    assert.match(stdout, /^第 1 层：rnn，4 个单元$/m);
  });

  it('refuses a folder that is not a run, saying so, with exit code 1', () => {
    const folder = mkdtempSync(join(tmpdir(), 'rnn-cli-inspect-none-'));
    const { code, stdout, stderr } = rnn(['inspect', folder]);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /not a run folder: no summary\.json/);
    assert.doesNotMatch(stderr, /at .*\.js:\d+/, 'no stack trace');
    assert.match(rnn(['inspect', join(folder, 'missing')]).stderr, /no such folder/);
  });

  it('says how to turn insight on when a run recorded none', () => {
    const runDir = saveRun(mkdtempSync(join(tmpdir(), 'rnn-cli-inspect-')), { model: 'Adding' });
    const { code, stderr } = rnn(['inspect', runDir]);
    assert.equal(code, 1);
    assert.match(stderr, /recorded no insight: turn it on with `train \{ insight: true \}`/);
  });

  it('reports damaged lines it skipped and still prints what it read; a file of nothing but damage is an error', () => {
    const runDir = insightRun();
    const file = join(runDir, INSIGHT_FILE);
    const whole = readFileSync(file, 'utf8');
    appendFileSync(file, 'not json\n{"kind":"gradients","epoch":9,"lay');
    const { code, stdout, stderr } = rnn(['inspect', runDir, '--json']);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /note: skipped 2 damaged lines of insight\.jsonl \(insight\.jsonl line \d+: not valid JSON\)/);
    assert.equal(JSON.parse(stdout).skippedLines, 2);
    assert.deepEqual(JSON.parse(stdout).layers[0].epochs, [0, 1, 2, 3]);

    writeFileSync(file, `${'{'.repeat(3)}\n${whole.slice(0, 20)}\n`);
    const broken = rnn(['inspect', runDir]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /insight\.jsonl holds no readable record \(2 damaged lines; insight\.jsonl line 1: not valid JSON\)/);
  });

  it('is in rnn --help, and takes exactly one run folder', () => {
    assert.match(rnn(['--help']).stdout, /inspect <run>\s+What a saved run recorded/);
    const { code, stderr } = rnn(['inspect']);
    assert.equal(code, 2);
    assert.match(stderr, /inspect takes exactly one run folder/);
  });
});
