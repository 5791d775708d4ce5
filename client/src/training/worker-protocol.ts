// The messages between the extension host and the training process (over the
// fork IPC channel). Training events are the engine's own protocol, relayed as they are.
import type { RunResult } from '../../../core/src/engine';
import type { BackendPreference, RunStatus, TrainEvent } from '../../../core/src/shared';


export interface TrainRequest {
  type: 'train';
  /** Absolute path of the .rnn file (data paths resolve against its folder). */
  file: string;
  /** The file's text as the editor has it (it may be unsaved). */
  text: string;
  /** The model to train. */
  model: string;
  runsDir: string;
  backend: BackendPreference;
  epochs?: number;
  stepsPerEpoch?: number;
  seed?: number;
}

export type HostToWorker = TrainRequest | { type: 'stop' };

export type WorkerToHost =
  | { type: 'event'; event: TrainEvent }
  | { type: 'done'; result: RunResult }
  /** The spec could not be trained (errors, unknown model); nothing was started. */
  | { type: 'rejected'; message: string }
  /** An unexpected failure of the worker itself. */
  | { type: 'crashed'; message: string };

export interface TrainingOutcome {
  status: RunStatus | 'rejected' | 'crashed';
  message?: string;
  result?: RunResult;
  /** The run folder, once the engine has created it (kept for cancelled and failed runs too). */
  runDir?: string;
}

export function isWorkerMessage(value: unknown): value is WorkerToHost {
  if (!value || typeof value !== 'object') return false;
  const type = (value as { type?: unknown }).type;
  return type === 'event' || type === 'done' || type === 'rejected' || type === 'crashed';
}
