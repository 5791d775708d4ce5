// node --import tsx bench/output-step-bench.ts [--rounds 3] [--steps 40] [--only name,name]
//
// CPU per training step of the every-step shakespeare sample, of the
// last-step one and of the digits classifier, each with its output layer on
// the fused kernel and as tfjs ops (RNN_FUSED_OUTPUT=0), and of both
// shakespeare samples with their one-hot input given to the kernels dense
// (RNN_SPARSE_INPUT=0) instead of as indices, and of the last-step sample
// made bidirectional with and without its input's gradient
// (RNN_INPUT_GRADIENT=always), in one process,
// taking turns round after round so that a burst of load hits all of them
// (--only: some of them, by name). A step's CPU (process.cpuUsage:
// every thread, the kernels' second one too) is steadier than its wall time
// on a shared machine. Each run trains `steps` batches of one epoch with seed
// 1 (what `rnn train` does, backend and kernels as `auto` picks them); the
// first 5 steps are left out (warm-up) and the median of the rest is printed,
// per round and over the rounds, with the ratios, and the seconds per epoch
// that the median wall time per step implies (batches per epoch x median).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkText, nodeFileSystem } from '../core/src/language';
import { loadDataset, train, type Callback } from '../core/src/engine';
import { median } from './workloads';

const WARM_UP = 5;

interface Variant {
  name: string;
  file: string;
  /** The engine's switches for measuring, set for this variant's runs only. */
  env: Record<string, string>;
  /** A change to the sample's text before it is checked (another model of the same data). */
  edit?: (text: string) => string;
}

const bidirectional = (text: string) => text.replace('units: [128] }', 'units: [128], bidirectional: true }');

const EVERY_STEP = 'samples/shakespeare-every-step.rnn';
const LAST_STEP = 'samples/shakespeare.rnn';
// Sequence classification after the last step, a small model: the output layer's share of a step is the largest.
const DIGITS = 'samples/digits.rnn';
const ALL_VARIANTS: Variant[] = [
  { name: 'every_step_fused_output', file: EVERY_STEP, env: {} },
  { name: 'every_step_tfjs_output', file: EVERY_STEP, env: { RNN_FUSED_OUTPUT: '0' } },
  { name: 'last_step', file: LAST_STEP, env: {} },
  { name: 'last_step_tfjs_output', file: LAST_STEP, env: { RNN_FUSED_OUTPUT: '0' } },
  { name: 'digits_fused_output', file: DIGITS, env: {} },
  { name: 'digits_tfjs_output', file: DIGITS, env: { RNN_FUSED_OUTPUT: '0' } },
  { name: 'every_step_dense_input', file: EVERY_STEP, env: { RNN_SPARSE_INPUT: '0' } },
  { name: 'last_step_dense_input', file: LAST_STEP, env: { RNN_SPARSE_INPUT: '0' } },
  { name: 'bidirectional_last_step', file: LAST_STEP, env: {}, edit: bidirectional },
  { name: 'bidirectional_last_step_input_gradient', file: LAST_STEP, env: { RNN_INPUT_GRADIENT: 'always' }, edit: bidirectional },
];

/** CPU milliseconds of each step after the warm-up, and the run's log lines. */
function specOf(file: string, edit?: (text: string) => string) {
  const text = readFileSync(file, 'utf8');
  const edited = edit ? edit(text) : text;
  if (edit && edited === text) throw new Error(`the edit of ${file} did not apply`);
  const spec = checkText(edited, { path: file }).models[0]?.spec;
  if (!spec) throw new Error(`${file} does not check`);
  return spec;
}

/** Batches in one epoch of the sample, as `rnn train` splits it with seed 1. */
function batchesPerEpoch(file: string): number {
  const spec = specOf(file);
  return Math.ceil(loadDataset(spec, 1, nodeFileSystem).train.size / spec.train.batch_size);
}

