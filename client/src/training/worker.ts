// The training process (bundled to dist/worker.js and forked by the extension):
// it checks the spec (the only check before training: the extension host does
// not parse specs), runs the engine so training never blocks the editor, and
// relays every event to the extension host. A "stop" message, or the host
// going away, aborts the run after the current batch; the engine keeps what it saved.
import { checkText, expandSweep, parseByteSize, trainErrorRange, type Range } from '../../../core/src/language';
import { loadResumePoint, ResumeError, resumeSpec, train, type ResumePoint } from '../../../core/src/engine';
import { bundlesFor, localeFrom, t, useLocale, type EditorRange, type TrainErrorCode } from '../../../core/src/shared';
import type { HostToWorker, TrainRequest, WorkerToHost } from './worker-protocol';
import { predict } from './worker-predict';

/** How many error messages a rejection carries (the Problems panel has them all). */
const ERRORS_SHOWN = 3;

const controller = new AbortController();
let started = false;

function send(message: WorkerToHost): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

async function run(request: TrainRequest): Promise<void> {
  // One process, one run, one language: the checker's and the engine's messages
  // (refusals, training errors, log events) come in the editor's display language.
  const locale = localeFrom(request.language);
  useLocale(locale, ...bundlesFor(locale, ['language', 'engine', 'extension']));
  const checked = checkText(request.text, { path: request.file, dataAccess: request.dataAccess, memoryBudget: parseByteSize(request.memoryBudget ?? '') });
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors.slice(0, ERRORS_SHOWN).map((d) => t('line {0}: {1}', d.range.start.line + 1, d.message));
    const message = errors.length === 1
      ? t('The file has 1 error (first: {0}); fix them first.', first[0])
      : t('The file has {0} errors (first: {1}); fix them first.', errors.length, first[0]);
    await send({ type: 'rejected', message, errors: { count: errors.length, first } });
    return;
  }
  const model = checked.models.find((m) => m.name === request.model);
  if (!model) {
    await send({ type: 'rejected', message: request.model === undefined ? t('The file declares no model.') : t("The file has no model named '{0}'.", request.model) });
    return;
  }
  if (!model.spec) {
    await send({ type: 'rejected', message: t("The model '{0}' cannot be trained as written; run 'rnn check' on the file.", model.name) });
    return;
  }
  const trials = expandSweep(model);
  const trial = request.trial && trials[request.trial.trial - 1];
  if (request.trial && !trial) {
    await send({ type: 'rejected', message: t("The model '{0}' has no trial {1}.", model.name, request.trial.trial) });
    return;
  }
  const sweep = trial ? { id: request.trial!.sweepId, trial: trial.trial, trials: trials.length, params: trial.params } : undefined;
  let spec = trial ? trial.spec : model.spec;
  let resume: ResumePoint | undefined;
  if (request.resume !== undefined) {
    try {
      resume = loadResumePoint(request.resume);
      spec = resumeSpec(resume, model.spec, request.dataAccess ?? {});
    } catch (error) {
      if (!(error instanceof ResumeError)) throw error;
      await send({ type: 'rejected', message: error.message });
      return;
    }
    if ((request.epochs ?? spec.train.epochs) <= resume.state.epoch) {
      await send({ type: 'rejected', message: t('The run has already trained up to epoch {0}; ask for more epochs in all.', resume.state.epoch) });
      return;
    }
  }
  await send({ type: 'accepted' });
  let errorCode: TrainErrorCode | undefined;
  const result = await train(spec, {
    onEvent: (event) => {
      if (event.type === 'error') errorCode = event.code;
      void send({ type: 'event', event });
    },
    signal: controller.signal,
    backend: request.backend,
    runsDir: request.runsDir,
    epochs: request.epochs,
    seed: request.seed,
    stepsPerEpoch: request.stepsPerEpoch,
    sweep,
    resume,
  });
  // A resumed run's spec is the run's copy, not a file in the editor: nowhere to place its error.
  const errorRange = result.status === 'failed' && !resume ? editorRange(trainErrorRange(model.decl, errorCode ?? 'training')) : undefined;
  await send(errorRange ? { type: 'done', result, errorRange } : { type: 'done', result });
}

/** Without offsets: the editor knows lines and columns. */
function editorRange(range: Range): EditorRange {
  return { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } };
}

process.on('message', (message: HostToWorker) => {
  if (message.type === 'stop') {
    controller.abort();
  } else if (message.type === 'predict' && !started) {
    started = true;
    useLocale(localeFrom(message.language), ...bundlesFor(localeFrom(message.language), ['language', 'engine', 'extension']));
    predict(message)
      .then(send, (error: unknown) => send({ type: 'crashed', message: error instanceof Error ? error.message : String(error) }))
      .finally(() => process.exit(0));
  } else if (message.type === 'train' && !started) {
    started = true;
    run(message)
      .catch((error: unknown) => send({ type: 'crashed', message: error instanceof Error ? error.message : String(error) }))
      .finally(() => process.exit(0));
  }
});

// The extension host went away (window closed or reloaded): stop cleanly, keep the partial run.
process.on('disconnect', () => controller.abort());
