// A predict request answered by the training process (dist/worker.js), so the
// extension host never loads tfjs: fork, ask, take the one reply.
import { fork } from 'node:child_process';
import { t } from '../../../core/src/shared';
import { isWorkerMessage, type PredictRequest, type WorkerToHost } from './worker-protocol';

export type PredictReply = Extract<WorkerToHost, { type: 'predicted' | 'rejected' | 'crashed' }>;

export function predictInWorker(workerPath: string, request: PredictRequest, execPath?: string): Promise<PredictReply> {
  return new Promise((resolve) => {
    let reply: PredictReply | undefined;
    let stderr = '';
    const child = fork(workerPath, [], {
      cwd: request.runDir,
      execPath,
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-2000);
    });
    child.on('message', (message) => {
      if (isWorkerMessage(message) && (message.type === 'predicted' || message.type === 'rejected' || message.type === 'crashed')) reply = message;
    });
    child.on('error', (error) => {
      reply ??= { type: 'crashed', message: t('could not start the training process: {0}', error.message) };
      if (child.pid === undefined) resolve(reply);
    });
    child.on('exit', (code) => {
      const detail = stderr.trim().split('\n').slice(-3).join(' ');
      resolve(reply ?? { type: 'crashed', message: detail ? t('the training process exited with code {0}: {1}', String(code), detail) : t('the training process exited with code {0}', String(code)) });
    });
    if (child.pid !== undefined) child.send(request);
  });
}
