// The training process (bundled to dist/worker.js and forked by the extension):
// it checks the spec (the only check before training: the extension host does
// not parse specs), runs the engine so training never blocks the editor, and
// relays every event to the extension host. A "stop" message, or the host
// going away, aborts the run after the current batch; the engine keeps what it saved.
import { checkText, trainErrorRange, type Range } from '../../../core/src/language';
import { train } from '../../../core/src/engine';
import type { EditorRange, TrainErrorCode } from '../../../core/src/shared';
import type { HostToWorker, TrainRequest, WorkerToHost } from './worker-protocol';

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
  const checked = checkText(request.text, { path: request.file });
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors.slice(0, ERRORS_SHOWN).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    const where = first.length > 0 ? ` (first: ${first[0]})` : '';
    await send({
      type: 'rejected',
      message: `The file has ${errors.length} error${errors.length === 1 ? '' : 's'}${where}; fix them first.`,
      errors: { count: errors.length, first },
    });
    return;
  }
  const model = checked.models.find((m) => m.name === request.model);
  if (!model) {
    await send({ type: 'rejected', message: request.model === undefined ? 'The file declares no model.' : `The file has no model named '${request.model}'.` });
    return;
  }
  if (!model.spec) {
    await send({ type: 'rejected', message: `The model '${model.name}' cannot be trained as written; run 'rnn check' on the file.` });
    return;
  }
  await send({ type: 'accepted' });
  let errorCode: TrainErrorCode | undefined;
  const result = await train(model.spec, {
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
  });
  const errorRange = result.status === 'failed' ? editorRange(trainErrorRange(model.decl, errorCode ?? 'training')) : undefined;
  await send(errorRange ? { type: 'done', result, errorRange } : { type: 'done', result });
}

/** Without offsets: the editor knows lines and columns. */
function editorRange(range: Range): EditorRange {
  return { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } };
}

process.on('message', (message: HostToWorker) => {
  if (message.type === 'stop') {
    controller.abort();
  } else if (message.type === 'train' && !started) {
    started = true;
    run(message)
      .catch((error: unknown) => send({ type: 'crashed', message: error instanceof Error ? error.message : String(error) }))
      .finally(() => process.exit(0));
  }
});

// The extension host went away (window closed or reloaded): stop cleanly, keep the partial run.
process.on('disconnect', () => controller.abort());
