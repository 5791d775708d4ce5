// The state of one run, shared by the loop and its callbacks. Everything a
// run has lives here (nothing in module scope), so runs in one process keep
// apart.
import type { RunWriter } from '../checkpoint';
import type { ModelSpec, TrainEvent } from '../../shared';
import type { Callback, RunContext, RunHistory, RunSetup, TrainingContext } from './callbacks/callback';

export class RunState implements RunContext {
  readonly started = Date.now();
  readonly setup: Partial<RunSetup> = {};
  readonly history: RunHistory = { epochs: 0, step: 0, final: {}, weightsEpoch: 0 };
  readonly outputs: RunContext['outputs'] = {};
  /** Set by stop(): the run ends as early_stopped after the current epoch. */
  stopReason?: string;

  constructor(
    readonly spec: ModelSpec,
    readonly seed: number,
    readonly epochs: number,
    readonly writer: RunWriter,
    private readonly callbacks: readonly Callback[],
    readonly resumedFrom?: { runDir: string; epoch: number },
  ) {}

  readonly emit = (event: TrainEvent): void => {
    // Absent optional fields are left out rather than set to undefined, so a replay from metrics.jsonl is identical.
    for (const key of Object.keys(event) as (keyof TrainEvent)[]) if (event[key] === undefined) delete event[key];
    for (const callback of this.callbacks) callback.onEvent?.(event, this);
  };

  readonly log = (level: 'info' | 'warning', message: string): void => {
    this.emit({ type: 'log', level, message, time: Date.now() });
  };

  readonly stop = (reason: string): void => {
    this.stopReason ??= reason;
  };

  /** Seconds since the run began. */
  elapsed(): number {
    return (Date.now() - this.started) / 1000;
  }

  /** The view of the training hooks, once preparation is complete. */
  training(setup: RunSetup, stepsPerEpoch: number, metric: string): TrainingContext {
    const { spec, seed, epochs, writer, resumedFrom, started, history, outputs, emit, log, stop } = this;
    return { spec, seed, epochs, writer, resumedFrom, started, setup, history, outputs, emit, log, stop, stepsPerEpoch, metric };
  }
}
