import { statSync } from 'node:fs';
import { terminalSafeEvent, terminalText } from '../terminal-text';
import { isAbsolute, relative } from 'node:path';
import { availableParallelism } from 'node:os';
import { KERNEL_OPTIONS, loadResumePoint, ResumeError, resumeSpec, train, type KernelOption, type ResumePoint, type TrainOptions } from '../../../core/src/engine';
import { expandSweep, type CheckedModel, type SweepTrial } from '../../../core/src/language';
import { runTimestamp } from '../../../core/src/run-store';
import {
  BACKENDS, compareWithBaselines, describeComparison, isBackendPreference, t,
  type EndEvent, type ErrorEvent, type ModelSpec, type RunSweep, type StartEvent, type TrainEvent,
} from '../../../core/src/shared';
import { JOB_ENV, runJobs, type TrainJob } from './train-jobs';
import { ProgressPrinter, formatDuration } from '../progress';
import { countBySeverity, epochCount, errorCount, fileError, formatDiagnostic } from '../report';
import { selectModels } from '../select';
import { loadSource, type DataAccess } from '../source';
import { UsageError, notOneOf, parseIntegerOption } from '../usage';

export interface TrainCommandOptions {
  model?: string;
  epochs?: string;
  seed?: string;
  backend?: string;
  runsDir?: string;
  stepsPerEpoch?: string;
  kernels?: string;
  verify: boolean;
  /** Where data files may come from (--allow-data-outside). */
  access?: DataAccess;
  /** Runs trained at once when there are several (--jobs; default: the number of cores). */
  jobs?: string;
  /** Train only this trial of the model's sweep (what --jobs starts in each process). */
  trial?: string;
  /** With --trial: the sweep id the run records (default: a new one). */
  sweepId?: string;
  /** The command line's other options, as given, for the processes --jobs starts. */
  forward?: string[];
  /** A run folder to continue (--resume). */
  resume?: string;
}

/** One run to train: a model, or one trial of its sweep. */
interface Unit {
  /** The model's name (a trial's run is of its model). */
  name: string;
  spec: ModelSpec;
  sweep?: RunSweep;
}

/**
 * Exit codes (README, "The rnn command"): 0 trained, 1 errors in the spec or a failed run,
 * 74 the run folder could not be written (sysexits' EX_IOERR), 130 stopped with Ctrl-C.
 */
const EXIT_RUN_STORE = 74;

export async function runTrain(files: string[], options: TrainCommandOptions): Promise<number> {
  if (options.resume !== undefined) return runResume(files, options.resume, options);
  if (files.length !== 1) throw new UsageError(t('train takes exactly one .rnn file'));
  const backend = options.backend ?? 'auto';
  if (!isBackendPreference(backend)) {
    throw notOneOf('backend', BACKENDS, options.backend);
  }
  const epochs = parseIntegerOption('epochs', options.epochs, 1);
  const seed = parseIntegerOption('seed', options.seed, 0);
  const stepsPerEpoch = parseIntegerOption('steps-per-epoch', options.stepsPerEpoch, 1);
  const kernels = options.kernels ?? 'fused';
  if (!isKernelOption(kernels)) throw notOneOf('kernels', KERNEL_OPTIONS, kernels);
  const jobs = parseIntegerOption('jobs', options.jobs, 1) ?? availableParallelism();
  const trial = parseIntegerOption('trial', options.trial, 1);

  const source = loadCleanSource(files[0], options.access);
  if (!source) return 1;
  const models = selectModels(source, options.model);
  if (!models) return 1;
  const units = trial === undefined ? models.flatMap(unitsOf) : trialUnit(models, trial, options.sweepId);
  if (units.length > 1) {
    const jobsOf = units.map((unit): TrainJob => ({
      label: unit.sweep ? `${unit.name}#${unit.sweep.trial}` : unit.name,
      args: [files[0], '--model', unit.name, ...(unit.sweep ? ['--trial', String(unit.sweep.trial), '--sweep-id', unit.sweep.id] : []),
        ...(options.forward ?? [])],
    }));
    return runJobs(jobsOf, jobs, {});
  }
  return trainUnits(units, { backend, runsDir: options.runsDir ?? 'runs', epochs, seed, stepsPerEpoch, kernels, verifyBackend: options.verify });
}

