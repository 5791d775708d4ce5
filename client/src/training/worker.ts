// The training process (bundled to dist/worker.js and forked by the extension):
// it runs the engine so training never blocks the editor, and relays every
// event to the extension host. A "stop" message, or the host going away,
// aborts the run after the current batch; the engine keeps what it saved.
import { checkText } from '../../../core/src/language';
import { train } from '../../../core/src/engine';
import type { HostToWorker, TrainRequest, WorkerToHost } from './worker-protocol';

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
  const model = checked.models.find((m) => m.name === request.model);
  if (!model) {
    await send({ type: 'rejected', message: `The file has no model named '${request.model}'.` });
    return;
  }
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !model.spec) {
    const first = errors[0];
    const where = first ? ` (first: line ${first.range.start.line + 1}: ${first.message})` : '';
    await send({ type: 'rejected', message: `The file has ${errors.length} error${errors.length === 1 ? '' : 's'}${where}; fix them first.` });
    return;
  }
  const result = await train(model.spec, {
    onEvent: (event) => void send({ type: 'event', event }),
    signal: controller.signal,
    backend: request.backend,
    runsDir: request.runsDir,
    epochs: request.epochs,
    seed: request.seed,
    stepsPerEpoch: request.stepsPerEpoch,
  });
  await send({ type: 'done', result });
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
