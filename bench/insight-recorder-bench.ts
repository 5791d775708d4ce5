// npm run bench:insight [-- --steps 500 --units 256 --epochs 40]
//
// The insight recording's own cost per epoch (core/src/engine/train/callbacks/insight.ts):
// records, histograms, base64 traces, JSON and the appends to insight.jsonl,
// with a probe that returns canned figures of an lstm's shapes and computes
// nothing, so the figure is what the recording adds to the probe's cost (the
// probe's is in `npm run bench`, insight on against off). Prints one JSON line
// per shape: the median and fastest milliseconds of an epoch's records, and
// the bytes insight.jsonl reached (traces thinned within their budget).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InsightRecorder, type EpochLogs, type LayerProbe, type TrainingContext } from '../core/src/engine';
import { createRandom } from '../core/src/engine';
import { INSIGHT_FILE } from '../core/src/shared';
import { RunFolderWriter } from '../core/src/run-store';
import { median } from './workloads';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** What a probe of one lstm layer returns, filled with noise. */
function cannedProbe(steps: number, units: number, features: number): LayerProbe[] {
  const random = createRandom(0);
  const noise = (length: number) => Float32Array.from({ length }, () => random.normal());
  const gates = ['input', 'forget', 'cell', 'output'];
  const sizes = { input: features * units, recurrent: units * units, bias: units } as const;
  return [{
    layer: { layer: 0, direction: 'forward', cell: 'lstm', units, gates },
    norms: Array.from(noise(steps), Math.abs),
    traces: [...gates, 'cell', 'hidden'].map((name) => ({ name, values: noise(steps * units) })),
    saturation: gates.map((gate) => ({ gate, low: random.next(), high: random.next() })),
    blocks: gates.flatMap((gate) => (['input', 'recurrent', 'bias'] as const).map((block) => ({ block, gate, weights: noise(sizes[block]), gradients: noise(sizes[block]) }))),
  }];
}

function measure(steps: number, units: number, epochs: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-insight-bench-'));
  const probes = cannedProbe(steps, units, 1);
  const recorder = new InsightRecorder({ probe: () => probes });
  const window = { size: 64, x: new Float32Array(64 * steps), y: new Float32Array(64) };
  const data = { timesteps: steps, features: 1, targets: 'dense', train: { size: 64, batch: () => window }, validation: { size: 0, batch: () => window } };
  // Only what the recorder reads of a run.
  const run = {
    seed: 0, epochs, spec: { loss: 'mse', train: { insight_sample: 0 } }, setup: { data, model: undefined },
    history: { epochs: 0, weightsEpoch: 0 }, writer: new RunFolderWriter(dir), emit: () => undefined, log: () => undefined,
  } as unknown as TrainingContext;
  try {
    recorder.onTrainBegin(run);
    const times: number[] = [];
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const start = performance.now();
      recorder.onEpochEnd(run, { epoch } as EpochLogs);
      times.push(performance.now() - start);
    }
    const round = (x: number) => Number(x.toFixed(2));
    console.log(JSON.stringify({ steps, units, epochs, median_ms: round(median(times)), fastest_ms: round(Math.min(...times)), file_bytes: statSync(join(dir, INSIGHT_FILE)).size }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const epochs = option('epochs', 40);
if (process.argv.includes('--steps')) measure(option('steps', 50), option('units', 64), epochs);
else for (const [steps, units] of [[50, 64], [100, 256], [500, 256]]) measure(steps, units, epochs);