/**
 * `rnn train --resume <run-folder> [file.rnn]`: continues the run's last
 * checkpoint in a new run, with the run's own copy of the spec, or with the
 * file's when given (refused when the model changed in more than its epochs).
 */
async function runResume(files: string[], runDir: string, options: TrainCommandOptions): Promise<number> {
  if (files.length > 1) throw new UsageError(t('train --resume takes the run folder and at most one .rnn file'));
  const backend = options.backend ?? 'auto';
  if (!isBackendPreference(backend)) throw notOneOf('backend', BACKENDS, options.backend);
  const kernels = options.kernels ?? 'fused';
  if (!isKernelOption(kernels)) throw notOneOf('kernels', KERNEL_OPTIONS, kernels);
  const epochs = parseIntegerOption('epochs', options.epochs, 1);
  const stepsPerEpoch = parseIntegerOption('steps-per-epoch', options.stepsPerEpoch, 1);
  let point: ResumePoint;
  let spec: ModelSpec;
  try {
    point = loadResumePoint(runDir);
    if (options.seed !== undefined && Number(options.seed) !== point.summary.seed) {
      throw new UsageError(t('--seed cannot change when resuming: the run continues with its own seed, {0}', point.summary.seed));
    }
    if (options.model !== undefined && options.model !== point.summary.model) {
      throw new UsageError(t("--model names '{0}', but the run trained '{1}'", options.model, point.summary.model));
    }
    let current: ModelSpec | undefined;
    if (files.length === 1) {
      const source = loadCleanSource(files[0], options.access);
      if (!source) return 1;
      const models = selectModels(source, point.summary.model);
      if (!models) return 1;
      current = models[0].spec;
    }
    spec = resumeSpec(point, current, { allowOutside: options.access?.allowOutside === true });
  } catch (error) {
    if (!(error instanceof ResumeError)) throw error;
    console.error(fileError(runDir, terminalText(error.message)));
    return 1;
  }
  const total = epochs ?? spec.train.epochs;
  if (total <= point.state.epoch) {
    console.error(fileError(runDir, t('the run has already trained {0}; give the epochs to train in all with --epochs, e.g. --epochs {1}', epochCount(point.state.epoch), point.state.epoch + spec.train.epochs)));
    return 1;
  }
  console.log(t('Resuming {0} from epoch {1} of {2}', point.summary.model, point.state.epoch, runDir));
  return trainUnits([{ name: spec.name, spec }], { backend, runsDir: options.runsDir ?? 'runs', epochs: total, stepsPerEpoch, kernels, verifyBackend: options.verify, resume: point });
}

/** Reads and checks the file, printing its diagnostics; undefined when it cannot be trained. */
function loadCleanSource(file: string, access: DataAccess | undefined) {
  const source = loadSource(file, access);
  if (!source) return undefined;
  const diagnostics = source.result.diagnostics;
  // A process started by --jobs leaves the warnings to its parent, which printed them once.
  const quiet = process.env[JOB_ENV] === '1';
  for (const d of diagnostics) if (!quiet || d.severity === 'error') console.error(formatDiagnostic(source.displayPath, d));
  const { errors } = countBySeverity(diagnostics);
  if (errors > 0) {
    console.error(`${source.displayPath}: ${t("not training: {0} to fix first (see above, or run 'rnn check')", errorCount(errors))}`);
    return undefined;
  }
  return source;
}

