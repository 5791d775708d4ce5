// Saved runs written through the run store's own writer, as training would
// leave them: the spec copy, start/epoch/end events and the summary. For the
// tests of `rnn runs`, the runs table and the best-run lens, and bench:runs.
import { RunFolderWriter, type RunSummary } from '../../core/src/run-store';
import type { TrainEvent } from '../../core/src/shared';

export const SINE_SOURCE = (name: string, lr: number, units: number) => `model ${name} {
  data: sine(samples: 400, period: 20)
  input { timesteps: 10, features: 1 }
  hidden { cell: lstm, units: [${units}] }
  output { units: 1 }
  loss: mse
  optimizer: adam(lr: ${lr})
  train { epochs: 3, batch_size: 16, seed: 1 }
}
`;

export interface SavedRunOptions {
  model: string;
  /** The spec text saved with the run (model.rnn); default: a small sine model of that name. */
  source?: string;
  /** Validation loss after each epoch; the training loss is twice it. */
  valLosses?: number[];
  status?: RunSummary['status'];
  backend?: string;
  started?: string;
  sweep?: RunSummary['sweep'];
}

/** Writes one finished run under `runsDir`; its folder. */
export function saveRun(runsDir: string, options: SavedRunOptions): string {
  const valLosses = options.valLosses ?? [0.5, 0.2, 0.1];
  const writer = RunFolderWriter.create(runsDir, options.model, options.source ?? SINE_SOURCE(options.model, 0.01, 8));
  const started = options.started ?? '2026-11-30T10:00:00.000Z';
  const time = Date.parse(started);
  const events: TrainEvent[] = [{
    type: 'start', model: options.model, runDir: writer.dir, backend: options.backend ?? 'wasm', seed: 1, epochs: valLosses.length,
    stepsPerEpoch: 10, trainSamples: 100, validationSamples: 20, task: 'regression', metric: 'mae', layers: [], totalParams: 100, time,
  }];
  valLosses.forEach((valLoss, i) => events.push({
    type: 'epoch', epoch: i + 1, step: (i + 1) * 10, loss: 2 * valLoss, val_loss: valLoss, metrics: { mae: valLoss / 2, val_mae: valLoss },
    seconds: 1.5, eta: 0, time: time + (i + 1) * 1500,
  }));
  const final = { loss: 2 * valLosses.at(-1)!, val_loss: valLosses.at(-1)!, mae: valLosses.at(-1)! / 2, val_mae: valLosses.at(-1)! };
  const status = options.status ?? 'completed';
  if (status !== 'running') {
    events.push({ type: 'end', status, epochs: valLosses.length, seconds: 1.5 * valLosses.length, final, time: time + valLosses.length * 1500 });
  }
  for (const event of events) writer.appendEvent(event);
  writer.writeSummary({
    model: options.model, status, started, seconds: 1.5 * valLosses.length, epochs: valLosses.length, final,
    backend: options.backend ?? 'wasm', seed: 1, ...(options.sweep ? { sweep: options.sweep } : {}),
  });
  return writer.dir;
}
