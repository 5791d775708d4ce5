// npm run bench:kernels [-- --workloads lstm-64,lstm-256 --repeat 20]
// The fused kernels alone, per build: WebAssembly, native (the engine's
// choice: the -march=native build when it was made here) and each prebuilt
// native variant this CPU runs (native/prebuilds, what the .vsix ships):
// one forward pass with its cache plus BPTT over one batch of each reference
// workload, the builds taking turns, best of `repeat` (the machine is shared;
// the minimum is the least disturbed run). Prints one JSON line per workload
// and build, with the implied seconds per epoch of kernel work (batches per
// epoch x best) and the ratios to wasm and to native measured in this run.
// Then the every-step output layer's kernel (kernels/src/output.c) on the
// every-step shakespeare sample's batch (128 windows of 64 steps, 128 units,
// 65 classes): logits, softmax, loss and every gradient, best of `repeat`.
// Then the recurrent layer of the shakespeare samples (LSTM, 128 windows of
// 64 steps, 128 units, 65 one-hot features), at the last step and at every
// step, three ways: the input dense with its gradient (the kernels before
// they took one-hot input), dense without the input gradient, and as one-hot
// indices without it (what the engine does for a character-level model).
import { loadKernelBuild, loadNativeVariants, softmaxCrossEntropy } from '../core/src/engine';

type RecurrentKernels = NonNullable<ReturnType<typeof loadKernelBuild>>;
import type { KernelCellConfig } from '../core/src/engine';
import { cellGates } from '../core/src/engine';
import { selectWorkloads } from './workloads';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const repeat = Number(option('--repeat') ?? 20);
const workloads = selectWorkloads(option('--workloads')?.split(','));

function random(size: number, scale: number): Float32Array {
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = (Math.random() * 2 - 1) * scale;
  return values;
}

/** Every build there is here, under its label; the others are named once with the reason. */
const builds: { label: string; kernels: RecurrentKernels }[] = [];
for (const build of ['wasm', 'native'] as const) {
  const kernels = loadKernelBuild(build);
  if (kernels) builds.push({ label: build, kernels });
  else console.log(JSON.stringify({ build, skipped: 'not built' }));
}
for (const { variant, kernels, problem } of loadNativeVariants()) {
  if (kernels) builds.push({ label: `native-${variant}`, kernels });
  else console.log(JSON.stringify({ build: `native-${variant}`, skipped: problem }));
}

for (const w of workloads) {
  const blocks = { rnn: 1, gru: 3, lstm: 4 }[w.cell];
  const config: KernelCellConfig = {
    cell: w.cell, units: w.units, activation: 'tanh', gateActivation: 'sigmoid', gates: cellGates(w.cell), coupled: false, peepholes: false,
  };
  const shape = { batch: w.batch, timesteps: w.timesteps, features: w.features };
  const input = random(w.batch * w.timesteps * w.features, 1);
  const weights = {
    kernel: random(w.features * blocks * w.units, 0.3),
    recurrentKernel: random(w.units * blocks * w.units, 0.1),
    bias: random(blocks * w.units, 0.1),
  };
  const outputGradient = random(w.batch * w.units, 1);
  const timings = builds.map(() => ({ forward: Infinity, backward: Infinity }));
  for (let r = 0; r < repeat + 2; r++) {
    builds.forEach(({ kernels }, b) => {
      const t0 = performance.now();
      const { cache } = kernels.forward(config, shape, input, weights, { lastStepOnly: true, keepCache: true });
      const t1 = performance.now();
      kernels.backward(config, shape, input, weights, cache!, outputGradient, true);
      const t2 = performance.now();
      if (r < 2) return; // warm-up: memory growth, thread start
      timings[b].forward = Math.min(timings[b].forward, t1 - t0);
      timings[b].backward = Math.min(timings[b].backward, t2 - t1);
    });
  }
  const total = (label: string) => {
    const at = builds.findIndex((b) => b.label === label);
    return at >= 0 ? timings[at].forward + timings[at].backward : undefined;
  };
  const batches = Math.ceil(w.samples / w.batch);
  builds.forEach(({ label, kernels }, b) => {
    const { forward, backward } = timings[b];
    const ratio = (other: number | undefined) => (other ? +((forward + backward) / other).toFixed(3) : null);
    console.log(JSON.stringify({
      workload: w.name,
      build: label,
      threads: kernels.threads,
      forward_ms: +forward.toFixed(3),
      backward_ms: +backward.toFixed(3),
      kernel_seconds_per_epoch: +((batches * (forward + backward)) / 1000).toFixed(4),
      time_vs_wasm: ratio(total('wasm')),
      time_vs_native: ratio(total('native')),
    }));
  });
}

