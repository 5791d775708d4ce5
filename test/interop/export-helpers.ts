// Specs written to a folder, checked, trained by the engine and exported, for
// the interop tests: what a user does with `rnn train` and `rnn export`.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { buildModel, encodeSafetensors, exchangeWeights, loadDataset, loadRun, nodeFileSystem, selectBackend, train, type TrainOptions } from '../../core/src/engine';
import { checkText } from '../../core/src/language';
import type { BatchEvent, EpochEvent, ModelSpec, TrainEvent } from '../../core/src/shared';
import { batchTensors } from '../../core/src/engine/train/batches';
import { forward } from '../../core/src/engine/train/forward';
import { runExport } from '../../cli/src/commands/export';

export const workDir = mkdtempSync(join(tmpdir(), 'rnn-interop-'));

/** The hidden blocks of the prediction parity tests: every cell, gate subsets, coupled gates, peepholes, activations, stacking, bidirectional. */
export const PARITY_VARIANTS: Record<string, string> = {
  Rnn: 'cell: rnn, units: [5]',
  Gru: 'cell: gru, units: [5]',
  Lstm: 'cell: lstm, units: [5]',
  LstmPeepholes: 'cell: lstm, units: [5], gates: [forget, output], peepholes: true',
  LstmCoupled: 'cell: lstm, units: [4], coupled: true, peepholes: true, gate_activation: hard_sigmoid',
  GruUpdateOnly: 'cell: gru, units: [4], gates: [update], activation: relu',
  RnnSigmoid: 'cell: rnn, units: [4], activation: sigmoid',
  StackedBidirectional: 'cell: lstm, units: [5, 3], bidirectional: true',
  StackedGru: 'cell: gru, units: [4, 3], dropout: 0.1, recurrent_dropout: 0.1',
};

/** One model block on small sine data; `members` replaces or adds lines. */
export function modelText(name: string, hidden: string, members: Record<string, string> = {}): string {
  const lines: Record<string, string> = {
    data: 'sine(samples: 240, period: 20, noise: 0.05)',
    input: '{ timesteps: 8, features: 1 }',
    hidden: `{ ${hidden} }`,
    output: '{ units: 1, activation: linear }',
    loss: 'mse',
    optimizer: 'adam(lr: 0.01, clipnorm: 1.0)',
    train: '{ epochs: 1, batch_size: 16, validation_split: 0.25, seed: 7 }',
    ...members,
  };
  const body = Object.entries(lines).map(([key, value]) => (value.startsWith('{') ? `  ${key} ${value}` : `  ${key}: ${value}`));
  return `model ${name} {\n${body.join('\n')}\n}\n`;
}

/** The checked spec of the one model in `text`, written as `<dir>/<file>`. */
export function specOf(dir: string, file: string, text: string): { path: string; spec: ModelSpec } {
  const path = join(dir, file);
  writeFileSync(path, text);
  const result = checkText(text, { path });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], `${file} does not check`);
  assert.equal(result.models.length, 1);
  return { path, spec: result.models[0].spec! };
}

/** Trains with the engine (cpu) and returns the run folder. */
export async function trainRun(spec: ModelSpec, options: Partial<TrainOptions> = {}): Promise<string> {
  const result = await train(spec, { runsDir: join(workDir, 'runs'), backend: 'cpu', verifyBackend: false, ...options });
  assert.notEqual(result.status, 'failed', result.reason);
  return result.runDir;
}

/** `rnn export <path> --to <to> --out <out> [--weights run]`; returns the export folder. */
export async function exportTo(path: string, out: string, weights?: string, to: 'pytorch' | 'keras' = 'pytorch'): Promise<string> {
  const code = await runExport([path], { to, out, weights });
  assert.equal(code, 0, `rnn export ${path} exited ${code}`);
  return out;
}

/**
 * The tfjs predictions of the saved run on the validation windows, one row of every output per window
 * ([windows][outputs], or [windows][timesteps × outputs] at every step): the engine's own forward pass, with the
 * step masks of padded sequences and token ids for an embedding.
 */
export async function enginePredictions(runDir: string, spec: ModelSpec, seed: number): Promise<number[][]> {
  await selectBackend('cpu');
  const { model } = await loadRun(runDir);
  const data = loadDataset(spec, seed, nodeFileSystem);
  const batch = data.validation.batch(Array.from({ length: data.validation.size }, (_, i) => i));
  const values = tf.tidy(() => {
    const { x, mask } = batchTensors(batch, data);
    const predicted = forward(model, x, false, mask);
    return tf.reshape(predicted, [batch.size, -1]).arraySync() as number[][];
  });
  model.dispose();
  return values;
}

export const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** Largest absolute difference of two nested arrays with as many rows, each row compared flat (a window's every output). */
export function maxDifference(a: unknown[][], b: unknown[][]): number {
  assert.equal(a.length, b.length, 'as many rows');
  let worst = 0;
  a.forEach((row, i) => {
    const mine = row.flat(Infinity) as number[];
    const theirs = b[i].flat(Infinity) as number[];
    assert.equal(mine.length, theirs.length, 'as many values a row');
    mine.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - theirs[j]))));
  });
  return worst;
}

/** The engine's initial weights for `spec` and `seed`, as the exchange file the export's --weights reads. */
export async function writeInitialWeights(spec: ModelSpec, seed: number, path: string): Promise<void> {
  await selectBackend('cpu');
  const model = buildModel(spec, seed);
  writeFileSync(path, encodeSafetensors(exchangeWeights(model)));
  model.dispose();
}

export function lossesOf(events: TrainEvent[]): { batches: number[]; epochs: EpochEvent[] } {
  return {
    batches: events.filter((e): e is BatchEvent => e.type === 'batch').map((e) => e.loss),
    epochs: events.filter((e): e is EpochEvent => e.type === 'epoch'),
  };
}

/**
 * Python that writes predictions.json in each Keras export folder it is given (the folder's weights.safetensors,
 * validation windows): TensorFlow takes long to import, so one process predicts for every exported variant.
 */
export const KERAS_PREDICT_ALL = `
import json, os, sys
folders = sys.argv[1:]
sys.path.insert(0, folders[0])
from keras_model import build_model, load_engine_weights, model_inputs
from rnn_data import load_dataset
for folder in folders:
    spec = json.load(open(os.path.join(folder, "spec.json")))
    data = load_dataset(spec, spec["train"]["seed"], folder)
    model = build_model(spec)
    load_engine_weights(model, spec, os.path.join(folder, "weights.safetensors"))
    predicted = model.predict(model_inputs(spec, data, "validation"), batch_size=256, verbose=0)
    json.dump({"predictions": predicted.tolist()}, open(os.path.join(folder, "predictions.json"), "w"))
`;
