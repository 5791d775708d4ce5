// node --import tsx bench/output-step-bench.ts [--rounds 3] [--steps 40]
//
// CPU per training step of the every-step shakespeare sample with its output
// layer on the fused kernel and as tfjs ops (RNN_FUSED_OUTPUT=0), and of the
// last-step sample, in one process, the three taking turns round after round
// so that a burst of load hits all of them. A step's CPU (process.cpuUsage:
// every thread, the kernels' second one too) is steadier than its wall time
// on a shared machine. Each run trains `steps` batches of one epoch with seed
// 1 (what `rnn train` does, backend and kernels as `auto` picks them); the
// first 5 steps are left out (warm-up) and the median of the rest is printed,
// per round and over the rounds, with the ratios.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkText } from '../core/src/language';
import { train, type Callback } from '../core/src/engine';
import { median } from './workloads';

const WARM_UP = 5;

interface Variant {
  name: string;
  file: string;
  fusedOutput: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'every_step_fused_output', file: 'samples/shakespeare-every-step.rnn', fusedOutput: true },
  { name: 'every_step_tfjs_output', file: 'samples/shakespeare-every-step.rnn', fusedOutput: false },
  { name: 'last_step', file: 'samples/shakespeare.rnn', fusedOutput: true },
];

/** CPU milliseconds of each step after the warm-up, and the run's log lines. */
async function cpuPerStep(variant: Variant, steps: number): Promise<{ cpu: number[]; wall: number[]; logs: string[] }> {
  const checked = checkText(readFileSync(variant.file, 'utf8'), { path: variant.file });
  const spec = checked.models[0]?.spec;
  if (!spec) throw new Error(`${variant.file} does not check`);
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
  if (variant.fusedOutput) delete process.env.RNN_FUSED_OUTPUT;
  else process.env.RNN_FUSED_OUTPUT = '0';
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
    delete process.env.RNN_FUSED_OUTPUT;
    rmSync(runsDir, { recursive: true, force: true });
  }
  return { cpu, wall, logs };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string' }, steps: { type: 'string' } } });
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
  const cpu = (name: string) => median(perRound.get(name)!);
  const ratio = (a: number, b: number) => Number((a / b).toFixed(3));
  console.log(
    JSON.stringify({
      rounds,
      steps,
      cpu_ms_per_step_by_round: Object.fromEntries(perRound),
      wall_ms_per_step_by_round: Object.fromEntries(wallPerRound),
      cpu_ms_per_step: Object.fromEntries(VARIANTS.map((v) => [v.name, cpu(v.name)])),
      ratio_cpu_fused_output_tfjs_output: ratio(cpu('every_step_fused_output'), cpu('every_step_tfjs_output')),
      // Characters per second scale with 1 / CPU per step at equal batch and window: > 1 means more characters per second than the last-step sample.
      ratio_characters_per_cpu_every_step_last_step: ratio(cpu('last_step'), cpu('every_step_fused_output')),
    }),
  );
}

main().catch((error: Error) => {
  process.stderr.write(`output-step-bench: ${error.message}\n`);
  process.exit(1);
});
