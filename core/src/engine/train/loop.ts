// The training loop: a custom loop rather than model.fit, because tfjs
// optimizers cannot clip gradients and fit cannot be cancelled between
// batches. Per batch it syncs exactly one small tensor (loss and metric).
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { BackendError, selectBackend, type BackendChoice } from '../backend/select';
import { verifyBackend, type StepProbe } from '../backend/verify';
import { buildModel, buildModelWithInfo, recurrentLayerRequests, summarizeLayers } from '../compile/model';
import { isPortableProvider } from '../compile/providers';
import { fusedKernelsTakeEveryLayer, useFusedKernels } from '../kernels/provider';
import { loadDataset } from '../data/load';
import { denormalize } from '../data/normalize';
import { nodeFileSystem } from '../../language';
import { DataError, type Batch, type Dataset, type WindowSource } from '../../language';
import type { RunSummary } from '../../run-store';
import { RunWriter } from '../checkpoint';
import type { ModelSpec } from '../../shared';
import { createRandom, drawSeed, installSeededMathRandom, shuffleInPlace, type Random } from '../util/random';
import { clipGradients } from './clip';
import { forward } from './forward';
import { generateText } from './generate';
import { lossFunction, taskMetric, type LossFunction, type Metric } from './losses';
import { makeOptimizer } from './optimizers';
import type { RunResult, TrainOptions } from './options';
import type { EndEvent, RunStatus, TrainErrorCode, TrainEvent } from '../../shared';

/** At most this many validation points go into the end event's predictions. */
const MAX_PREDICTION_POINTS = 500;

