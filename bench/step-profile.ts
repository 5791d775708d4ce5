// npm run bench:step-profile [-- --workloads lstm-64 --builds native,wasm --epochs 3]
//
// Where a training batch's time goes around the fused kernels (issue 15): the
// engine trains a reference workload exactly as `npm run bench` does (its own
// train(), the backend `auto` picks, no validation), with timers wrapped
// around what a batch calls -- the kernels' forward and backward calls, every
// tfjs kernel the backend runs (by name and by phase), the gradient pass, the
// optimizer's update, the batch's windows and the events a batch emits -- and
// prints milliseconds per batch of the timed epochs (after one warm-up epoch)
// and the kernels' share of the epoch: `kernel_code_*` is the compiled
// kernels' own run, `fused_kernels_*` adds the TypeScript that lays out their
// buffers and copies in and out (recurrent-kernels.ts). Wrapping costs a clock read per call
// (about 0.1 µs), so the totals are within a few percent of an untimed run;
// the bench compares like with like (before/after) rather than claiming the
// absolute figure to the microsecond.
import * as tf from '@tensorflow/tfjs-core';
import { loadKernelBuild, selectBackend, type Callback, type KernelBuild, type TrainingContext } from '../core/src/engine';
import { timeEngine } from './engine-runner';
import { selectWorkloads, type Workload } from './workloads';

type Phase = 'gradients' | 'optimizer' | 'batch' | 'events' | 'other';

/** Milliseconds summed over the timed batches. */
class Tally {
  readonly phases = new Map<Phase, number>();
  readonly ops = new Map<string, { ms: number; calls: number }>();
  kernelForward = 0;
  kernelBackward = 0;
  /** Inside the compiled kernels alone (the machine's run), without the TypeScript copies around them. */
  kernelMachine = 0;
  kernelCalls = 0;
  batches = 0;
  epochSeconds = 0;
  phase: Phase = 'other';

  addPhase(phase: Phase, ms: number): void {
    this.phases.set(phase, (this.phases.get(phase) ?? 0) + ms);
  }

  addOp(name: string, ms: number): void {
    const key = `${this.phase}: ${name}`;
    const entry = this.ops.get(key) ?? { ms: 0, calls: 0 };
    entry.ms += ms;
    entry.calls++;
    this.ops.set(key, entry);
  }
}

let active: Tally | undefined;
const now = () => performance.now();

/** Runs `run` as `phase`: its wall time goes to the phase, the tfjs kernels it runs are filed under it. */
function within<T>(phase: Phase, run: () => T): T {
  const tally = active;
  if (!tally) return run();
  const outer = tally.phase;
  tally.phase = phase;
  const start = now();
  try {
    return run();
  } finally {
    tally.addPhase(phase, now() - start);
    tally.phase = outer;
  }
}

/** Times every tfjs kernel of the backend (the registry's configs are shared objects, so wrapping them once suffices). */
function wrapBackendKernels(backend: string): void {
  for (const config of tf.getKernelsForBackend(backend)) {
    const inner = config.kernelFunc;
    const name = config.kernelName;
    (config as { kernelFunc: tf.KernelFunc }).kernelFunc = (args) => {
      if (!active) return inner(args);
      const start = now();
      try {
        return inner(args);
      } finally {
        active.addOp(name, now() - start);
      }
    };
  }
}

/**
 * Times the fused kernels' forward and backward calls of a build (one object
 * per build and process), and within them the compiled code's own run (the
 * machine is private to RecurrentKernels: reached here for measuring only).
 */
function wrapFusedKernels(build: KernelBuild): void {
  const kernels = loadKernelBuild(build) as unknown as Record<'forward' | 'backward', (...args: unknown[]) => unknown> & { machine: { run(calls: unknown): void } } | null;
  if (!kernels) throw new Error(`the ${build} kernels are not built`);
  const { machine } = kernels;
  const run = machine.run.bind(machine);
  machine.run = (calls) => {
    if (!active) return run(calls);
    const start = now();
    try {
      return run(calls);
    } finally {
      active.kernelMachine += now() - start;
    }
  };
  for (const method of ['forward', 'backward'] as const) {
    const inner = kernels[method].bind(kernels);
    kernels[method] = (...args: unknown[]) => {
      if (!active) return inner(...args);
      const start = now();
      try {
        return inner(...args);
      } finally {
        const ms = now() - start;
        if (method === 'forward') active.kernelForward += ms;
        else active.kernelBackward += ms;
        active.kernelCalls++;
      }
    };
  }
}

