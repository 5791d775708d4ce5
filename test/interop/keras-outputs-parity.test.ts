// The modelling keys of the last round through the Keras export: every-step
// outputs, horizons, embeddings and masked padded sequences predict what the
// engine predicts with the run's weights, within 1e-4; a masked text
// classifier trains with model.fit and writes its run.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listRuns, readEventLog } from '../../core/src/engine';
import type { ModelSpec } from '../../core/src/shared';
import { KERAS_ENV, KERAS_VENV, findPython, requirePython, run } from './python';
import { KERAS_PREDICT_ALL, enginePredictions, exportTo, maxDifference, readJson, trainRun, workDir } from './export-helpers';
import { FORTUNES_TRAINING, OUTPUT_VARIANTS, fortunesOneEpoch, outputVariant } from './output-variants';

const NAMES = [...Object.keys(OUTPUT_VARIANTS), 'Fortunes'];
const exported = new Map<string, { out: string; runDir: string; spec: ModelSpec }>();
let unavailable: string | undefined;

before(async () => {
  const found = findPython(KERAS_VENV, ['keras', 'safetensors']);
  if ('reason' in found) {
    unavailable = found.reason;
    return;
  }
  for (const name of NAMES) {
    const { path, spec } = name === 'Fortunes' ? fortunesOneEpoch(readFileSync('samples/fortunes.rnn', 'utf8'), 'Keras') : outputVariant(name, 'Keras');
    const runDir = await trainRun(spec, name === 'Fortunes' ? FORTUNES_TRAINING : {});
    exported.set(name, { out: await exportTo(path, join(workDir, `keras-${name}`), runDir, 'keras'), runDir, spec });
  }
  run(found.python, ['-c', KERAS_PREDICT_ALL, ...[...exported.values()].map((e) => e.out)], workDir, KERAS_ENV);
});

for (const name of NAMES) {
  test(`${name}: the Keras export with the run's weights gives the engine's validation predictions within 1e-4`, async (t) => {
    if (!requirePython(t, KERAS_VENV, ['keras', 'safetensors'], unavailable)) return;
    const { out, runDir, spec } = exported.get(name)!;
    const engine = await enginePredictions(runDir, spec, spec.train.seed!);
    assert.ok(engine.length >= 7, 'enough validation windows to compare');
    const difference = maxDifference(readJson(join(out, 'predictions.json')).predictions, engine);
    assert.ok(difference < 1e-4, `largest difference ${difference}`);
  });
}

test('a masked Keras text classifier with an embedding trains with model.fit and writes an RNN Studio run with its classes', async (t) => {
  const python = requirePython(t, KERAS_VENV, ['keras', 'safetensors'], unavailable);
  if (!python) return;
  const { out } = exported.get('MaskedLstmEmbedding')!;
  run(python, ['train.py', '--epochs', '2', '--runs-dir', 'runs-trained'], out, KERAS_ENV);
  const [trained] = listRuns(join(out, 'runs-trained'));
  assert.ok(trained.ok && trained.state === 'completed', 'train.py writes a run the run store reads');
  assert.deepEqual(trained.summary.classes, ['calm', 'loud']);
  const log = readEventLog(trained.runDir);
  assert.equal(log.skipped, 0, log.problem);
  assert.equal(log.events.filter((e) => e.type === 'epoch').length, 2);
});
