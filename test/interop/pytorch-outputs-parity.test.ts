// The modelling keys of the last round through the PyTorch export: a
// prediction at every step, a multi-step horizon, an embedding of token ids,
// padded sequences whose masked steps keep the state. The exported model
// with a run's weights predicts what the engine predicts on the validation
// windows, within 1e-4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainOptions } from '../../core/src/engine';
import type { ModelSpec } from '../../core/src/shared';
import { INTEROP_VENV, requirePython, run } from './python';
import { enginePredictions, exportTo, maxDifference, readJson, trainRun, workDir } from './export-helpers';
import { FORTUNES_TRAINING, OUTPUT_VARIANTS, fortunesOneEpoch, outputVariant } from './output-variants';

async function assertParity(name: string, python: string, path: string, spec: ModelSpec, training: Partial<TrainOptions> = {}): Promise<void> {
  const runDir = await trainRun(spec, training);
  const out = await exportTo(path, join(workDir, `export-${name}`), runDir);
  run(python, ['predict.py', '--weights', 'weights.safetensors', '--out', 'predictions.json'], out);
  const engine = await enginePredictions(runDir, spec, spec.train.seed!);
  assert.ok(engine.length >= 7, 'enough validation windows to compare');
  const difference = maxDifference(readJson(join(out, 'predictions.json')).predictions, engine);
  assert.ok(difference < 1e-4, `largest difference ${difference}`);
}

for (const name of Object.keys(OUTPUT_VARIANTS)) {
  test(`${name}: the exported PyTorch model with the run's weights gives the engine's validation predictions within 1e-4`, async (t) => {
    const python = requirePython(t, INTEROP_VENV, ['torch', 'safetensors', 'numpy']);
    if (!python) return;
    const { path, spec } = outputVariant(name);
    await assertParity(name, python, path, spec);
  });
}

test('Fortunes (sample): the exported embedding classifier of padded word sequences predicts what the engine predicts', async (t) => {
  const python = requirePython(t, INTEROP_VENV, ['torch', 'safetensors', 'numpy']);
  if (!python) return;
  const { path, spec } = fortunesOneEpoch(readFileSync('samples/fortunes.rnn', 'utf8'));
  await assertParity('Fortunes', python, path, spec, FORTUNES_TRAINING);
});
