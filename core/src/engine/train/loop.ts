// The training loop: prepare (backend, data, model), then for each epoch the
// batches (forward, loss, clip, update) and a validation pass; everything
// else is a callback (train/callbacks/, docs/training-loop.md). A custom loop
// rather than model.fit, because tfjs optimizers cannot clip gradients and
// fit cannot be cancelled between batches.
import type * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../backend/select';
import type { BackendLease } from '../backend/process-backend';
import { DataError } from '../../language';
import { RunWriter } from '../checkpoint';
import { RunStoreError } from '../../run-store';
import { t, type ModelSpec, type RunStatus, type TrainErrorCode } from '../../shared';
import { drawSeed, shuffleInPlace } from '../util/random';
import { limitWindows } from './batches';
import { standardCallbacks, type BatchLogs, type Callback, type RunEnd, type TrainingContext } from './callbacks';
import { evaluate } from './evaluate';
import { lossFunction, taskMetric } from './losses';
import type { RunResult, TrainOptions } from './options';
import { acquireBackend, buildRunModel, checkBackend, loadRunData } from './prepare';
import { regressionHead } from './regression-head';
import { RunState } from './run-context';
import { trainStep } from './step';

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

/** Trains `spec` and saves the run; never throws for bad data, NaN or cancellation (see the result's status). */
export async function train(spec: ModelSpec, options: TrainOptions): Promise<RunResult> {
  // A resumed run goes on with its parent's seed: the data and the generators it continues come from it.
  const seed = options.resume?.summary.seed ?? options.seed ?? spec.train.seed ?? drawSeed();
  let writer: RunWriter;
  try {
    writer = RunWriter.create(options.runsDir, spec.name, spec.source, { spec, sweep: options.sweep });
  } catch (error) {
    // Without a run folder there is nothing to record into; report through the events alone.
    const reason = t('cannot create a run folder under {0}: {1}', options.runsDir, (error as Error).message);
    const time = Date.now();
    options.onEvent?.({ type: 'error', message: reason, code: 'run-store', time });
    options.onEvent?.({ type: 'end', status: 'failed', reason, epochs: 0, seconds: 0, final: {}, time });
    return { status: 'failed', reason, runDir: '', epochs: 0, seconds: 0, final: {}, seed: options.seed ?? spec.train.seed ?? 0 };
  }
  const callbacks = [...standardCallbacks(spec, options), ...(options.callbacks ?? [])];
  const resumedFrom = options.resume && { runDir: options.resume.runDir, epoch: options.resume.state.epoch };
  const run = new RunState(spec, seed, options.epochs ?? spec.train.epochs, writer, callbacks, resumedFrom);

  let lease: BackendLease | undefined;
  try {
    let end: RunEnd = { status: 'completed' };
    let trained = false;
    try {
      for (const callback of callbacks) await callback.onRunBegin?.(run);
      lease = await acquireBackend(run, options);
      const data = loadRunData(run, options);
      const backend = await checkBackend(run, options, lease, data);
      const setup = buildRunModel(run, options, backend, data);
      const stepsPerEpoch = Math.min(Math.ceil(data.train.size / spec.train.batch_size), options.stepsPerEpoch ?? Infinity);
      const training = run.training(setup, stepsPerEpoch, taskMetric(data.task, spec.loss, data.targets).name);
      end = await fit(run, training, callbacks, options);
      for (const callback of callbacks) await callback.onTrainEnd?.(training, end);
      trained = true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      end = { status: error instanceof StopRun ? error.status : 'failed', reason };
      const code = error instanceof StopRun ? error.code : error instanceof DataError ? 'data' : error instanceof BackendError ? 'backend'
        : error instanceof RunStoreError ? 'run-store' : 'internal';
      if (end.status === 'failed') run.emit({ type: 'error', message: reason, code: code ?? 'internal', time: Date.now() });
    }
    for (const callback of callbacks) {
      try {
        await callback.onRunEnd?.(run, end);
      } catch (error) {
        run.log('warning', t('a callback failed at the end of the run: {0}', (error as Error).message));
      }
    }
    const { history } = run;
    const outputs = trained ? run.outputs : {};
    const seconds = run.elapsed();
    run.emit({ type: 'end', status: end.status, reason: end.reason, epochs: history.epochs, seconds, final: history.final, ...outputs, time: Date.now() });
    return { ...end, runDir: writer.dir, epochs: history.epochs, seconds, final: history.final, backend: run.setup.backend, seed, ...outputs };
  } finally {
    // Even when the caller's onEvent throws: the next run must find the backend free and the memory back.
    run.setup.model?.dispose();
    run.setup.portableModel?.dispose();
    lease?.release();
  }
}

