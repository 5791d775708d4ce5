// The reference workloads of ../shared/bench/torch_rnn.py and keras_rnn.py:
// same shapes, same data recipe (a sine wave with a random phase per sample,
// extra noisy copies as further features, the next value as the target).
import type { CellKind } from '../core/src/shared';
import { createRandom } from '../core/src/engine';

export interface Workload {
  name: string;
  cell: CellKind;
  units: number;
  timesteps: number;
  features: number;
  samples: number;
  batch: number;
  /** Timed epochs; one warm-up epoch runs before them. */
  epochs: number;
}

export const WORKLOADS: Workload[] = [
  { name: 'lstm-64', cell: 'lstm', units: 64, timesteps: 50, features: 1, samples: 1024, batch: 64, epochs: 3 },
  { name: 'gru-64', cell: 'gru', units: 64, timesteps: 50, features: 1, samples: 1024, batch: 64, epochs: 3 },
  { name: 'rnn-64', cell: 'rnn', units: 64, timesteps: 50, features: 1, samples: 1024, batch: 64, epochs: 3 },
  { name: 'lstm-256', cell: 'lstm', units: 256, timesteps: 100, features: 8, samples: 512, batch: 64, epochs: 1 },
];

/**
 * Character-level workloads: a sample trained by the engine as `rnn train`
 * does, against the same model predicting after the last step only and the
 * PyTorch reference bench/torch_char_rnn.py (the same model, data and
 * settings). Reported: seconds per epoch, input characters per second, and
 * the validation loss after each epoch with the time it was reached.
 */
export interface TextWorkload {
  name: string;
  /** The sample measured. */
  sample: string;
  /** The sample it is compared with (the same model predicting after the last step). */
  baseline: string;
  /** The PyTorch reference, under bench/. */
  reference: string;
  epochs: number;
}

export const TEXT_WORKLOADS: TextWorkload[] = [
  {
    name: 'shakespeare-every-step',
    sample: 'samples/shakespeare-every-step.rnn',
    baseline: 'samples/shakespeare.rnn',
    reference: 'torch_char_rnn.py',
    epochs: 3,
  },
];

export interface WorkloadData {
  /** [samples, timesteps, features], row-major. */
  x: Float32Array;
  /** [samples, 1]. */
  y: Float32Array;
}

/** x[t] = sin(phase + 0.1 t) (+ features-1 copies with 0.05 gaussian noise), y = x[timesteps]. */
export function makeWorkloadData(w: Workload, seed = 0): WorkloadData {
  const random = createRandom(seed);
  const x = new Float32Array(w.samples * w.timesteps * w.features);
  const y = new Float32Array(w.samples);
  for (let n = 0; n < w.samples; n++) {
    const phase = random.next() * 2 * Math.PI;
    for (let t = 0; t < w.timesteps; t++) {
      const value = Math.sin(phase + 0.1 * t);
      for (let f = 0; f < w.features; f++) x[(n * w.timesteps + t) * w.features + f] = f === 0 ? value : value + 0.05 * random.normal();
    }
    y[n] = Math.sin(phase + 0.1 * w.timesteps);
  }
  return { x, y };
}

export function selectWorkloads(names: string[] | undefined): Workload[] {
  if (!names) return WORKLOADS;
  return names.filter((name) => !TEXT_WORKLOADS.some((w) => w.name === name)).map((name) => {
    const found = WORKLOADS.find((w) => w.name === name);
    const known = [...WORKLOADS, ...TEXT_WORKLOADS].map((w) => w.name).join(', ');
    if (!found) throw new Error(`unknown workload "${name}"; choose from ${known}`);
    return found;
  });
}

/** The text workloads among `names` (all of them when no names are given). */
export function selectTextWorkloads(names: string[] | undefined): TextWorkload[] {
  return names ? TEXT_WORKLOADS.filter((w) => names.includes(w.name)) : TEXT_WORKLOADS;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
