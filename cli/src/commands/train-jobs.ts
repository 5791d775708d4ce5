// `rnn train --jobs N` with more than one run to train (the models of a file,
// the trials of sweeps): each run is a child `rnn train` process of its own,
// N at a time, each on its share of the cores' kernel threads. Their output is
// passed through line by line with a prefix naming the run; Ctrl-C is passed
// on to every child, which ends its run as cancelled and keeps it, and no
// further run starts. The children run in their own process groups so that a
// terminal's Ctrl-C reaches them once, through here, not twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { t } from '../../../core/src/shared';

/** One run to train: the arguments that make a child `rnn train` train just it, and its prefix. */
export interface TrainJob {
  label: string;
  args: string[];
}

/** Tells a child it is one of several runs: it leaves the file's diagnostics to the parent, which printed them. */
export const JOB_ENV = 'RNN_TRAIN_JOB';
/** The id every trial of one sweep launch records (summary.json's sweep.id). */
export const SWEEP_ID_ENV = 'RNN_SWEEP_ID';

/** Exit codes of a child, worst first: the parent's is the worst of its children's. */
const SEVERITY = [70, 74, 1, 130, 0];

export async function runJobs(jobs: TrainJob[], parallel: number, env: Record<string, string>): Promise<number> {
  const slots = Math.max(1, Math.min(parallel, jobs.length));
  // The kernels' threads (RNN_KERNEL_THREADS, core/src/engine/kernels/machine.ts) shared out between the runs at once.
  const threads = Math.max(1, Math.floor(availableParallelism() / slots));
  const width = Math.max(...jobs.map((job) => job.label.length));
  const running = new Set<ChildProcess>();
  const codes: number[] = [];
  let interrupted = false;
  const onInterrupt = () => {
    if (!interrupted) console.error(`\n${t('Stopping every run after its current batch; the runs are kept. Press Ctrl-C again to quit at once.')}`);
    interrupted = true;
    for (const child of running) child.kill('SIGINT');
  };
  process.on('SIGINT', onInterrupt);
  console.log(t('Training {0} runs, {1} at a time, {2} kernel thread(s) each', jobs.length, slots, threads));
  try {
    let next = 0;
    const worker = async () => {
      while (next < jobs.length && !interrupted) {
        const job = jobs[next++];
        codes.push(await runOne(job, job.label.padEnd(width), running, {
          ...process.env, ...env, [JOB_ENV]: '1', RNN_KERNEL_THREADS: String(threads),
        }));
      }
    };
    await Promise.all(Array.from({ length: slots }, worker));
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  const failed = codes.filter((code) => code !== 0 && code !== 130).length;
  const cancelled = codes.filter((code) => code === 130).length;
  console.log(t('{0} of {1} runs trained: {2} failed, {3} cancelled, {4} not started',
    codes.length - failed - cancelled, jobs.length, failed, cancelled, jobs.length - codes.length));
  if (interrupted) return 130;
  return SEVERITY.find((code) => codes.includes(code)) ?? Math.max(0, ...codes);
}

function runOne(job: TrainJob, prefix: string, running: Set<ChildProcess>, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], 'train', ...job.args], {
      env, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    running.add(child);
    const relay = (stream: Readable, write: (line: string) => void) =>
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => write(`[${prefix}] ${line}`));
    relay(child.stdout!, (line) => console.log(line));
    relay(child.stderr!, (line) => console.error(line));
    child.on('error', (error) => {
      console.error(`[${prefix}] ${t('cannot start the training process: {0}', error.message)}`);
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 70));
    });
  });
}