/** Wraps, for one run, what its batches call: the gradient pass, the optimizer, the windows, the events. */
function instrumentRun(tally: Tally): Callback {
  const engine = tf.engine() as unknown as { gradients: (...args: unknown[]) => unknown };
  const gradients = engine.gradients;
  return {
    onTrainBegin(run: TrainingContext) {
      const { optimizer, data } = run.setup;
      const apply = optimizer.applyGradients.bind(optimizer);
      optimizer.applyGradients = (grads, clip) => within('optimizer', () => apply(grads, clip));
      const batch = data.train.batch.bind(data.train);
      data.train.batch = (indices) => within('batch', () => batch(indices));
      const emit = run.emit.bind(run);
      run.emit = (event) => within('events', () => emit(event));
      engine.gradients = (...args: unknown[]) => within('gradients', () => gradients.apply(engine, args));
    },
    onEpochBegin(_run, epoch) {
      // The first epoch warms up (as in npm run bench): only the later ones are counted.
      active = epoch > 1 ? tally : undefined;
    },
    onBatchEnd() {
      if (active) active.batches++;
    },
    onEpochEnd(_run, logs) {
      if (active) active.epochSeconds += logs.seconds;
      active = undefined;
    },
    onTrainEnd() {
      engine.gradients = gradients;
    },
  };
}

function report(w: Workload, build: KernelBuild, backend: string | undefined, tally: Tally, secondsPerEpoch: number): void {
  const per = (ms: number) => Number((ms / tally.batches).toFixed(3));
  const batchMs = (tally.epochSeconds * 1000) / tally.batches;
  const kernels = tally.kernelForward + tally.kernelBackward;
  const opsIn = (phase: Phase) => [...tally.ops].filter(([key]) => key.startsWith(`${phase}:`)).reduce((sum, [, v]) => sum + v.ms, 0);
  const phases = Object.fromEntries([...tally.phases].map(([phase, ms]) => [phase, { ms: per(ms), tfjs_kernels_ms: per(opsIn(phase)) }]));
  const top = [...tally.ops].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)
    .map(([key, v]) => ({ op: key, ms: per(v.ms), calls: Number((v.calls / tally.batches).toFixed(1)) }));
  const accounted = [...tally.phases].filter(([p]) => p !== 'other').reduce((sum, [, ms]) => sum + ms, 0);
  console.log(JSON.stringify({
    workload: w.name,
    build,
    backend,
    seconds_per_epoch: Number(secondsPerEpoch.toFixed(4)),
    batches: tally.batches,
    batch_ms: Number(batchMs.toFixed(3)),
    fused_kernels_ms: per(kernels),
    fused_forward_ms: per(tally.kernelForward),
    fused_backward_ms: per(tally.kernelBackward),
    fused_kernels_share: Number((kernels / (tally.epochSeconds * 1000)).toFixed(3)),
    // The compiled kernels alone: the issue's "kernels' share of an epoch".
    kernel_code_ms: per(tally.kernelMachine),
    kernel_code_share: Number((tally.kernelMachine / (tally.epochSeconds * 1000)).toFixed(3)),
    // Everything else of a batch: the TypeScript around the kernels, tfjs, the optimizer, the loop.
    outside_kernel_code_ms: per(tally.epochSeconds * 1000 - tally.kernelMachine),
    tfjs_kernels_ms: per([...tally.ops.values()].reduce((sum, v) => sum + v.ms, 0)),
    tfjs_kernel_calls: Number(([...tally.ops.values()].reduce((sum, v) => sum + v.calls, 0) / tally.batches).toFixed(1)),
    phases,
    // The rest of a batch: the loop, the step's own tensors (batchTensors, the read-back), clipping, yielding.
    outside_phases_ms: per(tally.epochSeconds * 1000 - accounted),
    top_tfjs_kernels: top,
  }));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const workloads = selectWorkloads(option('--workloads')?.split(',') ?? ['lstm-64']);
  const builds = (option('--builds')?.split(',') ?? ['native', 'wasm']) as KernelBuild[];
  const epochs = Number(option('--epochs') ?? 3);
  // `auto` runs the fused kernels on the wasm backend: register it now so that its kernels can be wrapped before the runs.
  const backend = (await selectBackend('wasm')).name;
  wrapBackendKernels(backend);
  for (const build of builds) {
    if (loadKernelBuild(build)) wrapFusedKernels(build);
    else process.stderr.write(`step-profile: the ${build} kernels are not built; skipped\n`);
  }
  for (const w of workloads) {
    for (const build of builds.filter((b) => loadKernelBuild(b))) {
      const tally = new Tally();
      const run = await timeEngine(w, epochs, 'auto', build, false, [instrumentRun(tally)]);
      report(w, build, run.backend, tally, run.secondsPerEpoch);
    }
  }
}

main().catch((error) => {
  process.stderr.write(`step-profile: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
