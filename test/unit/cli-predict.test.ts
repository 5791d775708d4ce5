// `rnn predict` end to end on the samples, each trained briefly here: the
// built bundle run as a child process, as a user runs it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../core/src/language';
import { readEvents, readSummary } from '../../core/src/run-store';

const root = resolve(__dirname, '..', '..');
const rnnBin = join(root, 'bin', 'rnn.js');
const runsDir = mkdtempSync(join(tmpdir(), 'rnn-predict-'));

function rnn(args: string[]) {
  const result = spawnSync(process.execPath, [rnnBin, ...args], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Trains a sample briefly and returns its run folder. */
function trainBriefly(sample: string, ...args: string[]): string {
  const { code, stdout, stderr } = rnn(['train', `samples/${sample}`, '--runs-dir', runsDir, '--epochs', '1', '--steps-per-epoch', '2', '--no-verify', ...args]);
  assert.equal(code, 0, stdout + stderr);
  const saved = /Run saved in (.+)$/m.exec(stdout);
  assert.ok(saved, stdout);
  return resolve(root, saved[1]);
}

function table(text: string) {
  const { header, rows } = parseCsv(text);
  return { header, rows: rows.map((row) => row.map((cell) => (cell === '' ? undefined : Number(cell)))) };
}

const airlineValues = parseCsv(readFileSync(join(root, 'samples/data/airline-passengers.csv'), 'utf8')).rows.map((r) => Number(r[1]));

describe('rnn predict', () => {
  let sineRun: string;
  let airlineRun: string;
  before(() => {
    sineRun = trainBriefly('sine.rnn');
    airlineRun = trainBriefly('airline.rnn');
  });

  it('an every-step model and a classifier: the prediction after the last step, as the run itself made it; classes by their names', () => {
    // The sine sample predicting at every step, from a copy beside it (its data is generated, so no path changes).
    const everyStepSpec = join(root, 'samples', `.sine-every-step-${process.pid}.rnn`);
    writeFileSync(everyStepSpec, readFileSync(join(root, 'samples/sine.rnn'), 'utf8').replace('activation: linear', 'activation: linear\n    at: every_step'));
    let everyStep: string;
    try {
      everyStep = trainBriefly(everyStepSpec.slice(join(root, 'samples').length + 1));
    } finally {
      rmSync(everyStepSpec, { force: true });
    }
    const series = rnn(['predict', everyStep]);
    assert.equal(series.code, 0, series.stderr);
    const { header, rows } = table(series.stdout);
    assert.deepEqual(header, ['window', 'target', 'predicted']);
    const end = readEvents(everyStep).find((e) => e.type === 'end');
    assert.ok(end?.type === 'end' && end.predictions);
    // The run's own predictions are its last-step ones against the value after each window.
    rows.forEach((row, i) => {
      assert.ok(Math.abs(row[1]! - end.predictions!.target[i]) < 1e-5, `target ${i}`);
      assert.ok(Math.abs(row[2]! - end.predictions!.predicted[i]) < 1e-4, `predicted ${i}: ${row[2]} vs ${end.predictions!.predicted[i]}`);
    });

    const classifierRun = trainBriefly('fortunes.rnn');
    const classified = rnn(['predict', classifierRun]);
    assert.equal(classified.code, 0, classified.stderr);
    const named = readSummary(classifierRun).classes!;
    const targets = parseCsv(classified.stdout).rows.map((row) => row[1]);
    assert.ok(targets.length > 0 && targets.every((c) => named.includes(c)), `targets are the class names ${named}: ${targets.slice(0, 5)}`);
  });

  it('predicts every validation window of the spec, as the run itself did', () => {
    const { code, stdout, stderr } = rnn(['predict', sineRun]);
    assert.equal(code, 0, stderr);
    const { header, rows } = table(stdout);
    assert.deepEqual(header, ['window', 'target', 'predicted']);
    const summary = readSummary(sineRun);
    assert.equal(rows.length, summary.data!.split.validation);
    assert.equal(rows[0][0], summary.data!.split.train + summary.data!.split.gap);
    // The run's end event holds its own predictions of the same windows (all of them: fewer than 500).
    const end = readEvents(sineRun).find((e) => e.type === 'end');
    assert.ok(end?.type === 'end' && end.predictions);
    rows.forEach((row, i) => {
      assert.ok(Math.abs(row[1]! - end.predictions!.target[i]) < 1e-5, `target ${i}`);
      assert.ok(Math.abs(row[2]! - end.predictions!.predicted[i]) < 1e-4, `predicted ${i}: ${row[2]} vs ${end.predictions!.predicted[i]}`);
    });
  });

  it('predicts on new data in its own units, and forecasts past its end from the same windows', () => {
    const data = 'samples/data/airline-passengers.csv';
    const whole = rnn(['predict', airlineRun, '--data', data]);
    assert.equal(whole.code, 0, whole.stderr);
    const { header, rows } = table(whole.stdout);
    assert.deepEqual(header, ['row', 'actual', 'predicted']);
    const timesteps = readSummary(airlineRun).data!.timesteps;
    assert.equal(rows.length, airlineValues.length - timesteps + 1);
    // Row r's actual value is the file's r-th value, in passengers, not normalised.
    rows.slice(0, -1).forEach((row) => assert.equal(row[1], airlineValues[row[0]! - 1]));
    assert.equal(rows.at(-1)![1], undefined, 'the last window predicts past the data');
    assert.ok(rows.every((row) => row[2]! > 20 && row[2]! < 2000), 'predictions in passengers');

    const out = join(runsDir, 'forecast.csv');
    const forecast = rnn(['predict', airlineRun, '--data', data, '--forecast', '4', '--out', out]);
    assert.equal(forecast.code, 0, forecast.stderr);
    const steps = table(readFileSync(out, 'utf8'));
    assert.deepEqual(steps.header, ['step', 'Passengers']);
    assert.deepEqual(steps.rows.map((r) => r[0]), [1, 2, 3, 4]);
    assert.ok(Math.abs(steps.rows[0][1]! - rows.at(-1)![2]!) < 1e-3, 'the first step is the last window\'s prediction');
    // Without --data it rolls the spec's own series from its end: the same file here.
    const fromSpec = table(rnn(['predict', airlineRun, '--forecast', '4']).stdout);
    fromSpec.rows.forEach((row, i) => assert.ok(Math.abs(row[1]! - steps.rows[i][1]!) < 1e-3, `step ${i + 1}`));
    // Each step feeds back the one before: step 2 is the prediction after the data plus step 1.
    const extended = join(runsDir, 'extended.csv');
    writeFileSync(extended, `${readFileSync(join(root, data), 'utf8').trimEnd()}\n1961-01,${steps.rows[0][1]}\n`);
    const next = table(rnn(['predict', airlineRun, '--data', extended]).stdout).rows.at(-1)!;
    assert.ok(Math.abs(next[2]! - steps.rows[1][1]!) < 1e-3, `${next[2]} vs ${steps.rows[1][1]}`);
  });

  it('says which column is missing when new data has other columns', () => {
    const file = join(runsDir, 'other.csv');
    writeFileSync(file, 'Month,Riders\n1949-01,112\n1949-02,118\n');
    const { code, stderr } = rnn(['predict', airlineRun, '--data', file]);
    assert.equal(code, 1);
    assert.match(stderr, /no column "Passengers"/);
    assert.match(stderr, new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });

  it('refuses a run without weights, a failed run, and a forecast of a text model, with the reason', () => {
    const noWeights = mkdtempSync(join(tmpdir(), 'rnn-predict-noweights-'));
    cpSync(sineRun, noWeights, { recursive: true });
    rmSync(join(noWeights, 'model.json'));
    let result = rnn(['predict', noWeights]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /saved no model/);

    const failed = mkdtempSync(join(tmpdir(), 'rnn-predict-failed-'));
    cpSync(sineRun, failed, { recursive: true });
    const summary = JSON.parse(readFileSync(join(failed, 'summary.json'), 'utf8'));
    writeFileSync(join(failed, 'summary.json'), JSON.stringify({ ...summary, status: 'failed', reason: 'the loss became NaN' }));
    result = rnn(['predict', failed]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /failed \(the loss became NaN\)/);
    assert.doesNotMatch(result.stderr, /at .*\.js:\d+/, 'no stack trace');
  });

  it('generates text from a text model: the prime, then --length characters, the same for the same seed', () => {
    const run = trainBriefly('shakespeare.rnn');
    const generate = () => rnn(['predict', run, '--length', '40', '--prime', 'ROMEO:', '--temperature', '0.8', '--seed', '3']);
    const first = generate();
    assert.equal(first.code, 0, first.stderr);
    const text = first.stdout.replace(/\n$/, '');
    assert.ok(text.startsWith('ROMEO:'), text);
    assert.equal(Array.from(text).length, 'ROMEO:'.length + 40);
    assert.equal(generate().stdout, first.stdout);
    const forecast = rnn(['predict', run, '--forecast', '3']);
    assert.equal(forecast.code, 1);
    assert.match(forecast.stderr, /--forecast needs a model that predicts the next row of a series/);
  });
});
