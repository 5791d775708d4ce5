// The messages between the extension host and the training process (over the
// fork IPC channel). Training events are the engine's own protocol, relayed as they are.
import type { RunResult } from '../../../core/src/engine';
import type { BackendPreference, EditorRange, RunStatus, TrainEvent } from '../../../core/src/shared';
import type { RolledForecast } from '../panel/prediction';

export interface TrainRequest {
  type: 'train';
  /** Absolute path of the .rnn file (data paths resolve against its folder). */
  file: string;
  /** The file's text as the editor has it (it may be unsaved). */
  text: string;
  /** The model to train; undefined when the file names none (the worker then reports the file's errors). */
  model?: string;
  runsDir: string;
  backend: BackendPreference;
  /** `rnn.memoryBudget` as written (e.g. "8GiB"); the worker's check holds the model to it, as the editor's does. */
  memoryBudget?: string;
  epochs?: number;
  stepsPerEpoch?: number;
  seed?: number;
  /** VS Code's display language (`vscode.env.language`); the worker's messages and the engine's events use it. English when absent. */
  language?: string;
  /** Where data files may come from (the workspace folders; anywhere with the user's setting); absent: the .rnn file's folder. */
  dataAccess?: { roots: string[]; allowOutside: boolean };
  /** Of a model with a sweep: the trial to train (from 1; expandSweep's order) and the id its run records. */
  trial?: { trial: number; sweepId: string };
  /** A run folder to continue from its last checkpoint (`rnn train --resume`); `text` is then that run's spec. */
  resume?: string;
}

/** Predictions of a saved run (`rnn predict`): a forecast, the validation part's, or generated text for a text model. */
export interface PredictRequest {
  type: 'predict';
  runDir: string;
  /** Steps to roll the series past its end; absent: the validation part's predictions. */
  forecast?: number;
  language?: string;
  dataAccess?: { roots: string[]; allowOutside: boolean };
}

export type HostToWorker = TrainRequest | PredictRequest | { type: 'stop' };

/** The errors that keep a spec from training. */
export interface SpecErrors {
  count: number;
  /** The first few, e.g. "line 5: unknown cell 'lsmt'". */
  first: string[];
}

export type WorkerToHost =
  /** The spec checks clean and has the model: training begins (the worker is the only one that checks before training). */
  | { type: 'accepted' }
  | { type: 'event'; event: TrainEvent }
  /** `errorRange`: for a failed run, where in the spec its error belongs (the property it is about, else the model's name). */
  | { type: 'done'; result: RunResult; errorRange?: EditorRange }
  /** The spec could not be trained (errors, unknown model); nothing was started. */
  | { type: 'rejected'; message: string; errors?: SpecErrors }
  /** An unexpected failure of the worker itself. */
  | { type: 'crashed'; message: string }
  /** A predict request's answer: CSV, or the generated text of a text model; a forecast also as values to draw. */
  | { type: 'predicted'; format: 'csv' | 'text'; text: string; notes: string[]; forecast?: RolledForecast };

export interface TrainingOutcome {
  status: RunStatus | 'rejected' | 'crashed';
  message?: string;
  result?: RunResult;
  /** The run folder, once the engine has created it (kept for cancelled and failed runs too). */
  runDir?: string;
  /** Rejected for errors in the spec. */
  errors?: SpecErrors;
  /** Failed: where in the spec the error belongs. */
  errorRange?: EditorRange;
}

export function isWorkerMessage(value: unknown): value is WorkerToHost {
  if (!value || typeof value !== 'object') return false;
  const type = (value as { type?: unknown }).type;
  return type === 'accepted' || type === 'event' || type === 'done' || type === 'rejected' || type === 'crashed' || type === 'predicted';
}
