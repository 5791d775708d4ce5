// A run's preparation, before its first batch: the backend (shared by the
// process, see backend/process-backend.ts), the data windows, the backend's
// check against cpu, and the model with the run's own layer providers and
// dropout seeds. Each step records what it made in run.setup, so a run that
// fails part way still reports what it had.
import * as tf from '@tensorflow/tfjs-core';
import { processBackend, type BackendLease } from '../backend/process-backend';
import type { BackendPreference } from '../backend/select';
import type { StepProbe } from '../backend/verify';
import { buildModelWithInfo, recurrentLayerRequests, summarizeLayers } from '../compile/model';
import { isPortableProvider, portableLayerProviders, type RecurrentLayerProvider } from '../compile/providers';
import { fusedKernelProviders, fusedKernelsTakeEveryLayer } from '../kernels/provider';
import { kernelBuildRefusal } from '../kernels/load';
import { loadDataset } from '../data/load';
import { DataError, nodeFileSystem, type Dataset } from '../../language';
import { t, type ModelSpec } from '../../shared';
import { createRandom } from '../util/random';
import { FlatOptimizer } from './flat-optimizer';
import { batchTensors, windowIndices } from './batches';
import type { RunSetup } from './callbacks/callback';
import { forward } from './forward';
import { outputRoute, type OutputRoute } from './batch-loss';
import { lossFunction } from './losses';
import type { TrainOptions } from './options';
import type { RunState } from './run-context';

/** The backend for the run; the caller releases the lease when the run ends. */
export async function acquireBackend(run: RunState, options: TrainOptions): Promise<BackendLease> {
  const preference = options.backend ?? 'auto';
  const kernels = options.kernels ?? 'fused';
  // tfjs-node costs tens of microseconds per op: once the fused kernels run
  // every recurrent layer, the few ops left (output layer, loss, optimizer)
  // run faster on wasm (1.6-2.3x per epoch at 64 units, about even at 256:
  // docs/performance.md). Asked for explicitly, tensorflow is used.
  const build = kernels === 'native' || kernels === 'wasm' ? kernels : 'auto';
  const aroundFusedKernels =
    preference === 'auto' && kernels !== 'stock' && fusedKernelsTakeEveryLayer(recurrentLayerRequests(run.spec), build);
  const preferences: BackendPreference[] = aroundFusedKernels ? ['wasm', 'auto'] : [preference];
  const lease = await processBackend.acquire(preferences);
  const { choice } = lease;
  if (aroundFusedKernels && choice.name === 'wasm') {
    run.log('info', t('using the wasm backend around the fused kernels (faster than tfjs-node for the few other ops)'));
  }
  if (choice.reason) run.log('info', t('using the {0} backend ({1})', choice.name, choice.reason));
  run.setup.backend = choice.name;
  return lease;
}

export function loadRunData(run: RunState, options: TrainOptions): Dataset {
  const data = loadDataset(run.spec, run.seed, options.fs ?? nodeFileSystem);
  if (data.train.size === 0) {
    throw new DataError('data-unreadable', t('the data yields no training windows for timesteps {0}', data.timesteps), 'path');
  }
  if (data.streamed) {
    const { path, bytes, rows, blockRows, cacheBlocks } = data.streamed;
    run.log('info', t('data streamed from disk: {0} ({1} bytes, {2} rows), read in blocks of {3} rows with a cache of {4} blocks',
      path, bytes, rows, blockRows, cacheBlocks));
  }
  run.setup.data = data;
  if (data.classes) run.log('info', t('{0} classes, sorted as the output units are: {1}', data.classes.length, namesList(data.classes)));
  return data;
}

/** Says how a model with a softmax output layer runs it (nothing for other models). */
function logOutputRoute(run: RunState, route: OutputRoute): void {
  if (route.kernels) {
    run.log('info', route.atEveryStep
      ? t('the output layer at every step, its softmax and the loss run in one call of the {0} fused kernels', route.kernels.machineName)
      : t('the output layer after the last step, its softmax and the loss run in one call of the {0} fused kernels', route.kernels.machineName));
  } else if (route.reason) {
    run.log('info', route.atEveryStep ? t('the output layer at every step runs as tfjs ops: {0}', route.reason) : t('the output layer after the last step runs as tfjs ops: {0}', route.reason));
  }
}

