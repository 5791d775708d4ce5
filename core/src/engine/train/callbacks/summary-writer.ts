// summary.json: the run at a glance (status, time, final losses, data,
// layers, which epoch's weights are saved), rewritten when the run begins,
// when training starts, after every epoch and at the end; every write carries
// the writer's host, process id and heartbeat, so a reader can tell a run
// whose process died from one that trains (heartbeat.ts writes it between epochs).
import type { RunStatus, TrainEvent } from '../../../shared';
import { writerIdentity, type RunSummary } from '../../../run-store';
import type { Callback, RunContext } from './callback';

export const summaryWriter: Callback = {
  onRunBegin(run: RunContext): void {
    write(run, 'running', 0);
  },
  onTrainBegin(run: RunContext): void {
    write(run, 'running', 0);
  },
  onEpochEnd(run: RunContext): void {
    writeRunningSummary(run);
  },
  onEvent(event: TrainEvent, run: RunContext): void {
    if (event.type === 'end') write(run, event.status, event.seconds, event.reason);
  },
};

/** The summary of a run still training, with a fresh heartbeat. */
export function writeRunningSummary(run: RunContext): void {
  write(run, 'running', (Date.now() - run.started) / 1000);
}

function write(run: RunContext, status: RunStatus | 'running', seconds: number, reason?: string): void {
  const { setup, history } = run;
  const { data } = setup;
  const summary: RunSummary = {
    model: run.spec.name,
    status,
    started: new Date(run.started).toISOString(),
    seconds,
    epochs: history.epochs,
    final: history.final,
    seed: run.seed,
    backend: setup.backend,
    data: data && {
      task: data.task,
      features: data.features,
      outputs: data.outputs,
      timesteps: data.timesteps,
      split: data.split,
      vocabulary: data.vocabulary,
    },
    classes: data?.classes,
    normalization: data?.normalization,
    layers: setup.layers,
    totalParams: setup.totalParams,
    weightsEpoch: history.savedEpoch,
    specDir: run.spec.baseDir,
    resumedFrom: run.resumedFrom,
    reason,
    ...writerIdentity(),
    heartbeat: new Date().toISOString(),
  };
  run.writer.writeSummary(summary);
}
