// The exported PyTorch model with a run's weights predicts what the engine
// predicts, for every kind of cell the schema allows (stock layers, gate
// variants, coupled gates, peepholes, stacking, bidirectional).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { INTEROP_VENV, requirePython, run } from './python';
import { PARITY_VARIANTS, enginePredictions, exportTo, maxDifference, modelText, readJson, specOf, trainRun, workDir } from './export-helpers';


for (const [name, hidden] of Object.entries(PARITY_VARIANTS)) {
  test(`${name}: the exported PyTorch model with the run's weights gives the engine's validation predictions within 1e-4`, async (t) => {
    const python = requirePython(t, INTEROP_VENV, ['torch', 'safetensors', 'numpy']);
    if (!python) return;
    const { path, spec } = specOf(workDir, `${name}.rnn`, modelText(name, hidden));
    const runDir = await trainRun(spec);
    const out = await exportTo(path, join(workDir, `export-${name}`), runDir);
    run(python, ['predict.py', '--weights', 'weights.safetensors', '--out', 'predictions.json'], out);
    const exported = readJson(join(out, 'predictions.json')).predictions as number[][];
    const engine = await enginePredictions(runDir, spec, 7);
    assert.ok(engine.length > 10, 'enough validation windows to compare');
    const difference = maxDifference(exported, engine);
    assert.ok(difference < 1e-4, `largest difference ${difference}`);
  });
}
