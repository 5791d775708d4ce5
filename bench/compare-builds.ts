// npm run bench:compare [-- --base <git ref> --rounds 3 --workloads lstm-64,gru-64 --keep]
// npm run bench:compare -- --sample samples/shakespeare-every-step.rnn --base-sample samples/shakespeare.rnn [--epochs 3]
//
// Is this checkout as fast as an earlier one? Checks out `--base` (default:
// the last commit before the core was split into layers) into a temporary
// git worktree beside this one, builds it, then runs `npm run bench --
// --fused-only --no-references` in the base and in this checkout alternately,
// one workload and one round at a time (the order flips every round), and
// prints per workload and kernel build the median of the seconds per epoch of
// each side and the median of the per-round ratios (this / base).
// Interleaving is what makes the ratio meaningful on a shared, noisy machine:
// a burst of load hits both sides of a round, not one side of the comparison.
// With --sample it compares samples as users train them instead: each round
// runs `rnn train --sample` here and `rnn train --base-sample` (default: the
// same file) in the base, each through its own built CLI, and reads the
// characters per second (training sequences x timesteps over the median
// epoch's seconds, as bench/text-runner.ts counts them) from the runs'
// metrics.jsonl. That is how issue 16's "at least as many characters per
// second as the current sample" is measured against the sample as it was
// when the issue was filed (the default base).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkText } from '../core/src/language';
import { median, selectWorkloads, WORKLOADS } from './workloads';

/** The last commit before issue 9's restructuring: the baseline the architecture change must not slow down. */
const DEFAULT_BASE = '193362e';
const BUILDS = ['native', 'wasm'] as const;

interface Options {
  base: string;
  rounds: number;
  workloads: string[];
  keep: boolean;
  /** Compare this sample (a path in this checkout) against `baseSample` in the base, not the workloads. */
  sample?: string;
  baseSample?: string;
  epochs: number;
}

function readOptions(argv: string[]): Options {
  // node's own parser: unknown options and missing values are errors with its messages.
  const { values } = parseArgs({
    args: argv,
    options: {
      base: { type: 'string' },
      rounds: { type: 'string' },
      workloads: { type: 'string' },
      keep: { type: 'boolean' },
      sample: { type: 'string' },
      'base-sample': { type: 'string' },
      epochs: { type: 'string' },
    },
  });
  const options: Options = {
    base: values.base ?? DEFAULT_BASE,
    rounds: values.rounds === undefined ? 3 : Number(values.rounds),
    workloads: values.workloads?.split(',').filter(Boolean) ?? WORKLOADS.map((w) => w.name),
    keep: values.keep === true,
    sample: values.sample,
    baseSample: values['base-sample'] ?? values.sample,
    epochs: values.epochs === undefined ? 3 : Number(values.epochs),
  };
  if (!(Number.isInteger(options.rounds) && options.rounds >= 1)) throw new Error('--rounds must be a whole number >= 1');
  if (!(Number.isInteger(options.epochs) && options.epochs >= 1)) throw new Error('--epochs must be a whole number >= 1');
  if (values['base-sample'] !== undefined && options.sample === undefined) throw new Error('--base-sample needs --sample');
  if (options.sample !== undefined && !existsSync(options.sample)) throw new Error(`no such sample: ${options.sample}`);
  selectWorkloads(options.workloads); // fails early on an unknown name
  return options;
}

const note = (message: string) => process.stderr.write(`bench:compare: ${message}\n`);

/** A worktree of `ref` with this checkout's node_modules, built like `npm run build` does. */
function prepareBase(root: string, ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-bench-base-'));
  execFileSync('git', ['-C', root, 'worktree', 'add', '--detach', dir, ref], { stdio: 'ignore' });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  note(`building ${ref} in ${dir}`);
  execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}