/** The run ends early for a reason that is not a crash. */
class StopRun extends Error {
  constructor(
    readonly status: RunStatus,
    readonly reason: string,
    readonly code?: TrainErrorCode,
  ) {
    super(reason);
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function batchTensors(batch: Batch, data: Dataset): { x: tf.Tensor3D; y: tf.Tensor } {
  const x = tf.tensor3d(batch.x, [batch.size, data.timesteps, data.features]);
  const y = data.targets === 'sparse' ? tf.tensor1d(batch.y) : tf.tensor2d(batch.y, [batch.size, data.outputs]);
  return { x, y };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Loss and metric over a whole window set, in batches, without dropout. */
function evaluate(model: LayersModel, source: WindowSource, data: Dataset, loss: LossFunction, metric: Metric, batchSize: number) {
  let lossSum = 0;
  let metricSum = 0;
  for (let start = 0; start < source.size; start += batchSize) {
    const indices = range(Math.min(batchSize, source.size - start)).map((i) => i + start);
    const values = tf.tidy(() => {
      const { x, y } = batchTensors(source.batch(indices), data);
      const predicted = forward(model, x, false);
      return tf.stack([loss(y, predicted), metric.compute(y, predicted)]).dataSync();
    });
    lossSum += values[0] * indices.length;
    metricSum += values[1] * indices.length;
  }
  return { loss: lossSum / source.size, metric: metricSum / source.size };
}

/** The first `count` windows of a source. */
function limitWindows(source: WindowSource, count: number): WindowSource {
  return count >= source.size ? source : { size: count, batch: (indices) => source.batch(indices) };
}

/** Predict-the-mean MSE of the training targets: the line a model must beat. */
function targetVariance(data: Dataset): number | undefined {
  if (data.targets !== 'dense' || data.train.size === 0) return undefined;
  const { y } = data.train.batch(range(data.train.size));
  let variance = 0;
  for (let o = 0; o < data.outputs; o++) {
    let sum = 0;
    let squares = 0;
    const n = data.train.size;
    for (let i = 0; i < n; i++) {
      const v = y[i * data.outputs + o];
      sum += v;
      squares += v * v;
    }
    variance += squares / n - (sum / n) ** 2;
  }
  return variance / data.outputs;
}

function nanMessage(spec: ModelSpec, epoch: number, batch: number, value: number): string {
  const { fn, args } = spec.optimizer;
  const clip = args.clipnorm === undefined && args.clipvalue === undefined
    ? `, or add gradient clipping, e.g. ${fn}(lr: ${args.lr}, clipnorm: 1.0)`
    : '';
  return (
    `the loss became ${Number.isNaN(value) ? 'NaN' : value} at epoch ${epoch}, batch ${batch}: ` +
    `the learning rate (lr: ${args.lr}) is probably too high or the gradients exploded. ` +
    `Lower the learning rate${clip}; check the data for huge values or normalize it.`
  );
}

class TrainingRun {
  private readonly started = Date.now();
  private readonly writer: RunWriter;
  private readonly seed: number;
  private readonly epochs: number;
  private readonly summary: RunSummary;
  private model?: LayersModel;
  /** The model as it is saved, when `model` uses layers only this process can load (fused kernels). */
  private portableModel?: LayersModel;
  /** Provider id of each recurrent layer, first to last (e.g. fused-native). */
  private layerImplementations: string[] = [];
  private optimizer?: tf.Optimizer;
  private data?: Dataset;
  private bestWeights?: tf.Tensor[];
  private bestEpoch = 0;
  private epochsRun = 0;
  private final: Record<string, number> = {};
  private backend?: BackendChoice;

  constructor(
    private readonly spec: ModelSpec,
    private readonly options: TrainOptions,
  ) {
    this.seed = options.seed ?? spec.train.seed ?? drawSeed();
    this.epochs = options.epochs ?? spec.train.epochs;
    this.writer = RunWriter.create(options.runsDir, spec.name, spec.source);
    this.summary = {
      model: spec.name,
      status: 'running',
      started: new Date(this.started).toISOString(),
      seconds: 0,
      epochs: 0,
      final: {},
      seed: this.seed,
    };
    this.writer.writeSummary(this.summary);
  }

  private emit(event: TrainEvent): void {
    // Absent optional fields are left out rather than set to undefined, so a replay from metrics.jsonl is identical.
    for (const key of Object.keys(event) as (keyof TrainEvent)[]) if (event[key] === undefined) delete event[key];
    this.writer.appendEvent(event);
    this.options.onEvent?.(event);
  }

  private log(level: 'info' | 'warning', message: string): void {
    this.emit({ type: 'log', level, message, time: Date.now() });
  }

  private elapsed(): number {
    return (Date.now() - this.started) / 1000;
  }

  async run(): Promise<RunResult> {
    let status: RunStatus = 'completed';
    let reason: string | undefined;
    let end: Partial<EndEvent> = {};
    let restoreRandom: (() => void) | undefined;
    try {
      await this.prepareBackend();
      this.data = this.loadData();
      await this.verify();
      // Dropout masks draw their seeds from Math.random: seed it for the run (restored below).
      restoreRandom = installSeededMathRandom(this.seed);
      this.buildModel();
      ({ status, reason } = await this.trainEpochs());
      end = this.finishOutputs();
    } catch (error) {
      status = error instanceof StopRun ? error.status : 'failed';
      reason = error instanceof Error ? error.message : String(error);
      const code = error instanceof StopRun ? error.code : error instanceof DataError ? 'data' : error instanceof BackendError ? 'backend' : 'internal';
      if (status === 'failed') this.emit({ type: 'error', message: reason, code: code ?? 'internal', time: Date.now() });
    } finally {
      restoreRandom?.();
    }
    await this.saveFinal(status);
    const seconds = this.elapsed();
    this.emit({ type: 'end', status, reason, epochs: this.epochsRun, seconds, final: this.final, ...end, time: Date.now() });
    this.writeSummary(status, reason);
    this.dispose();
    return {
      status,
      reason,
      runDir: this.writer.dir,
      epochs: this.epochsRun,
      seconds,
      final: this.final,
      backend: this.backend?.name,
      seed: this.seed,
      ...end,
    };
  }

  private async prepareBackend(): Promise<void> {
    const preference = this.options.backend ?? 'auto';
    const kernels = this.options.kernels ?? 'fused';
    // tfjs-node costs tens of microseconds per op: once the fused kernels run
    // every recurrent layer, the few ops left (output layer, loss, optimizer)
    // run faster on wasm (1.6-2.3x per epoch at 64 units, about even at 256:
    // docs/performance.md). Asked for explicitly, tensorflow is used.
    const build = kernels === 'native' || kernels === 'wasm' ? kernels : 'auto';
    if (preference === 'auto' && kernels !== 'stock' && fusedKernelsTakeEveryLayer(recurrentLayerRequests(this.spec), build)) {
      this.backend = await selectBackend('wasm').catch(() => selectBackend('auto'));
      if (this.backend.name === 'wasm') this.log('info', 'using the wasm backend around the fused kernels (faster than tfjs-node for the few other ops)');
    } else {
      this.backend = await selectBackend(preference);
    }
    if (this.backend.reason) this.log('info', `using the ${this.backend.name} backend (${this.backend.reason})`);
    this.summary.backend = this.backend.name;
  }

  private loadData(): Dataset {
    const data = loadDataset(this.spec, this.seed, this.options.fs ?? nodeFileSystem);
    if (data.train.size === 0) {
      throw new DataError('data-unreadable', `the data yields no training windows for timesteps ${data.timesteps}`, 'path');
    }
    this.summary.data = {
      task: data.task,
      features: data.features,
      outputs: data.outputs,
      timesteps: data.timesteps,
      split: data.split,
      vocabulary: data.vocabulary,
    };
    this.summary.normalization = data.normalization;
    return data;
  }

  /** One step on the chosen backend against the cpu backend; on a mismatch, train on cpu. */
  private async verify(): Promise<void> {
    const backend = this.backend!;
    if (backend.name === 'cpu' || this.options.verifyBackend === false) return;
    const data = this.data!;
    const loss = lossFunction(this.spec.loss, data.targets);
    const probe: StepProbe = () => {
      const { model } = buildModelWithInfo(this.spec, this.seed);
      try {
        return tf.tidy(() => {
          // A few windows suffice to expose a wrong kernel, and the cpu side of the probe is slow.
          const { x, y } = batchTensors(data.train.batch(range(Math.min(this.spec.train.batch_size, 16, data.train.size))), data);
          const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
          const { value, grads } = tf.variableGrads(() => loss(y, forward(model, x, false)), variables);
          return { loss: value.dataSync()[0], gradients: variables.map((v) => grads[v.name].dataSync() as Float32Array) };
        });
      } finally {
        model.dispose();
      }
    };
    const result = await verifyBackend(backend.name, probe);
    if (result.ok) {
      this.log('info', result.message);
      return;
    }
    this.log('warning', `${result.message}; training on the cpu backend instead`);
    this.backend = await selectBackend('cpu');
    this.summary.backend = this.backend.name;
  }

  private buildModel(): void {
    // The fused kernels take every layer they can run; they are registered only
    // while this model is built, so nothing global outlives the call.
    const kernels = this.options.kernels ?? 'fused';
    const removeFused = kernels === 'stock' ? null : useFusedKernels(kernels === 'fused' ? 'auto' : kernels);
    if (!removeFused && (kernels === 'native' || kernels === 'wasm')) {
      this.log('warning', `the ${kernels} fused kernels are not built here (${kernels === 'native' ? 'npm run setup:native' : 'npm run build:kernels'}); using the stock layers`);
    }
    let built: ReturnType<typeof buildModelWithInfo>;
    try {
      built = buildModelWithInfo(this.spec, this.seed);
    } finally {
      removeFused?.();
    }
    const { model, providers } = built;
    this.model = model;
    // Runs are saved as the stock/gated twin (same weights, same names), so a
    // saved model loads with tfjs-layers alone, fused kernels or not.
    if (!providers.every(isPortableProvider)) this.portableModel = buildModel(this.spec, this.seed, { portable: true });
    this.optimizer = makeOptimizer(this.spec.optimizer);
    this.summary.layers = summarizeLayers(this.portableModel ?? model);
    this.summary.totalParams = model.countParams();
    this.layerImplementations = providers;
  }

  private async trainEpochs(): Promise<{ status: RunStatus; reason?: string }> {
    const { spec, model, optimizer } = this;
    const data = this.data!;
    const batchSize = spec.train.batch_size;
    const loss = lossFunction(spec.loss, data.targets);
    const metric = taskMetric(data.task, spec.loss, data.targets);
    const batchesInData = Math.ceil(data.train.size / batchSize);
    const stepsPerEpoch = Math.min(batchesInData, this.options.stepsPerEpoch ?? Infinity);
    const shuffleRandom: Random = createRandom(this.seed + 1);
    const variables = model!.trainableWeights.map((w) => w.read() as tf.Variable);
    const clip = { clipnorm: spec.optimizer.args.clipnorm, clipvalue: spec.optimizer.args.clipvalue };
    const hasValidation = data.validation.size > 0;
    const patience = spec.train.early_stopping;
    let best = Infinity;
    let sinceBest = 0;
    let step = 0;

    this.emit({
      type: 'start',
      model: spec.name,
      runDir: this.writer.dir,
      backend: this.backend!.name,
      seed: this.seed,
      epochs: this.epochs,
      stepsPerEpoch,
      trainSamples: data.train.size,
      validationSamples: data.validation.size,
      task: data.task,
      metric: metric.name,
      layers: this.summary.layers!,
      implementations: this.layerImplementations,
      totalParams: this.summary.totalParams!,
      baselineLoss: spec.loss === 'mse' ? targetVariance(data) : undefined,
      time: Date.now(),
    });
    this.writer.writeSummary(this.summary);

    const order = range(data.train.size);
    for (let epoch = 1; epoch <= this.epochs; epoch++) {
      const epochStart = Date.now();
      if (spec.train.shuffle) shuffleInPlace(order, shuffleRandom);
      let lossSum = 0;
      let metricSum = 0;
      let seen = 0;
      for (let b = 0; b < stepsPerEpoch; b++) {
        // Yield every batch so that an abort (or any other message) can arrive.
        await yieldToEventLoop();
        if (this.options.signal?.aborted) throw new StopRun('cancelled', `cancelled during epoch ${epoch}, after ${b} of ${stepsPerEpoch} batches`);
        const indices = order.slice(b * batchSize, (b + 1) * batchSize);
        const values = tf.tidy(() => {
          const { x, y } = batchTensors(data.train.batch(indices), data);
          let metricValue: tf.Scalar | undefined;
          const { value, grads } = tf.variableGrads(() => {
            const predicted = forward(model!, x, true);
            metricValue = tf.keep(metric.compute(y, predicted));
            return loss(y, predicted);
          }, variables);
          optimizer!.applyGradients(clipGradients(grads, clip));
          const both = tf.stack([value, metricValue!]);
          metricValue!.dispose();
          return both.dataSync();
        });
        step++;
        if (!Number.isFinite(values[0])) {
          throw new StopRun('failed', nanMessage(spec, epoch, b + 1, values[0]), 'nan-loss');
        }
        lossSum += values[0] * indices.length;
        metricSum += values[1] * indices.length;
        seen += indices.length;
        this.emit({ type: 'batch', epoch, batch: b + 1, step, loss: values[0], time: Date.now() });
      }

      const metrics: Record<string, number> = { [metric.name]: metricSum / seen };
      const epochLoss = lossSum / seen;
      let valLoss: number | undefined;
      if (hasValidation) {
        // A quick try (stepsPerEpoch) also validates on a matching slice, not on the whole validation part.
        const validationSource = this.options.stepsPerEpoch ? limitWindows(data.validation, stepsPerEpoch * batchSize) : data.validation;
        const validation = evaluate(model!, validationSource, data, loss, metric, Math.max(batchSize, 256));
        valLoss = validation.loss;
        metrics[`val_${metric.name}`] = validation.metric;
      }
      this.epochsRun = epoch;
      this.final = { loss: epochLoss, ...(valLoss !== undefined ? { val_loss: valLoss } : {}), ...metrics };
      const seconds = (Date.now() - epochStart) / 1000;
      const eta = (this.elapsed() / epoch) * (this.epochs - epoch);
      this.emit({ type: 'epoch', epoch, step, loss: epochLoss, val_loss: valLoss, metrics, seconds, eta, time: Date.now() });

      const monitored = valLoss ?? epochLoss;
      if (monitored < best) {
        best = monitored;
        sinceBest = 0;
        this.bestEpoch = epoch;
        if (patience > 0) this.keepBestWeights();
      } else {
        sinceBest++;
      }
      // A checkpoint every epoch: a cancelled or crashed run keeps its last complete epoch.
      await this.saveModel();
      this.summary.weightsEpoch = epoch;
      this.writeSummary('running');
      if (patience > 0 && sinceBest >= patience) {
        const what = hasValidation ? 'validation loss' : 'loss';
        return { status: 'early_stopped', reason: `the ${what} did not improve for ${patience} epochs; kept the best epoch, ${this.bestEpoch} (${what} ${best.toPrecision(4)})` };
      }
    }
    return { status: 'completed' };
  }

  private keepBestWeights(): void {
    tf.dispose(this.bestWeights);
    this.bestWeights = tf.tidy(() => this.model!.getWeights().map((w) => w.clone()));
  }

  /** Regression: validation predictions against targets (first output, de-normalised). Text: a generated sample. */
  private finishOutputs(): Partial<EndEvent> {
    const { spec, model } = this;
    const data = this.data!;
    if (this.bestWeights) {
      model!.setWeights(this.bestWeights);
      this.summary.weightsEpoch = this.bestEpoch;
    }
    const result: Partial<EndEvent> = {};
    if (data.task === 'regression' && data.validation.size > 0) {
      const stride = Math.ceil(data.validation.size / MAX_PREDICTION_POINTS);
      const indices = range(Math.ceil(data.validation.size / stride)).map((i) => i * stride);
      const target: number[] = [];
      const predicted: number[] = [];
      for (let start = 0; start < indices.length; start += 256) {
        const chunk = indices.slice(start, start + 256);
        const batch = data.validation.batch(chunk);
        const values = tf.tidy(() => forward(model!, batchTensors(batch, data).x, false).dataSync());
        chunk.forEach((_, i) => {
          target.push(denormalize(batch.y[i * data.outputs], data.normalization, 0));
          predicted.push(denormalize(values[i * spec.output.units], data.normalization, 0));
        });
      }
      result.predictions = { target, predicted };
    }
    if (spec.generate && data.vocabulary) {
      result.sample = generateText(model!, { ...spec.generate, vocabulary: data.vocabulary, timesteps: data.timesteps, seed: this.seed + 2 });
    }
    return result;
  }

  private async saveModel(): Promise<void> {
    const model = this.model!;
    if (!this.portableModel) return this.writer.saveModel(model);
    const weights = model.getWeights();
    this.portableModel.setWeights(weights);
    await this.writer.saveModel(this.portableModel);
  }

  private async saveFinal(status: RunStatus): Promise<void> {
    const model = this.model;
    if (!model) return;
    if (status === 'failed') return; // the weights may be NaN: the last epoch's checkpoint stays
    try {
      if (this.bestWeights && status === 'cancelled') {
        model.setWeights(this.bestWeights);
        this.summary.weightsEpoch = this.bestEpoch;
      } else if (status === 'cancelled') {
        this.summary.weightsEpoch = this.epochsRun;
      }
      await this.saveModel();
    } catch (error) {
      this.log('warning', `could not save the model: ${(error as Error).message}`);
    }
  }

  private writeSummary(status: RunStatus | 'running', reason?: string): void {
    Object.assign(this.summary, { status, reason, seconds: this.elapsed(), epochs: this.epochsRun, final: this.final });
    this.writer.writeSummary(this.summary);
  }

  private dispose(): void {
    tf.dispose(this.bestWeights);
    this.optimizer?.dispose();
    this.model?.dispose();
    this.portableModel?.dispose();
  }
}

/** Trains `spec` and saves the run; never throws for bad data, NaN or cancellation (see the result's status). */
export async function train(spec: ModelSpec, options: TrainOptions): Promise<RunResult> {
  let run: TrainingRun;
  try {
    run = new TrainingRun(spec, options);
  } catch (error) {
    // Without a run folder there is nothing to record into; report through the events alone.
    const reason = `cannot create a run folder under ${options.runsDir}: ${(error as Error).message}`;
    const time = Date.now();
    options.onEvent?.({ type: 'error', message: reason, code: 'run-store', time });
    options.onEvent?.({ type: 'end', status: 'failed', reason, epochs: 0, seconds: 0, final: {}, time });
    return { status: 'failed', reason, runDir: '', epochs: 0, seconds: 0, final: {}, seed: options.seed ?? spec.train.seed ?? 0 };
  }
  return run.run();
}