/** Class names as a log line lists them: the first and last few of a long list. */
function namesList(names: string[]): string {
  const quoted = names.map((name) => JSON.stringify(name));
  return quoted.length > 12 ? [...quoted.slice(0, 6), '…', ...quoted.slice(-3)].join(', ') : quoted.join(', ');
}

/** Ends the backend's preparation: one step against cpu, unless the options turn it off. */
export async function checkBackend(run: RunState, options: TrainOptions, lease: BackendLease, data: Dataset): Promise<string> {
  const probe = options.verifyBackend === false ? undefined : stepProbe(run.spec, run.seed, data);
  const { choice, log } = await lease.verify(probe);
  if (log) run.log(log.level, log.message);
  run.setup.backend = choice.name;
  return choice.name;
}

/** One training step of the spec's portable model from scratch: its loss and gradients on the active backend. */
function stepProbe(spec: ModelSpec, seed: number, data: Dataset): StepProbe {
  const loss = lossFunction(spec.loss, data.targets);
  return () => {
    const { model } = buildModelWithInfo(spec, seed);
    try {
      return tf.tidy(() => {
        // A few windows suffice to expose a wrong kernel, and the cpu side of the probe is slow.
        const { x, y, mask } = batchTensors(data.train.batch(windowIndices(Math.min(spec.train.batch_size, 16, data.train.size))), data);
        const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const { value, grads } = tf.variableGrads(() => loss(y, forward(model, x, false, mask), mask), variables);
        return { loss: value.dataSync()[0], gradients: variables.map((v) => grads[v.name].dataSync() as Float32Array) };
      });
    } finally {
      model.dispose();
    }
  };
}

/** The run's model on the layer providers its options ask for; everything it allocates is in the returned setup. */
export function buildRunModel(run: RunState, options: TrainOptions, backend: string, data: Dataset): RunSetup {
  const { spec, seed } = run;
  const kernels = options.kernels ?? 'fused';
  const fused = kernels === 'stock' ? null : fusedKernelProviders(kernels === 'fused' ? 'auto' : kernels);
  if (!fused && (kernels === 'native' || kernels === 'wasm')) {
    const command = kernels === 'native' ? 'npm run setup:native' : 'npm run build:kernels';
    run.log('warning', t('the {0} fused kernels are not built here ({1}); using the stock layers', kernels, command));
  }
  // A native build that is there but refused (stale, broken) is worth saying: the run is slower for it.
  const nativeRefusal = kernels === 'fused' || kernels === 'native' ? kernelBuildRefusal('native') : undefined;
  if (nativeRefusal) run.log('warning', t('{0}; running without the native kernels', nativeRefusal));
  const providers: readonly RecurrentLayerProvider[] = fused ?? portableLayerProviders;
  // Dropout masks draw their seeds from a generator of the run's own.
  const random = { shuffle: createRandom(seed + 1), dropout: createRandom(seed) };
  const { model, providers: implementations } = buildModelWithInfo(spec, seed, { providers, dropoutSeeds: random.dropout.next });
  // Runs are saved as the stock/gated twin (same weights, same names), so a
  // saved model loads with tfjs-layers alone, fused kernels or not.
  const portableModel = implementations.every(isPortableProvider) ? undefined : buildModelWithInfo(spec, seed).model;
  logOutputRoute(run, outputRoute(model, lossFunction(spec.loss, data.targets)));
  const setup: RunSetup = {
    backend,
    data,
    model,
    portableModel,
    implementations,
    layers: summarizeLayers(portableModel ?? model),
    totalParams: model.countParams(),
    optimizer: new FlatOptimizer(spec.optimizer),
    order: windowIndices(data.train.size),
    random,
  };
  Object.assign(run.setup, setup);
  return setup;
}
