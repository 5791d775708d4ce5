// The trials of a model's sweep, each in a training process of its own (the
// worker trains one trial), `parallel` at a time, each with its share of the
// cores' kernel threads, like `rnn train --jobs`. Stopping stops every trial
// that runs (each keeps its run, as cancelled) and starts no other.
import { t, type TrainEvent } from '../../../core/src/shared';
import { TrainingProcess, type TrainingProcessOptions } from './process-manager';
import type { TrainingOutcome, TrainRequest } from './worker-protocol';

export interface SweepListener {
  /** Trials are numbered from 1. */
  onAccepted(trial: number): void;
  onEvent(trial: number, event: TrainEvent): void;
  onTrialEnd(trial: number, outcome: TrainingOutcome): void;
}

export class SweepTraining {
  readonly finished: Promise<TrainingOutcome>;
  private readonly running = new Set<TrainingProcess>();
  private stopRequested = false;

  constructor(
    workerPath: string, request: TrainRequest, readonly trials: number, parallel: number, cores: number,
    private readonly listener: SweepListener, options: TrainingProcessOptions = {},
  ) {
    const slots = Math.max(1, Math.min(parallel, trials));
    const threads = Math.max(1, Math.floor(cores / slots));
    const sweepId = `${request.model ?? 'model'}-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}`;
    const outcomes: TrainingOutcome[] = [];
    let next = 1;
    const worker = async () => {
      while (next <= trials && !this.stopRequested) {
        const trial = next++;
        const training = new TrainingProcess(workerPath, { ...request, trial: { trial, sweepId } }, {
          onAccepted: () => listener.onAccepted(trial),
          onEvent: (event) => listener.onEvent(trial, event),
        }, { ...options, env: { ...options.env, RNN_KERNEL_THREADS: String(threads) } });
        this.running.add(training);
        const outcome = await training.finished;
        this.running.delete(training);
        outcomes[trial - 1] = outcome;
        listener.onTrialEnd(trial, outcome);
      }
    };
    this.finished = Promise.all(Array.from({ length: slots }, worker)).then(() => summarize(outcomes, trials));
  }

  get stopping(): boolean {
    return this.stopRequested;
  }

  stop(): void {
    this.stopRequested = true;
    for (const training of this.running) training.stop();
  }
}

/** One outcome for the whole sweep: its worst status, and how many trials ended how. */
function summarize(outcomes: (TrainingOutcome | undefined)[], trials: number): TrainingOutcome {
  const done = outcomes.filter((o): o is TrainingOutcome => o !== undefined);
  const count = (statuses: TrainingOutcome['status'][]) => done.filter((o) => statuses.includes(o.status)).length;
  const worst = (['crashed', 'rejected', 'failed', 'cancelled', 'early_stopped'] as const).find((status) => done.some((o) => o.status === status));
  const message = t('{0} of {1} trials trained: {2} failed, {3} cancelled, {4} not started',
    count(['completed', 'early_stopped']), trials, count(['failed', 'crashed', 'rejected']), count(['cancelled']), trials - done.length);
  const first = done.find((o) => o.runDir);
  return { status: worst ?? (done.length < trials ? 'cancelled' : 'completed'), message, runDir: first?.runDir, result: first?.result };
}
