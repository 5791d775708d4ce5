// npm run bench:compare [-- --base <git ref> --rounds 3 --workloads lstm-64,gru-64 --keep]
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
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { median, selectWorkloads, WORKLOADS } from './workloads';

/** The last commit before issue 9's restructuring: the baseline the architecture change must not slow down. */
const DEFAULT_BASE = '193362e';
const BUILDS = ['native', 'wasm'] as const;

interface Options {
  base: string;
  rounds: number;
  workloads: string[];
  keep: boolean;
}

function readOptions(argv: string[]): Options {
  // node's own parser: unknown options and missing values are errors with its messages.
  const { values } = parseArgs({
    args: argv,
    options: { base: { type: 'string' }, rounds: { type: 'string' }, workloads: { type: 'string' }, keep: { type: 'boolean' } },
  });
  const options: Options = {
    base: values.base ?? DEFAULT_BASE,
    rounds: values.rounds === undefined ? 3 : Number(values.rounds),
    workloads: values.workloads?.split(',').filter(Boolean) ?? WORKLOADS.map((w) => w.name),
    keep: values.keep === true,
  };
  if (!(Number.isInteger(options.rounds) && options.rounds >= 1)) throw new Error('--rounds must be a whole number >= 1');
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
