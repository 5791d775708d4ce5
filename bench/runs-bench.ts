// Listing 1,000 saved runs: the run store's listRuns, and `rnn runs` (table
// and --json) as a user runs them, on run folders written by the run store's
// writer in a temporary folder (20 models of 50 runs, each with its spec copy
// and an 20-epoch metrics.jsonl). Run with `npm run bench:runs` after `npm run build`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { listRuns } from '../core/src/run-store';
import { saveRun, SINE_SOURCE } from '../test/helpers/saved-runs';

const RUNS = Number(process.env.BENCH_RUNS ?? 1000);
const MODELS = 20;
const ROUNDS = 5;
const root = join(import.meta.dirname, '..');

const runsDir = mkdtempSync(join(tmpdir(), 'rnn-bench-runs-'));
for (let i = 0; i < RUNS; i++) {
  const model = `Model${i % MODELS}`;
  const valLosses = Array.from({ length: 20 }, (_, epoch) => 1 / (epoch + 1 + (i % 7)));
  saveRun(runsDir, { model, valLosses, source: SINE_SOURCE(model, [0.001, 0.003, 0.01][i % 3], [16, 32, 64][i % 3]) });
}

/** The median of `ROUNDS` timings of `work`, in milliseconds. */
function median(work: () => void): number {
  const times = Array.from({ length: ROUNDS }, () => {
    const start = performance.now();
    work();
    return performance.now() - start;
  });
  return times.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
}

function rnn(args: string[]): void {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'rnn.js'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`rnn ${args.join(' ')} failed: ${result.stderr}`);
}

let listed = 0;
const figures = {
  runs: RUNS,
  listRunsMs: median(() => (listed = listRuns(runsDir).length)),
  cliTableMs: median(() => rnn(['runs', runsDir])),
  cliJsonMs: median(() => rnn(['runs', runsDir, '--json'])),
  /** `rnn --help`: what starting the process costs, to tell it from the listing. */
  cliStartupMs: median(() => rnn(['--help'])),
  loadAverage: loadavg()[0],
};
if (listed !== RUNS) throw new Error(`listed ${listed} runs, wrote ${RUNS}`);
rmSync(runsDir, { recursive: true, force: true });

console.log(`| what | median ms (of ${ROUNDS}) |\n|---|---:|`);
console.log(`| listRuns, ${RUNS} runs (in process) | ${figures.listRunsMs.toFixed(0)} |`);
console.log(`| \`rnn runs\` (table, whole process) | ${figures.cliTableMs.toFixed(0)} |`);
console.log(`| \`rnn runs --json\` (spec values too, whole process) | ${figures.cliJsonMs.toFixed(0)} |`);
console.log(`| \`rnn --help\` (process start-up alone) | ${figures.cliStartupMs.toFixed(0)} |`);
console.log(JSON.stringify(figures));
