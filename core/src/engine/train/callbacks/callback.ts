// The training loop's extension point, in the style of Keras's fit callbacks.
// The loop (train/loop.ts) only prepares the run, trains batches and
// validates; everything else a run does (progress events, early stopping,
// checkpoints, summary.json, metrics.jsonl, predictions, text samples) is a
// Callback in this folder, and a new feature adds one instead of editing the
// loop. docs/training-loop.md lists the hooks, their order and the context.
//
// Hooks run in the order of the run's callback list (the standard ones
// first, then TrainOptions.callbacks), each awaited before the next, except
// onBatchEnd and onEvent, which are synchronous so that a batch costs what it
// did without callbacks. A hook that throws fails the run, except in
// onRunEnd, where the failure is logged and the other hooks still run.
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Dataset } from '../../../language';
import type { RunWriter } from '../../checkpoint';
import type { Random } from '../../util/random';
import type { EndEvent, LayerSummary, ModelSpec, RunStatus, TrainEvent } from '../../../shared';
import type { FlatOptimizer } from '../flat-optimizer';

/** What preparation produced; a run that fails early has only part of it (see RunContext.setup). */
export interface RunSetup {
  /** The tfjs backend the run trains on ("tensorflow", "wasm", "cpu"). */
  backend: string;
  data: Dataset;
  /** The model being trained. */
  model: LayersModel;
  /** Its twin made of portable layers (same weights and names), when `model` has layers only this process can load (fused kernels): what is saved. */
  portableModel?: LayersModel;
  /** Provider id of each recurrent layer, first to last (e.g. fused-native). */
  implementations: string[];
  /** Keras-style rows of the saved model. */
  layers: LayerSummary[];
  totalParams: number;
  /** The spec's optimizer (flat-optimizer.ts); its state is what a resumed run continues. */
  optimizer: FlatOptimizer;
  /** The training windows in the order the next epoch shuffles (in place). */
  order: number[];
  /** The run's generators of that order and of the dropout masks' seeds. */
  random: { shuffle: Random; dropout: Random };
}

/** Where the run stands; the loop updates it, callbacks read it. */
export interface RunHistory {
  /** Epochs completed. */
  epochs: number;
  /** Batches trained, over all epochs. */
  step: number;
  /** The last epoch's loss, val_loss and metrics: the `final` of the end event. */
  final: Record<string, number>;
  /** The epoch whose weights the model holds; a callback that restores other weights sets it. */
  weightsEpoch: number;
  /** The epoch whose weights the run folder holds, once a checkpoint was saved. */
  savedEpoch?: number;
}

/** What every hook sees. */
export interface RunContext {
  readonly spec: ModelSpec;
  readonly seed: number;
  /** Epochs planned: the spec's, or TrainOptions.epochs. */
  readonly epochs: number;
  readonly writer: RunWriter;
  /** The run this one continues (`rnn train --resume`) and the epoch it continues from. */
  readonly resumedFrom?: { runDir: string; epoch: number };
  /** Date.now() when the run began. */
  readonly started: number;
  /** Filled in as the run prepares: the backend, then the data, then the model. */
  readonly setup: Partial<RunSetup>;
  readonly history: RunHistory;
  /** Fields the end event and the run's result carry besides the standard ones (predictions, a text sample). */
  readonly outputs: Partial<Pick<EndEvent, 'predictions' | 'sample' | 'scores' | 'forecast' | 'classification' | 'stepPredictions'>>;
  /** Sends an event to every callback's onEvent, in order (metrics.jsonl, then the caller's onEvent, ...). */
  emit(event: TrainEvent): void;
  log(level: 'info' | 'warning', message: string): void;
  /** Ends the run as early_stopped with this reason, once the current epoch's onEpochEnd hooks have run. */
  stop(reason: string): void;
}

/** What the training hooks see: preparation is complete. */
export interface TrainingContext extends RunContext {
  readonly setup: RunSetup;
  readonly stepsPerEpoch: number;
  /** The task's metric (mae, accuracy, ...): epochs report it and val_<metric>. */
  readonly metric: string;
}

export interface BatchLogs {
  epoch: number;
  /** 1-based, within the epoch. */
  batch: number;
  step: number;
  loss: number;
  metric: number;
  /** Windows in the batch. */
  size: number;
}

export interface EpochLogs {
  epoch: number;
  step: number;
  /** Mean over the epoch's windows. */
  loss: number;
  valLoss?: number;
  /** The metric and, with validation data, val_<metric>. */
  metrics: Record<string, number>;
  /** Training and validation time of the epoch. */
  seconds: number;
}

export interface RunEnd {
  status: RunStatus;
  reason?: string;
}

export interface Callback {
  /** Every event of the run as it is emitted, the end event included. */
  onEvent?(event: TrainEvent, run: RunContext): void;
  /** First of all, before preparation (the run folder exists). */
  onRunBegin?(run: RunContext): void | Promise<void>;
  /** The model is built; before the first batch. */
  onTrainBegin?(run: TrainingContext): void | Promise<void>;
  onEpochBegin?(run: TrainingContext, epoch: number): void | Promise<void>;
  /** After each batch's update; synchronous (it runs every batch). */
  onBatchEnd?(run: TrainingContext, logs: BatchLogs): void;
  /** After validation; run.history is up to date. */
  onEpochEnd?(run: TrainingContext, logs: EpochLogs): void | Promise<void>;
  /** Training ended normally (completed, or stopped by a callback); a hook that throws fails the run. */
  onTrainEnd?(run: TrainingContext, end: RunEnd): void | Promise<void>;
  /** Always, last, with the final status (also for cancelled and failed runs); then the end event is emitted. */
  onRunEnd?(run: RunContext, end: RunEnd): void | Promise<void>;
}
