// `rnn export` and `rnn import` end to end through the built bundle: the
// project written, its usage errors, and weights out of a run and back in as
// another run (the Python side is test/interop's).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSafetensors } from '../../core/src/engine/interop/safetensors';
import { listRuns, readSummary } from '../../core/src/run-store';

const root = resolve(__dirname, '..', '..');
const rnnBin = join(root, 'bin', 'rnn.js');
const work = mkdtempSync(join(tmpdir(), 'rnn-cli-export-'));

function rnn(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [rnnBin, ...args], { cwd, encoding: 'utf8', timeout: 600_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const TINY = `model Tiny {
  data: sine(samples: 120, period: 12)
  input { timesteps: 6, features: 1 }
  hidden { cell: gru, units: [3], gates: [update] }
  output { units: 1, activation: linear }
  loss: mse
  optimizer: adam(lr: 0.01)
  train { epochs: 1, batch_size: 16, validation_split: 0.25, seed: 3 }
}
`;

describe('rnn export', () => {
  it('writes the project of the sine sample; a second export into the same folder keeps what else is there', () => {
    const out = join(work, 'sine');
    const first = rnn(['export', 'samples/sine.rnn', '--to', 'pytorch', '--out', out]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Exported SineForecast to .* \(pytorch\)/);
    for (const file of ['train.py', 'predict.py', 'rnn_model.py', 'rnn_data.py', 'rnn_runs.py', 'rnn_training.py', 'requirements.txt', 'README.md', 'model.rnn']) {
      assert.ok(existsSync(join(out, file)), file);
    }
    const spec = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'));
    assert.equal(spec.name, 'SineForecast');
    assert.deepEqual(spec.hidden.units, [64, 32]);
    mkdirSync(join(out, 'runs', 'SineForecast'), { recursive: true });
    assert.equal(rnn(['export', 'samples/sine.rnn', '--to', 'pytorch', '--out', out]).code, 0);
    assert.ok(existsSync(join(out, 'runs', 'SineForecast')));
  });

  it('copies a text folder whole; a sweep brings sweep.json, and an export without one removes an earlier sweep.json', () => {
    const out = join(work, 'fortunes');
    const fortunes = rnn(['export', 'samples/fortunes.rnn', '--to', 'keras', '--out', out]);
    assert.equal(fortunes.code, 0, fortunes.stderr);
    for (const name of ['fortunes', 'literature', 'riddles']) {
      assert.equal(readdirSync(join(out, 'data', 'fortunes', name)).length, readdirSync(join(root, 'samples', 'data', 'fortunes', name)).length, name);
    }
    const swept = join(work, 'swept');
    assert.equal(rnn(['export', 'samples/sweep.rnn', '--model', 'GateAblation', '--to', 'pytorch', '--out', swept]).code, 0);
    const trials = JSON.parse(readFileSync(join(swept, 'sweep.json'), 'utf8')).trials;
    assert.equal(trials.length, 8, '4 cases, 2 seeds each');
    assert.deepEqual(trials[1].params, { case: 'vanilla', 'train.seed': trials[1].spec.train.seed });
    const unswept = join(work, 'unswept.rnn');
    writeFileSync(unswept, readFileSync(join(root, 'samples', 'sweep.rnn'), 'utf8').replace(/sweep \{[^}]*\{\}[\s\S]*?repeat: 2\n  \}\n/, ''));
    const again = rnn(['export', unswept, '--model', 'GateAblation', '--to', 'pytorch', '--out', swept]);
    assert.equal(again.code, 0, again.stderr);
    assert.ok(!existsSync(join(swept, 'sweep.json')), 'the old trials would train instead of the spec');
  });

  it('says what is wrong with how it was called (exit 2) or with the file (exit 1)', () => {
    const noTarget = rnn(['export', 'samples/sine.rnn', '--out', join(work, 'x')]);
    assert.equal(noTarget.code, 2);
    assert.match(noTarget.stderr, /export needs --to \(pytorch/);
    const badTarget = rnn(['export', 'samples/sine.rnn', '--to', 'onnx', '--out', join(work, 'x')]);
    assert.equal(badTarget.code, 2);
    assert.match(badTarget.stderr, /--to must be one of pytorch/);
    assert.equal(rnn(['export', 'samples/sine.rnn', '--to', 'pytorch']).code, 2);
    const several = rnn(['export', 'samples/gates.rnn', '--to', 'pytorch', '--out', join(work, 'gates')]);
    assert.equal(several.code, 1);
    assert.match(several.stderr, /several models .*: choose one with --model/);
    const broken = join(work, 'broken.rnn');
    writeFileSync(broken, TINY.replace('cell: gru', 'cell: gruu'));
    const errors = rnn(['export', broken, '--to', 'pytorch', '--out', join(work, 'broken')]);
    assert.equal(errors.code, 1);
    assert.match(errors.stderr, /not exporting: 1 error to fix first/);
    assert.ok(!existsSync(join(work, 'broken')), 'nothing written for a spec with errors');
  });

  it("puts a run's weights beside the project, and rnn import makes a run of them that loads", () => {
    const spec = join(work, 'tiny.rnn');
    writeFileSync(spec, TINY);
    const runs = join(work, 'runs');
    assert.equal(rnn(['train', spec, '--runs-dir', runs, '--backend', 'cpu', '--no-verify']).code, 0);
    const [trained] = listRuns(runs);
    const out = join(work, 'tiny-export');
    const exported = rnn(['export', spec, '--to', 'pytorch', '--out', out, '--weights', trained.runDir]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /with the weights of .* \(epoch 1\) in weights\.safetensors/);
    const weights = decodeSafetensors(new Uint8Array(readFileSync(join(out, 'weights.safetensors'))));
    assert.deepEqual([...weights.tensors.keys()], ['hidden.0.forward.kernel', 'hidden.0.forward.recurrent_kernel', 'hidden.0.forward.bias', 'output.kernel', 'output.bias']);
    assert.deepEqual(weights.tensors.get('hidden.0.forward.kernel')!.shape, [1, 6], 'update and candidate blocks of 3 units');
    assert.equal(weights.metadata.model, 'Tiny');

    const imported = join(work, 'imported');
    const back = rnn(['import', join(out, 'weights.safetensors'), '--spec', spec, '--runs-dir', imported]);
    assert.equal(back.code, 0, back.stderr);
    const [run] = listRuns(imported);
    assert.ok(run.ok && run.state === 'completed');
    // Same weights, same data: the imported run's validation loss is the trained run's.
    const trainedLoss = readSummary(trained.runDir).final.val_loss;
    assert.ok(Math.abs(readSummary(run.runDir).final.val_loss - trainedLoss) <= 1e-6 * trainedLoss);
    // And the weights it saved are what the engine loads.
    assert.equal(rnn(['export', spec, '--to', 'pytorch', '--out', join(work, 'again'), '--weights', run.runDir]).code, 0);
    const again = decodeSafetensors(new Uint8Array(readFileSync(join(work, 'again', 'weights.safetensors'))));
    for (const [name, tensor] of weights.tensors) assert.deepEqual(again.tensors.get(name)!.values, tensor.values, name);
  });

  it('refuses a weights file that is not safetensors, or a run of another model', () => {
    const spec = join(work, 'tiny.rnn');
    writeFileSync(spec, TINY);
    const notWeights = join(work, 'notes.txt');
    writeFileSync(notWeights, 'hello');
    const refused = rnn(['import', notWeights, '--spec', spec, '--runs-dir', join(work, 'never')]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /notes\.txt: error: not a safetensors file/);
    assert.equal(rnn(['import', notWeights]).code, 2, 'no --spec');
    const wider = join(work, 'wider.rnn');
    writeFileSync(wider, TINY.replace('units: [3]', 'units: [4]'));
    const runs = join(work, 'runs');
    const [trained] = listRuns(runs).filter((r) => r.model === 'Tiny');
    const mismatch = rnn(['export', wider, '--to', 'pytorch', '--out', join(work, 'wider'), '--weights', trained.runDir]);
    assert.equal(mismatch.code, 1);
    assert.match(mismatch.stderr, /does not fit model Tiny of the spec: weight hidden\.0\.forward\.kernel has the shape \[1, 6\]; this model needs \[1, 8\]/);
  });
});