/** Seconds per epoch of the engine on each kernel build, for one workload, from one bench invocation in `dir`. */
function benchOnce(dir: string, workload: string): Partial<Record<(typeof BUILDS)[number], number>> {
  const out = execFileSync('npm', ['run', '--silent', 'bench', '--', '--workloads', workload, '--fused-only', '--no-references', '--repeat', '1'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = out.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`no result from the bench in ${dir}`);
  const result = JSON.parse(line) as Record<string, number | null>;
  const seconds: Partial<Record<(typeof BUILDS)[number], number>> = {};
  for (const build of BUILDS) {
    const value = result[`${build}_engine_seconds_per_epoch`];
    if (typeof value === 'number') seconds[build] = value;
  }
  return seconds;
}

interface SampleRun {
  characters_per_second: number;
  seconds_per_epoch: number;
  val_loss: number | null;
}

/** Trains `file` (relative to `dir`) with the CLI built in `dir`; its characters per second from the run's metrics. */
function trainSampleOnce(dir: string, file: string, epochs: number): SampleRun {
  const spec = checkText(readFileSync(join(dir, file), 'utf8'), { path: file }).models[0]?.spec;
  if (!spec) throw new Error(`${file} does not check in ${dir}`);
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-bench-sample-'));
  try {
    execFileSync(process.execPath, [join(dir, 'bin', 'rnn.js'), 'train', file, '--epochs', String(epochs), '--runs-dir', runsDir], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const events = readFileSync(findMetrics(runsDir), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; trainSamples?: number; seconds?: number; val_loss?: number });
    const trainSamples = events.find((e) => e.type === 'start')?.trainSamples;
    const epochEvents = events.filter((e) => e.type === 'epoch');
    if (trainSamples === undefined || epochEvents.length === 0) throw new Error(`the run of ${file} in ${dir} recorded no epochs`);
    const seconds = median(epochEvents.map((e) => e.seconds ?? NaN));
    return {
      characters_per_second: Math.round((trainSamples * spec.input.timesteps) / seconds),
      seconds_per_epoch: Number(seconds.toFixed(3)),
      val_loss: epochEvents.at(-1)?.val_loss ?? null,
    };
  } finally {
    rmSync(runsDir, { recursive: true, force: true });
  }
}

function findMetrics(dir: string): string {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === 'metrics.jsonl') return join(entry.parentPath, entry.name);
  }
  throw new Error(`no metrics.jsonl under ${dir}`);
}

function compareSamples(options: Options, root: string, base: string): void {
  const head = { file: options.sample!, runs: [] as SampleRun[] };
  const baseSide = { file: options.baseSample!, runs: [] as SampleRun[] };
  const ratios: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? (['base', 'head'] as const) : (['head', 'base'] as const);
    for (const side of order) {
      if (side === 'base') baseSide.runs.push(trainSampleOnce(base, baseSide.file, options.epochs));
      else head.runs.push(trainSampleOnce(root, head.file, options.epochs));
    }
    ratios.push(head.runs[round].characters_per_second / baseSide.runs[round].characters_per_second);
    note(`round ${round + 1}/${options.rounds}: ratio ${ratios[round].toFixed(3)}`);
  }
  console.log(JSON.stringify({
    sample: head.file,
    base_sample: baseSide.file,
    base: options.base,
    rounds: options.rounds,
    epochs: options.epochs,
    head_characters_per_second: head.runs.map((r) => r.characters_per_second),
    base_characters_per_second: baseSide.runs.map((r) => r.characters_per_second),
    head_val_loss: head.runs.map((r) => r.val_loss),
    base_val_loss: baseSide.runs.map((r) => r.val_loss),
    median_ratio_head_base: Number(median(ratios).toFixed(3)),
    ratios: ratios.map((r) => Number(r.toFixed(3))),
  }));
}

function main(): void {
  const options = readOptions(process.argv.slice(2));
  const root = join(dirname(__filename), '..');
  if (!existsSync(join(root, 'node_modules'))) throw new Error('run npm install first');
  const base = prepareBase(root, options.base);
  let removed = false;
  const removeBase = () => {
    if (removed) return;
    removed = true;
    execFileSync('git', ['-C', root, 'worktree', 'remove', '--force', base], { stdio: 'ignore' });
    rmSync(base, { recursive: true, force: true });
  };
  // Ctrl-C must not leave a stray worktree registered in this repository.
  const interrupted = () => {
    if (!options.keep) removeBase();
    process.exit(130);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    if (options.sample !== undefined) return compareSamples(options, root, base);
    for (const workload of options.workloads) {
      const samples = new Map<string, { base: number[]; head: number[]; ratios: number[] }>();
      for (let round = 0; round < options.rounds; round++) {
        const order = round % 2 === 0 ? (['base', 'head'] as const) : (['head', 'base'] as const);
        const results: Record<string, ReturnType<typeof benchOnce>> = {};
        for (const side of order) results[side] = benchOnce(side === 'base' ? base : root, workload);
        for (const build of BUILDS) {
          const b = results.base[build];
          const h = results.head[build];
          if (b === undefined || h === undefined) continue;
          const entry = samples.get(build) ?? { base: [], head: [], ratios: [] };
          entry.base.push(b);
          entry.head.push(h);
          entry.ratios.push(h / b);
          samples.set(build, entry);
        }
        note(`${workload} round ${round + 1}/${options.rounds} done`);
      }
      for (const [build, s] of samples) {
        console.log(JSON.stringify({
          workload,
          build,
          base: options.base,
          rounds: s.ratios.length,
          base_seconds_per_epoch: Number(median(s.base).toFixed(4)),
          head_seconds_per_epoch: Number(median(s.head).toFixed(4)),
          median_ratio_head_base: Number(median(s.ratios).toFixed(3)),
          ratios: s.ratios.map((r) => Number(r.toFixed(3))),
        }));
      }
    }
  } finally {
    if (options.keep) note(`kept the base worktree at ${base}`);
    else removeBase();
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`bench:compare: ${(error as Error).message}\n`);
  process.exit(1);
}