/** The output kernel on the shakespeare sample's shapes, every build taking turns. */
function outputKernel(): void {
  const [B, T, U, C] = [128, 64, 128, 65];
  const input = {
    batch: B, timesteps: T, units: U, classes: C,
    hidden: random(B * T * U, 1), kernel: random(U * C, 0.3), bias: random(C, 0.1),
    targets: Float32Array.from({ length: B * T }, () => Math.floor(Math.random() * C)),
    gradientScale: 1 / (B * T),
  };
  const best = builds.map(() => Infinity);
  for (let r = 0; r < repeat + 2; r++) {
    builds.forEach(({ kernels }, b) => {
      const t0 = performance.now();
      softmaxCrossEntropy(kernels, input);
      if (r >= 2) best[b] = Math.min(best[b], performance.now() - t0);
    });
  }
  builds.forEach(({ label, kernels }, b) => {
    console.log(JSON.stringify({ workload: 'output-layer-128x64x128x65', build: label, threads: kernels.threads, call_ms: +best[b].toFixed(3) }));
  });
}
outputKernel();

/** The shakespeare samples' recurrent layer with its one-hot input dense and as indices, every build taking turns. */
function oneHotLayer(): void {
  const [B, T, U, F] = [128, 64, 128, 65];
  const config: KernelCellConfig = { cell: 'lstm', units: U, activation: 'tanh', gateActivation: 'sigmoid', gates: cellGates('lstm'), coupled: false, peepholes: false };
  const shape = { batch: B, timesteps: T, features: F };
  const indices = Float32Array.from({ length: B * T }, () => Math.floor(Math.random() * F));
  const dense = new Float32Array(B * T * F);
  indices.forEach((index, row) => (dense[row * F + index] = 1));
  const weights = { kernel: random(F * 4 * U, 0.3), recurrentKernel: random(U * 4 * U, 0.1), bias: random(4 * U, 0.1) };
  const ways = [
    { name: 'dense, input gradient', input: () => dense, inputGradient: true },
    { name: 'dense, no input gradient', input: () => dense, inputGradient: false },
    { name: 'indices, no input gradient', input: () => ({ indices }), inputGradient: false },
  ];
  for (const lastStepOnly of [true, false]) {
    const outputGradient = random(lastStepOnly ? B * U : B * T * U, 1);
    const best = builds.map(() => ways.map(() => ({ forward: Infinity, backward: Infinity })));
    const before = process.env.RNN_SPARSE_INPUT;
    // The dense ways must stay dense: the kernels would send a one-hot Float32Array as indices.
    process.env.RNN_SPARSE_INPUT = '0';
    for (let r = 0; r < repeat + 2; r++) {
      builds.forEach(({ kernels }, b) => {
        ways.forEach((way, k) => {
          const t0 = performance.now();
          const { cache } = kernels.forward(config, shape, way.input(), weights, { lastStepOnly, keepCache: true });
          const t1 = performance.now();
          kernels.backward(config, shape, way.input(), weights, cache!, outputGradient, lastStepOnly, { inputGradient: way.inputGradient });
          const t2 = performance.now();
          if (r < 2) return;
          best[b][k].forward = Math.min(best[b][k].forward, t1 - t0);
          best[b][k].backward = Math.min(best[b][k].backward, t2 - t1);
        });
      });
    }
    if (before === undefined) delete process.env.RNN_SPARSE_INPUT;
    else process.env.RNN_SPARSE_INPUT = before;
    builds.forEach(({ label, kernels }, b) => {
      ways.forEach((way, k) => {
        const { forward, backward } = best[b][k];
        const reference = best[b][0].forward + best[b][0].backward;
        console.log(JSON.stringify({
          workload: `char-lstm-128x64x128x65-${lastStepOnly ? 'last-step' : 'every-step'}`,
          build: label,
          threads: kernels.threads,
          input: way.name,
          forward_ms: +forward.toFixed(3),
          backward_ms: +backward.toFixed(3),
          time_vs_dense: +((forward + backward) / reference).toFixed(3),
        }));
      });
    });
  }
}
oneHotLayer();
