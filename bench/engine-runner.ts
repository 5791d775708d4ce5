// The engine's own training loop (core/src/engine/train) on a workload. The data go
// through the engine's csv source (served from memory): one long series
// x(s) = sin(0.1 s), plus features-1 copies with 0.05 gaussian noise, cut
// into timesteps-long windows with the next row as the target, which is the
// references' recipe with the phases spread evenly instead of drawn at random.
// No validation split, so an epoch is the same work as in the references.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileSystem } from '../core/src/language';
import type { BackendPreference } from '../core/src/engine';
import type { HiddenSpec, ModelSpec, OptimizerSpec } from '../core/src/shared';
import { blockDefaults, callDefaults } from '../core/src/language';
import { createRandom } from '../core/src/engine';
import { train, type Callback, type KernelOption } from '../core/src/engine';
import type { TrainEvent } from '../core/src/shared';
import { cellGates } from '../core/src/engine';
import { median, type Workload } from './workloads';

export interface EngineRun {
  secondsPerEpoch: number;
  /**
   * Median wall-clock seconds from one epoch event to the next: an epoch's batches and validation plus the previous
   * epoch's end-of-epoch hooks (checkpoints, the insight probe), which `secondsPerEpoch` leaves out.
   */
  wallSecondsPerEpoch: number;
  finalLoss: number;
  /** The engine's log lines (backend and layer implementations). */
  logs: string[];
  /** The tfjs backend the run used. */
  backend?: string;
}

const CSV_NAME = 'bench-series.csv';

function seriesCsv(w: Workload, seed = 0): string {
  const random = createRandom(seed);
  const columns = Array.from({ length: w.features }, (_, f) => `x${f}`);
  const rows = [columns.join(',')];
  // samples windows need samples + timesteps rows (the last window's target included).
  for (let s = 0; s < w.samples + w.timesteps; s++) {
    const value = Math.sin(0.1 * s);
    rows.push(columns.map((_, f) => (f === 0 ? value : value + 0.05 * random.normal()).toFixed(6)).join(','));
  }
  return rows.join('\n') + '\n';
}

function workloadSpec(w: Workload, epochs: number, baseDir: string, insight: boolean): ModelSpec {
  const columns = Array.from({ length: w.features }, (_, f) => `x${f}`);
  const gates = cellGates(w.cell);
  const name = `Bench_${w.name.replace('-', '_')}`;
  return {
    name,
    baseDir,
    source: `# npm run bench: workload ${w.name}\n`,
    task: 'regression',
    data: { fn: 'csv', args: { path: CSV_NAME, columns, normalize: 'none', stream: 'auto' } },
    input: { timesteps: w.timesteps, features: w.features },
    // The schema's defaults (tanh, sigmoid gates, no dropout): the references' layers.
    hidden: { ...blockDefaults('hidden'), cell: w.cell, units: [w.units], gates } as HiddenSpec,
    output: { units: w.features, activation: 'linear', at: 'last', horizon: 1 },
    loss: 'mse',
    optimizer: { fn: 'adam', args: { ...callDefaults('optimizer', 'adam'), lr: 0.01 } } as OptimizerSpec,
    // No TensorBoard files, and the insight recording only when its cost is measured: the bench times training, as
    // the references do without their loggers.
    train: { epochs: epochs + 1, batch_size: w.batch, validation_split: 0, stratify: false, shuffle: true, early_stopping: 0, tensorboard: false, insight, insight_sample: 0, seed: 0 },
  };
}

/**
 * Median seconds of the timed epochs (after one warm-up epoch), from the engine's own epoch events; `insight` turns the
 * recording on; `callbacks` run after the standard ones (a bench that times something at the end of each epoch).
 */
export async function timeEngine(
  w: Workload, epochs: number, backend: string, kernels: KernelOption, insight = false, callbacks: Callback[] = [],
): Promise<EngineRun> {
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-bench-'));
  const csv = seriesCsv(w);
  const fs: FileSystem = {
    exists: (path) => path.endsWith(CSV_NAME),
    readText: (path) => (path.endsWith(CSV_NAME) ? csv : undefined),
  };
  const times: number[] = [];
  const wallTimes: number[] = [];
  let lastEpochTime: number | undefined;
  const logs: string[] = [];
  let finalLoss = NaN;
  let backendUsed: string | undefined;
  try {
    const result = await train(workloadSpec(w, epochs, runsDir, insight), {
      runsDir,
      fs,
      backend: backend as BackendPreference,
      verifyBackend: false,
      kernels,
      callbacks,
      onEvent: (event: TrainEvent) => {
        if (event.type === 'epoch') {
          if (event.epoch > 1) times.push(event.seconds);
          if (event.epoch > 1 && lastEpochTime !== undefined) wallTimes.push((event.time - lastEpochTime) / 1000);
          lastEpochTime = event.time;
          finalLoss = event.loss;
        } else if (event.type === 'log') {
          logs.push(event.message);
        }
      },
    });
    if (result.status !== 'completed') throw new Error(`the engine run ended ${result.status}: ${result.reason ?? ''}`);
    backendUsed = result.backend;
  } finally {
    rmSync(runsDir, { recursive: true, force: true });
  }
  return { secondsPerEpoch: median(times), wallSecondsPerEpoch: median(wallTimes), finalLoss, logs, backend: backendUsed };
}