/** Trains the units one after the other, printing progress; the exit code. */
async function trainUnits(units: Unit[], trainOptions: Omit<TrainOptions, 'onEvent' | 'signal' | 'sweep'>): Promise<number> {

  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    console.error(`\n${t('Stopping after the current batch; the run is kept. Press Ctrl-C again to quit at once.')}`);
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  try {
    let exitCode = 0;
    for (const { name, spec, sweep } of units) {
      if (controller.signal.aborted) break;
      if (sweep) console.log(trialLine(name, sweep));
      const printer = new ProgressPrinter(process.stdout);
      let end: EndEvent | undefined;
      let start: StartEvent | undefined;
      let failure: ErrorEvent | undefined;
      const onEvent = (event: TrainEvent) => {
        printer.handle(event);
        if (event.type === 'start') start = event;
        else if (event.type === 'end') end = event;
        else if (event.type === 'error') failure = event;
      };
      await train(spec, {
        onEvent: (event) => onEvent(terminalSafeEvent(event)), // messages and samples may quote the data
        signal: controller.signal,
        ...trainOptions,
        sweep,
      });
      printEnd(spec.name, start, end, failure);
      const status = end?.status ?? 'failed';
      if (failure?.code === 'run-store') exitCode = EXIT_RUN_STORE;
      else if (status === 'failed') exitCode = Math.max(exitCode, 1);
      else if (status === 'cancelled') exitCode = 130;
      if (units.length > 1) console.log('');
    }
    return exitCode;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/** The runs a model asks for: itself, or each trial of its sweep. */
function unitsOf(model: CheckedModel): Unit[] {
  const trials = expandSweep(model);
  if (trials.length === 0) return model.spec ? [{ name: model.name, spec: model.spec }] : []; // a model without errors always has a spec
  const id = sweepId(model.name);
  return trials.map((trial) => ({ name: model.name, spec: trial.spec, sweep: sweepInfo(id, trial, trials.length) }));
}

/** --trial n: that trial of the one selected model's sweep. */
function trialUnit(models: CheckedModel[], trial: number, id: string | undefined): Unit[] {
  const swept = models.filter((model) => model.sweep);
  if (models.length !== 1 || swept.length !== 1) throw new UsageError(t('--trial needs one model with a sweep: name it with --model'));
  const trials = expandSweep(swept[0]);
  const chosen = trials[trial - 1];
  if (!chosen) throw new UsageError(t('--trial {0}: the sweep of {1} has {2} trials', trial, swept[0].name, trials.length));
  return [{ name: swept[0].name, spec: chosen.spec, sweep: sweepInfo(id ?? sweepId(swept[0].name), chosen, trials.length) }];
}

const sweepId = (model: string) => `${model}-${runTimestamp(new Date())}`;
const sweepInfo = (id: string, trial: SweepTrial, trials: number): RunSweep => ({ id, trial: trial.trial, trials, params: trial.params });

function trialLine(model: string, sweep: RunSweep): string {
  const values = Object.entries(sweep.params).map(([path, value]) => `${path} ${JSON.stringify(value)}`).join(', ');
  return t('Trial {0} of {1} ({2}): {3}', sweep.trial, sweep.trials, model, values);
}

function printEnd(model: string, start: StartEvent | undefined, end: EndEvent | undefined, failure: ErrorEvent | undefined): void {
  const where = start ? displayPath(start.runDir) : undefined;
  if (!end || end.status === 'failed') {
    console.error(`${model}: ${t('training failed: {0}', failure?.message ?? end?.reason ?? t('unknown error'))}`);
    // Not when the folder itself is gone: there is nothing left to point at.
    if (where && statSync(start!.runDir, { throwIfNoEntry: false })?.isDirectory()) console.error(t('What the run had is saved in {0}', where));
    return;
  }
  const verdict = {
    completed: t('Finished'),
    early_stopped: t('Stopped early'),
    cancelled: t('Cancelled'),
  }[end.status];
  const values = {
    verdict,
    model,
    epochs: epochCount(end.epochs),
    duration: formatDuration(end.seconds),
    seconds: end.seconds.toFixed(1),
    backend: start?.backend ?? '',
    params: start?.totalParams.toLocaleString('en-US') ?? '',
  };
  const outcome = start
    ? t('{verdict}: {model}, {epochs} in {duration} ({seconds} s) on the {backend} backend, {params} parameters', values)
    : t('{verdict}: {model}, {epochs} in {duration} ({seconds} s)', values);
  console.log(end.reason ? t('{0} — {1}', outcome, end.reason) : outcome);
  const metrics = Object.entries(end.final).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toPrecision(4)}`);
  if (metrics.length > 0) console.log(`  ${metrics.join('  ')}`);
  const comparison = compareWithBaselines(start?.baselines, end.scores);
  if (comparison) console.log(`  ${describeComparison(comparison)}`);
  if (end.sample !== undefined) console.log(`${t('Sample:')}\n${end.sample}`);
  if (where) console.log(t('Run saved in {0}', where));
}

/** Relative to the working directory when the run lies inside it, absolute otherwise. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function isKernelOption(value: string): value is KernelOption {
  return (KERNEL_OPTIONS as readonly string[]).includes(value);
}
