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

/** The tfjs predictions of the saved run on the validation windows, [windows][outputs]. */
export async function enginePredictions(runDir: string, spec: ModelSpec, seed: number): Promise<number[][]> {
  await selectBackend('cpu');
  const { model } = await loadRun(runDir);
  const data = loadDataset(spec, seed, nodeFileSystem);
  const batch = data.validation.batch(Array.from({ length: data.validation.size }, (_, i) => i));
  const values = tf.tidy(() => (model.predict(tf.tensor3d(batch.x, [batch.size, data.timesteps, data.features])) as tf.Tensor).arraySync() as number[][]);
  model.dispose();
  return values;
}

export const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** Largest absolute difference of two equally shaped nested arrays. */
export function maxDifference(a: number[][], b: number[][]): number {
  assert.equal(a.length, b.length, 'as many rows');
  let worst = 0;
  a.forEach((row, i) => {
    assert.equal(row.length, b[i].length, 'as many columns');
    row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i][j]))));
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
