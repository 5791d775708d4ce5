import { statSync } from 'node:fs';
import { terminalSafeEvent, terminalText } from '../terminal-text';
import { isAbsolute, relative } from 'node:path';
import { KERNEL_OPTIONS, loadResumePoint, ResumeError, resumeSpec, train, type KernelOption, type ResumePoint, type TrainOptions } from '../../../core/src/engine';
import { BACKENDS, isBackendPreference, t, type EndEvent, type ErrorEvent, type ModelSpec, type StartEvent, type TrainEvent } from '../../../core/src/shared';
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
  /** A run folder to continue (--resume). */
  resume?: string;
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

  const source = loadCleanSource(files[0], options.access);
  if (!source) return 1;
  const models = selectModels(source, options.model);
  if (!models) return 1;
  const specs = models.flatMap((model) => (model.spec ? [model.spec] : [])); // a model without errors always has a spec
  return trainSpecs(specs, { backend, runsDir: options.runsDir ?? 'runs', epochs, seed, stepsPerEpoch, kernels, verifyBackend: options.verify });
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
  return trainSpecs([spec], { backend, runsDir: options.runsDir ?? 'runs', epochs: total, stepsPerEpoch, kernels, verifyBackend: options.verify, resume: point });
}

/** Reads and checks the file, printing its diagnostics; undefined when it cannot be trained. */
function loadCleanSource(file: string, access: DataAccess | undefined) {
  const source = loadSource(file, access);
  if (!source) return undefined;
  const diagnostics = source.result.diagnostics;
  for (const d of diagnostics) console.error(formatDiagnostic(source.displayPath, d));
  const { errors } = countBySeverity(diagnostics);
  if (errors > 0) {
    console.error(`${source.displayPath}: ${t("not training: {0} to fix first (see above, or run 'rnn check')", errorCount(errors))}`);
    return undefined;
  }
  return source;
}

/** Trains the specs one after the other, printing progress; the exit code. */
async function trainSpecs(specs: ModelSpec[], trainOptions: Omit<TrainOptions, 'onEvent' | 'signal'>): Promise<number> {

  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    console.error(`\n${t('Stopping after the current batch; the run is kept. Press Ctrl-C again to quit at once.')}`);
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  try {
    let exitCode = 0;
    for (const spec of specs) {
      if (controller.signal.aborted) break;
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
      });
      printEnd(spec.name, start, end, failure);
      const status = end?.status ?? 'failed';
      if (failure?.code === 'run-store') exitCode = EXIT_RUN_STORE;
      else if (status === 'failed') exitCode = Math.max(exitCode, 1);
      else if (status === 'cancelled') exitCode = 130;
      if (specs.length > 1) console.log('');
    }
    return exitCode;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
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
