// Weights across the engine's border, in safetensors: a run's trained model
// out (rnn export --weights), and weights trained elsewhere in as a run of
// their own (rnn import) that the panel lists and the engine's loadRun reads.
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { RunWriter, loadRun } from '../checkpoint';
import { buildModel, summarizeLayers } from '../compile/model';
import { loadDataset } from '../data/load';
import { nodeFileSystem } from '../../language';
import { writerIdentity } from '../../run-store';
import { t, type ModelSpec } from '../../shared';
import { taskMetric, lossFunction } from '../train/losses';
import { evaluate } from '../train/evaluate';
import { exchangeWeights, setExchangeWeights } from './exchange';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

/** The `format` metadata of the weights files RNN Studio writes and the exported projects save. */
export const WEIGHTS_FORMAT = 'rnn-studio-weights';

/**
 * The saved model of the run in `runDir` as a safetensors file by exchange
 * name; with `spec`, throws unless the weights fit its model. A backend must be active.
 */
export async function runWeightsFile(runDir: string, spec?: ModelSpec): Promise<{ bytes: Uint8Array; model: string; epoch?: number }> {
  const { model, summary } = await loadRun(runDir);
  try {
    if (spec) {
      const target = buildModel(spec, 0);
      try {
        setExchangeWeights(target, exchangeWeights(model));
      } catch (error) {
        throw new Error(t('the run does not fit model {0} of the spec: {1}', spec.name, (error as Error).message));
      } finally {
        target.dispose();
      }
    }
    const metadata: Record<string, string> = { format: WEIGHTS_FORMAT, layout: 'engine', model: summary.model };
    if (summary.weightsEpoch !== undefined) metadata.epoch = String(summary.weightsEpoch);
    return { bytes: encodeSafetensors(exchangeWeights(model), metadata), model: summary.model, epoch: summary.weightsEpoch };
  } finally {
    model.dispose();
  }
}

/**
 * A new run of `spec` under `runsDir` holding the weights of `weightsPath`
 * (model.json + weights.bin, the spec, a summary with the data it was checked
 * on and its validation loss); a backend must be active. Throws with the
 * reason when the file is not safetensors or does not fit the model.
 */
export async function importWeights(spec: ModelSpec, weightsPath: string, runsDir: string, seed = spec.train.seed ?? 0): Promise<{ runDir: string; final: Record<string, number> }> {
  const content = decodeSafetensors(new Uint8Array(readFileSync(weightsPath)));
  const model = buildModel(spec, seed);
  try {
    setExchangeWeights(model, content.tensors);
    const data = loadDataset(spec, seed, nodeFileSystem);
    const loss = lossFunction(spec.loss, data.targets);
    const metric = taskMetric(data.task, spec.loss, data.targets);
    const final: Record<string, number> = {};
    if (data.validation.size > 0) {
      const result = evaluate(model, data.validation, data, loss, metric, 256);
      final.val_loss = result.loss;
      final[`val_${metric.name}`] = result.metric;
    }
    const writer = RunWriter.create(runsDir, spec.name, spec.source);
    const started = Date.now();
    const layers = summarizeLayers(model);
    const backend = tf.getBackend();
    const origin = content.metadata.model ? `${basename(weightsPath)} (${content.metadata.model})` : basename(weightsPath);
    writer.appendEvent({
      type: 'start', model: spec.name, runDir: writer.dir, backend, seed, epochs: 0, stepsPerEpoch: 0,
      trainSamples: data.split.train, validationSamples: data.split.validation, task: data.task, metric: metric.name,
      layers, totalParams: model.countParams(), time: started,
    });
    writer.appendEvent({ type: 'log', level: 'info', message: t('weights imported from {0}', origin), time: Date.now() });
    await writer.saveModel(model);
    const reason = t('imported from {0}', origin);
    writer.appendEvent({ type: 'end', status: 'completed', reason, epochs: 0, seconds: 0, final, time: Date.now() });
    writer.writeSummary({
      model: spec.name, status: 'completed', reason, started: new Date(started).toISOString(), seconds: 0, epochs: 0, final, seed, backend,
      totalParams: model.countParams(), layers,
      data: { task: data.task, features: data.features, outputs: data.outputs, timesteps: data.timesteps, split: data.split, vocabulary: data.vocabulary },
      normalization: data.normalization, weightsEpoch: 0, ...writerIdentity(), heartbeat: new Date().toISOString(),
    });
    return { runDir: writer.dir, final };
  } finally {
    model.dispose();
  }
}
