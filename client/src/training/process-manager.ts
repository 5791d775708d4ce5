// Runs one training in a child process (never in the extension host, so the
// editor stays responsive) and turns what the child says, or how it dies,
// into events and one final outcome.
import { fork, type ChildProcess } from 'node:child_process';
import { dirname } from 'node:path';
import { t, type TrainEvent } from '../../../core/src/shared';
import { isWorkerMessage, type TrainRequest, type TrainingOutcome, type WorkerToHost } from './worker-protocol';

export interface TrainingListener {
  /** The worker checked the spec and begins training; a rejected spec never gets here. */
  onAccepted?(): void;
  onEvent(event: TrainEvent): void;
  /** Text the process wrote to stdout or stderr (tfjs warnings, crashes). */
  onOutput?(text: string): void;
}

export interface TrainingProcessOptions {
  /** How long a stopped run may take to finish its batch and save before it is killed. */
  stopGraceMs?: number;
  /** The Node executable; defaults to the one running the extension host. */
  execPath?: string;
  /** More environment for the process (e.g. RNN_KERNEL_THREADS, its share of the cores). */
  env?: Record<string, string>;
}

export class TrainingProcess {
  readonly finished: Promise<TrainingOutcome>;
  private readonly child: ChildProcess;
  private stopRequested = false;
  private killTimer?: NodeJS.Timeout;
  private runDir?: string;
  private reply?: WorkerToHost;
  private lastEnd?: Extract<TrainEvent, { type: 'end' }>;
  private stderrTail = '';

  constructor(workerPath: string, request: TrainRequest, private readonly listener: TrainingListener, private readonly options: TrainingProcessOptions = {}) {
    this.child = fork(workerPath, [], {
      cwd: dirname(request.file),
      execPath: options.execPath,
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Inside VS Code the executable is Electron; this makes it behave as plain Node.
      env: { ...process.env, ...options.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    this.child.stdout?.setEncoding('utf8').on('data', (text: string) => listener.onOutput?.(text));
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-2000);
      listener.onOutput?.(text);
    });
    this.child.on('message', (message) => this.receive(message));
    this.finished = new Promise((resolve) => {
      this.child.on('error', (error) => {
        this.reply ??= { type: 'crashed', message: t('could not start the training process: {0}', error.message) };
        // A process that never started emits no 'exit'.
        if (this.child.pid === undefined) resolve(this.outcome(null, null));
      });
      this.child.on('exit', (code, signal) => {
        clearTimeout(this.killTimer);
        resolve(this.outcome(code, signal));
      });
    });
    if (this.child.pid !== undefined) this.child.send(request);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stopping(): boolean {
    return this.stopRequested;
  }

  /** Asks the run to end after the current batch (it saves what it has); kills it if it does not within the grace period. */
  stop(): void {
    if (this.stopRequested || this.child.exitCode !== null) return;
    this.stopRequested = true;
    if (this.child.connected) this.child.send({ type: 'stop' });
    this.killTimer = setTimeout(() => this.child.kill('SIGKILL'), this.options.stopGraceMs ?? 15_000);
  }

  private receive(message: unknown): void {
    if (!isWorkerMessage(message)) return;
    if (message.type === 'accepted') {
      this.listener.onAccepted?.();
    } else if (message.type === 'event') {
      const event = message.event;
      if (event.type === 'start') this.runDir = event.runDir;
      if (event.type === 'end') this.lastEnd = event;
      this.listener.onEvent(event);
    } else {
      this.reply = message;
    }
  }

  private outcome(code: number | null, signal: NodeJS.Signals | null): TrainingOutcome {
    const reply = this.reply;
    if (reply?.type === 'done') {
      const outcome: TrainingOutcome = { status: reply.result.status, result: reply.result, runDir: reply.result.runDir, message: reply.result.reason };
      if (reply.errorRange) outcome.errorRange = reply.errorRange;
      return outcome;
    }
    if (reply?.type === 'rejected') return reply.errors ? { status: 'rejected', message: reply.message, errors: reply.errors } : { status: 'rejected', message: reply.message };
    if (reply?.type === 'crashed') return { status: 'crashed', message: reply.message, runDir: this.runDir };
    if (this.lastEnd) return { status: this.lastEnd.status, message: this.lastEnd.reason, runDir: this.runDir };
    if (this.stopRequested) return { status: 'cancelled', message: t('stopped (the training process had to be killed)'), runDir: this.runDir };
    const detail = this.stderrTail.trim().split('\n').slice(-3).join(' ');
    return { status: 'crashed', message: exitMessage(code, signal, detail), runDir: this.runDir };
  }
}

/** Why a worker that never finished its run went away, with the last lines it wrote to stderr. */
function exitMessage(code: number | null, signal: NodeJS.Signals | null, detail: string): string {
  if (signal) return detail ? t('the training process was killed by {0}: {1}', signal, detail) : t('the training process was killed by {0}', signal);
  return detail ? t('the training process exited with code {0}: {1}', String(code), detail) : t('the training process exited with code {0}', String(code));
}
