// npm run bench:probe [-- --workloads lstm-64,gru-64 --epochs 3 --probe-batch 64 --builds native,wasm,stock]
//
// What one insight probe (core/src/engine/insight/probe.ts: the gradient norm
// through time, gates, states, saturation and per-block weight gradients) costs
// against one training epoch, on the reference workloads (bench/workloads.ts)
// trained by the engine: after every timed epoch a callback probes the model as
// it stands on the first `--probe-batch` training windows, the way insight's
// recording callback does after each epoch. Prints one JSON line per workload
// and kernel build: median seconds per epoch, median seconds per probe, and
// their ratio (the probe's share of an epoch when recorded once per epoch).
import * as tf from '@tensorflow/tfjs-core';
import { loadKernelBuild, probeRecurrentLayers, type Callback, type KernelOption, type ProbeRequest } from '../core/src/engine';
import { timeEngine } from './engine-runner';
import { median, selectWorkloads } from './workloads';

interface Options {
  workloads?: string[];
  epochs: number;
  probeBatch: number;
  builds: KernelOption[];
}

function parseArgs(argv: string[]): Options {
  const options: Options = { epochs: 3, probeBatch: 64, builds: ['native', 'wasm'] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--workloads') options.workloads = value().split(',').filter(Boolean);
    else if (arg === '--epochs') options.epochs = Number(value());
    else if (arg === '--probe-batch') options.probeBatch = Number(value());
    else if (arg === '--builds') options.builds = value().split(',').filter(Boolean) as KernelOption[];
    else throw new Error(`unknown option ${arg}`);
  }
  for (const [name, n] of [['--epochs', options.epochs], ['--probe-batch', options.probeBatch]] as const) {
    if (!(Number.isInteger(n) && n >= 1)) throw new Error(`${name} must be a whole number >= 1`);
  }
  return options;
}

// The workloads' loss (mse), written out: the engine's loss functions are not part of its public entry.
const mse: ProbeRequest['loss'] = (target, predicted) => tf.mean(tf.squaredDifference(target, predicted)) as tf.Scalar;

/** Times a probe after every epoch but the warm-up one (the epoch's own seconds are measured before it runs). */
function probeTimer(probeBatch: number, seconds: number[]): Callback {
  return {
    onEpochEnd(run, logs) {
      if (logs.epoch < 2) return;
      const { model, data } = run.setup;
      const windows = Array.from({ length: Math.min(probeBatch, data.train.size) }, (_, i) => i);
      const batch = data.train.batch(windows);
      const start = performance.now();
      probeRecurrentLayers({ model, data, batch, traced: 0, loss: mse });
      seconds.push((performance.now() - start) / 1000);
    },
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const builds = options.builds.filter((build) => {
    if (build === 'stock' || loadKernelBuild(build as 'native' | 'wasm')) return true;
    process.stderr.write(`bench: the ${build} kernels are not built here; skipped\n`);
    return false;
  });
  for (const workload of selectWorkloads(options.workloads ?? ['lstm-64'])) {
    for (const build of builds) {
      const probes: number[] = [];
      const run = await timeEngine(workload, options.epochs, 'auto', build, false, [probeTimer(options.probeBatch, probes)]);
      const probeSeconds = median(probes);
      console.log(JSON.stringify({
        workload: workload.name,
        kernels: build,
        backend: run.backend,
        secondsPerEpoch: Number(run.secondsPerEpoch.toFixed(4)),
        probeBatch: options.probeBatch,
        secondsPerProbe: Number(probeSeconds.toFixed(4)),
        probePerEpoch: Number((probeSeconds / run.secondsPerEpoch).toFixed(4)),
      }));
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