/** The epochs: batches, then validation, with the callbacks' hooks around them. */
async function fit(run: RunState, training: TrainingContext, callbacks: readonly Callback[], options: TrainOptions): Promise<RunEnd> {
  const { spec, history } = run;
  const { data, model, optimizer, order, random } = training.setup;
  const batchSize = spec.train.batch_size;
  const { stepsPerEpoch } = training;
  const loss = lossFunction(spec.loss, data.targets);
  const metric = taskMetric(data.task, spec.loss, data.targets);
  const step = {
    model,
    variables: model.trainableWeights.map((w) => w.read() as tf.Variable),
    optimizer,
    loss,
    metric,
    clip: { clipnorm: spec.optimizer.args.clipnorm, clipvalue: spec.optimizer.args.clipvalue },
    head: regressionHead(model, spec.loss, data),
  };
  // Only the callbacks that look at batches are called per batch.
  const batchHooks = callbacks.flatMap((c) => (c.onBatchEnd ? [c.onBatchEnd.bind(c)] : []));
  // A quick try (stepsPerEpoch) also validates on a matching slice, not on the whole validation part.
  const validation = options.stepsPerEpoch ? limitWindows(data.validation, stepsPerEpoch * batchSize) : data.validation;
  try {
    for (const callback of callbacks) await callback.onTrainBegin?.(training);
    // A resumed run has its parent's epochs behind it (callbacks/resume-checkpoint.ts).
    for (let epoch = history.epochs + 1; epoch <= run.epochs; epoch++) {
      const epochStart = Date.now();
      for (const callback of callbacks) await callback.onEpochBegin?.(training, epoch);
      if (spec.train.shuffle) shuffleInPlace(order, random.shuffle);
      let lossSum = 0;
      let metricSum = 0;
      let seen = 0;
      for (let b = 0; b < stepsPerEpoch; b++) {
        // Yield every batch so that an abort (or any other message, or another run) can come in.
        await yieldToEventLoop();
        if (options.signal?.aborted) {
          throw new StopRun('cancelled', t('cancelled during epoch {0}, after {1} of {2} batches', epoch, b, stepsPerEpoch));
        }
        const indices = order.slice(b * batchSize, (b + 1) * batchSize);
        const values = trainStep(step, data.train.batch(indices), data);
        history.step++;
        if (!Number.isFinite(values[0])) throw new StopRun('failed', nanMessage(spec, epoch, b + 1, values[0]), 'nan-loss');
        lossSum += values[0] * indices.length;
        metricSum += values[1] * indices.length;
        seen += indices.length;
        const logs: BatchLogs = { epoch, batch: b + 1, step: history.step, loss: values[0], metric: values[1], size: indices.length };
        for (const hook of batchHooks) hook(training, logs);
      }

      const metrics: Record<string, number> = { [metric.name]: metricSum / seen };
      const epochLoss = lossSum / seen;
      let valLoss: number | undefined;
      if (data.validation.size > 0) {
        const result = evaluate(model, validation, data, loss, metric, Math.max(batchSize, 256));
        valLoss = result.loss;
        metrics[`val_${metric.name}`] = result.metric;
      }
      history.epochs = epoch;
      history.weightsEpoch = epoch;
      history.final = { loss: epochLoss, ...(valLoss !== undefined ? { val_loss: valLoss } : {}), ...metrics };
      const logs = { epoch, step: history.step, loss: epochLoss, valLoss, metrics, seconds: (Date.now() - epochStart) / 1000 };
      for (const callback of callbacks) await callback.onEpochEnd?.(training, logs);
      if (run.stopReason !== undefined) return { status: 'early_stopped', reason: run.stopReason };
    }
    return { status: 'completed' };
  } finally {
    optimizer.dispose();
  }
}

function nanMessage(spec: ModelSpec, epoch: number, batch: number, value: number): string {
  const { fn, args } = spec.optimizer;
  const values = { value: Number.isNaN(value) ? 'NaN' : value, epoch, batch, lr: args.lr, example: `${fn}(lr: ${args.lr}, clipnorm: 1.0)` };
  return args.clipnorm === undefined && args.clipvalue === undefined
    ? t(
        'the loss became {value} at epoch {epoch}, batch {batch}: the learning rate (lr: {lr}) is probably too high or the gradients exploded. Lower the learning rate, or add gradient clipping, e.g. {example}; check the data for huge values or normalize it.',
        values,
      )
    : t(
        'the loss became {value} at epoch {epoch}, batch {batch}: the learning rate (lr: {lr}) is probably too high or the gradients exploded. Lower the learning rate; check the data for huge values or normalize it.',
        values,
      );
}
