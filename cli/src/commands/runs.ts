// `rnn runs`: the saved runs as a table or JSON, `rnn runs compare` and
// `rnn runs rm`. Every read goes through the run store; a folder it cannot
// read is skipped with a note on stderr, never ending the list.
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  listRuns, readResolvedSpec, readSpecCopy, removeRun, tryReadSummary, type RunEntry, type RunSummary,
} from '../../../core/src/run-store';
import { differingKeys, RunSpecValuesCache, type SpecValues } from '../../../core/src/language';
import { t } from '../../../core/src/shared';
import { columns } from '../columns';
import { formatDuration } from '../progress';
import { terminalText } from '../terminal-text';
import { UsageError } from '../usage';

export interface RunsCommandOptions {
  json: boolean;
  /** The runs folder (--runs-dir); the list's own positional folder wins. */
  runsDir?: string;
  /** rm: the trash folder beside the runs, never the system's trash. */
  trashFolder: boolean;
}

const DEFAULT_RUNS_DIR = 'runs';

/** A readable run, as every subcommand sees it. */
interface Run {
  /** `<Model folder>/<timestamp>`, relative to the runs folder: what the other subcommands take. */
  id: string;
  runDir: string;
  summary: RunSummary;
  state: string;
}

export async function runRuns(args: string[], options: RunsCommandOptions): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'compare') return compare(rest, options);
  if (sub === 'rm') return remove(rest, options);
  if (args.length > 1) throw new UsageError(t('runs takes at most one folder (or: runs compare, runs rm)'));
  return list(sub ?? options.runsDir ?? DEFAULT_RUNS_DIR, options.json);
}

/** The readable runs under `runsDir`, newest first; notes on stderr for the folders skipped. */
function readableRuns(runsDir: string): Run[] {
  const runs: Run[] = [];
  for (const entry of listRuns(runsDir)) {
    if (entry.ok) runs.push({ id: idOf(runsDir, entry.runDir), runDir: entry.runDir, summary: entry.summary, state: entry.state });
    else console.error(skippedNote(runsDir, entry));
  }
  return runs;
}

function skippedNote(runsDir: string, entry: Extract<RunEntry, { ok: false }>): string {
  return terminalText(t('note: skipped {0}: {1}', idOf(runsDir, entry.runDir), entry.reason));
}

function idOf(runsDir: string, runDir: string): string {
  return relative(runsDir, runDir).split(sep).join('/');
}

function list(runsDir: string, json: boolean): number {
  if (!existsSync(runsDir)) {
    console.error(t('no runs folder at {0}', runsDir));
    return 1;
  }
  const runs = readableRuns(runsDir);
  if (json) {
    const values = specValuesReader();
    console.log(JSON.stringify(runs.map((run) => runJson(run, values(run))), null, 2));
    return 0;
  }
  if (runs.length === 0) {
    console.log(t('no runs in {0}', runsDir));
    return 0;
  }
  const metrics = metricNames(runs);
  const header = [t('run'), t('status'), t('started'), t('duration'), t('backend'), ...metrics];
  const rows = runs.map((run) => [
    run.id,
    run.state,
    localTime(run.summary.started),
    formatDuration(run.summary.seconds),
    run.summary.backend ?? '',
    ...metrics.map((name) => metricText(run.summary.final[name])),
  ]);
  const numeric = new Set([3, ...metrics.map((_, i) => 5 + i)]);
  for (const line of columns([header, ...rows], numeric)) console.log(terminalText(line));
  return 0;
}

/** One object per run for scripts: field names and statuses stay English, numbers stay numbers (NaN as null). */
function runJson(run: Run, spec: SpecValues | undefined) {
  const { summary } = run;
  return {
    id: run.id,
    runDir: run.runDir,
    model: summary.model,
    status: run.state,
    started: summary.started,
    seconds: summary.seconds,
    epochs: summary.epochs,
    backend: summary.backend ?? null,
    seed: summary.seed,
    final: summary.final,
    spec: spec ?? null,
    sweep: summary.sweep ?? null,
  };
}

/** Spec values of runs, each spec copy checked once however many runs share it. */
function specValuesReader(): (run: Run) => SpecValues | undefined {
  const cache = new RunSpecValuesCache();
  return (run) => cache.of({ model: run.summary.model, resolvedSpec: readResolvedSpec(run.runDir), specSource: readSpecCopy(run.runDir) });
}