async function cpuPerStep(variant: Variant, steps: number): Promise<{ cpu: number[]; wall: number[]; logs: string[] }> {
  const spec = specOf(variant.file, variant.edit);
  const cpu: number[] = [];
  const wall: number[] = [];
  const logs: string[] = [];
  let last = { usage: process.cpuUsage(), time: performance.now() };
  const timer: Callback = {
    onEpochBegin() {
      last = { usage: process.cpuUsage(), time: performance.now() };
    },
    onBatchEnd(_run, { batch }) {
      const usage = process.cpuUsage(last.usage);
      const time = performance.now();
      if (batch > WARM_UP) {
        cpu.push((usage.user + usage.system) / 1000);
        wall.push(time - last.time);
      }
      last = { usage: process.cpuUsage(), time: performance.now() };
    },
  };
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-output-step-bench-'));
  Object.assign(process.env, variant.env);
  try {
    const result = await train(spec, {
      runsDir,
      epochs: 1,
      seed: 1,
      stepsPerEpoch: steps,
      verifyBackend: false,
      callbacks: [timer],
      onEvent: (event) => {
        if (event.type === 'log') logs.push(event.message);
      },
    });
    if (result.status !== 'completed') throw new Error(`${variant.file}: ${result.status} ${result.reason ?? ''}`);
  } finally {
    for (const name of Object.keys(variant.env)) delete process.env[name];
    rmSync(runsDir, { recursive: true, force: true });
  }
  return { cpu, wall, logs };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string' }, steps: { type: 'string' }, only: { type: 'string' } } });
  const only = values.only?.split(',');
  const VARIANTS = only ? ALL_VARIANTS.filter((v) => only.includes(v.name)) : ALL_VARIANTS;
  if (VARIANTS.length === 0) throw new Error(`--only takes names among ${ALL_VARIANTS.map((v) => v.name).join(', ')}`);
  const rounds = Number(values.rounds ?? 3);
  const steps = Number(values.steps ?? 40);
  if (!(Number.isInteger(rounds) && rounds >= 1 && Number.isInteger(steps) && steps > WARM_UP)) throw new Error(`--rounds >= 1 and --steps > ${WARM_UP}`);
  const perRound = new Map<string, number[]>(VARIANTS.map((v) => [v.name, []]));
  const wallPerRound = new Map<string, number[]>(VARIANTS.map((v) => [v.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const variant of VARIANTS) {
      const { cpu, wall, logs } = await cpuPerStep(variant, steps);
      if (r === 0) process.stderr.write(`${variant.name}: ${logs.filter((l) => /output layer|backend|kernels/.test(l)).join(' | ')}\n`);
      perRound.get(variant.name)!.push(Number(median(cpu).toFixed(1)));
      wallPerRound.get(variant.name)!.push(Number(median(wall).toFixed(1)));
    }
  }
  const has = (name: string) => perRound.has(name);
  const cpu = (name: string) => (has(name) ? median(perRound.get(name)!) : NaN);
  const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? Number((a / b).toFixed(3)) : null);
  const batches = new Map([EVERY_STEP, LAST_STEP, DIGITS].map((file) => [file, batchesPerEpoch(file)]));
  console.log(
    JSON.stringify({
      rounds,
      steps,
      cpu_ms_per_step_by_round: Object.fromEntries(perRound),
      wall_ms_per_step_by_round: Object.fromEntries(wallPerRound),
      cpu_ms_per_step: Object.fromEntries(VARIANTS.map((v) => [v.name, cpu(v.name)])),
      seconds_per_epoch: Object.fromEntries(
        VARIANTS.map((v) => [v.name, Number(((batches.get(v.file)! * median(wallPerRound.get(v.name)!)) / 1000).toFixed(1))]),
      ),
      ratio_cpu_fused_output_tfjs_output: has('every_step_tfjs_output') ? ratio(cpu('every_step_fused_output'), cpu('every_step_tfjs_output')) : undefined,
      ratio_cpu_last_step_fused_output_tfjs_output: has('last_step_tfjs_output') ? ratio(cpu('last_step'), cpu('last_step_tfjs_output')) : undefined,
      ratio_cpu_digits_fused_output_tfjs_output: has('digits_tfjs_output') ? ratio(cpu('digits_fused_output'), cpu('digits_tfjs_output')) : undefined,
      // Characters per second scale with 1 / CPU per step at equal batch and window: > 1 means more characters per second than the last-step sample.
      ratio_characters_per_cpu_every_step_last_step: has('last_step') ? ratio(cpu('last_step'), cpu('every_step_fused_output')) : undefined,
      // The same against the last-step sample with its output layer as tfjs ops, as it ran before that layer had the kernel.
      ratio_characters_per_cpu_every_step_last_step_tfjs_output: has('last_step_tfjs_output') ? ratio(cpu('last_step_tfjs_output'), cpu('every_step_fused_output')) : undefined,
      ratio_cpu_sparse_dense_input_every_step: has('every_step_dense_input') ? ratio(cpu('every_step_fused_output'), cpu('every_step_dense_input')) : undefined,
      ratio_cpu_sparse_dense_input_last_step: has('last_step_dense_input') ? ratio(cpu('last_step'), cpu('last_step_dense_input')) : undefined,
      ratio_cpu_bidirectional_without_with_input_gradient: has('bidirectional_last_step_input_gradient')
        ? ratio(cpu('bidirectional_last_step'), cpu('bidirectional_last_step_input_gradient'))
        : undefined,
    }),
  );
}

main().catch((error: Error) => {
  process.stderr.write(`output-step-bench: ${error.message}\n`);
  process.exit(1);
});