/** Loss and val_loss first, then the other metrics in the order runs have them. */
function metricNames(runs: readonly Run[]): string[] {
  const names = new Set(['loss', 'val_loss']);
  for (const run of runs) for (const name of Object.keys(run.summary.final)) names.add(name);
  return [...names].filter((name) => runs.some((run) => name in run.summary.final));
}

function metricText(value: number | undefined): string {
  if (value === undefined) return '';
  return Number.isFinite(value) ? value.toPrecision(4) : String(value);
}

/** "2026-11-26 15:42" in the machine's time zone. */
function localTime(iso: string): string {
  const date = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** A run named by its folder (any path) or by its id under the runs folder; undefined, with a message, when there is none. */
function findRun(name: string, runsDir: string): Run | undefined {
  const candidates = isAbsolute(name) ? [name] : [resolve(name), join(runsDir, name)];
  const runDir = candidates.find((dir) => existsSync(dir));
  if (!runDir) {
    console.error(t("no run '{0}' (give its folder, or its id as 'rnn runs' lists it)", name));
    return undefined;
  }
  const read = tryReadSummary(runDir);
  if (!read.ok) {
    console.error(terminalText(t('cannot read the run in {0}: {1}', runDir, read.reason)));
    return undefined;
  }
  const root = relative(runsDir, runDir).startsWith('..') ? resolve(runDir, '..', '..') : runsDir;
  return { id: idOf(root, runDir), runDir, summary: read.summary, state: read.state };
}

function compare(names: string[], options: RunsCommandOptions): number {
  if (names.length < 2) throw new UsageError(t('runs compare takes two or more runs'));
  const runsDir = options.runsDir ?? DEFAULT_RUNS_DIR;
  const runs = names.map((name) => findRun(name, runsDir));
  if (runs.some((run) => run === undefined)) return 1;
  const found = runs as Run[];
  const values = specValuesReader();
  const specs = found.map(values);
  const keys = differingKeys(specs);
  const metrics = metricNames(found);
  if (options.json) {
    console.log(JSON.stringify({
      runs: found.map((run) => run.id),
      differences: Object.fromEntries(keys.map((key) => [key, specs.map((spec) => spec?.[key] ?? null)])),
      final: Object.fromEntries(metrics.map((name) => [name, found.map((run) => run.summary.final[name] ?? null)])),
    }, null, 2));
    return 0;
  }
  const valueText = (value: unknown) => (value === undefined ? '-' : typeof value === 'string' ? value : JSON.stringify(value));
  const rows = [
    ['', ...found.map((run) => run.id)],
    ...keys.map((key) => [key, ...specs.map((spec) => (spec ? valueText(spec[key]) : '?'))]),
    ...metrics.map((name) => [name, ...found.map((run) => metricText(run.summary.final[name]))]),
  ];
  for (const line of columns(rows)) console.log(terminalText(line));
  if (keys.length === 0) console.log(t('The runs have the same settings.'));
  const unknown = found.filter((_, i) => specs[i] === undefined).map((run) => run.id);
  if (unknown.length > 0) console.error(t('note: no spec saved with {0}; its settings are shown as ?', unknown.join(', ')));
  return 0;
}

/** The freedesktop, macOS or Windows trash, through the `trash` package (an ES module, external to the bundle: see scripts/build.mjs). */
async function systemTrash(path: string): Promise<void> {
  const { default: trash } = await import('trash');
  await trash(path, { glob: false });
}

async function remove(names: string[], options: RunsCommandOptions): Promise<number> {
  if (names.length === 0) throw new UsageError(t('runs rm takes one or more runs'));
  const runsDir = options.runsDir ?? DEFAULT_RUNS_DIR;
  let status = 0;
  for (const name of names) {
    const run = findRun(name, runsDir);
    if (!run) {
      status = 1;
      continue;
    }
    try {
      const removed = await removeRun(run.runDir, { systemTrash: options.trashFolder ? undefined : systemTrash });
      console.log(removed.kind === 'system-trash'
        ? t('{0}: moved to the trash', run.id)
        : t('{0}: moved to {1} (move it back to restore it)', run.id, removed.path));
    } catch (error) {
      console.error(t('{0}: cannot remove it: {1}', run.id, (error as Error).message));
      status = 1;
    }
  }
  return status;
}
