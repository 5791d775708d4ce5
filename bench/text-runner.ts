// The character-level workloads (TEXT_WORKLOADS): a sample trained by the
// engine as `rnn train` trains it (backend auto, fused kernels), with the
// seconds of every epoch, the validation loss after it and the input
// characters per second; and the PyTorch reference, when .venv-torch exists.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkText } from '../core/src/language';
import { train } from '../core/src/engine';
import type { TrainEvent } from '../core/src/shared';
import { median, type TextWorkload } from './workloads';

export interface EpochPoint {
  epoch: number;
  val_loss: number | null;
  /** Seconds of training (epochs and their validation) until this epoch ended. */
  seconds: number;
}

export interface TextRun {
  seconds_per_epoch: number;
  characters_per_second: number;
  epochs: EpochPoint[];
}

/** Trains the first model of `file` for `epochs` epochs. */
export async function timeSample(file: string, epochs: number): Promise<TextRun> {
  const checked = checkText(readFileSync(file, 'utf8'), { path: file });
  const spec = checked.models[0]?.spec;
  if (!spec) throw new Error(`${file} does not check: run \`rnn check ${file}\``);
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-bench-text-'));
  const points: EpochPoint[] = [];
  const times: number[] = [];
  let characters = 0;
  let elapsed = 0;
  try {
    const result = await train(spec, {
      runsDir,
      epochs,
      verifyBackend: false,
      onEvent: (event: TrainEvent) => {
        if (event.type === 'start') characters = event.trainSamples * spec.input.timesteps;
        if (event.type !== 'epoch') return;
        elapsed += event.seconds;
        times.push(event.seconds);
        points.push({ epoch: event.epoch, val_loss: event.val_loss ?? null, seconds: Number(elapsed.toFixed(2)) });
      },
    });
    if (result.status !== 'completed') throw new Error(`${file}: the run ended ${result.status}: ${result.reason ?? ''}`);
  } finally {
    rmSync(runsDir, { recursive: true, force: true });
  }
  const seconds = median(times);
  return { seconds_per_epoch: Number(seconds.toFixed(3)), characters_per_second: Math.round(characters / seconds), epochs: points };
}

/** The reference's JSON line, or why it did not run. */
export function runTextReference(root: string, w: TextWorkload, epochs: number): { result?: TextRun; skipped?: string } {
  const python = join(root, '.venv-torch', 'bin', 'python');
  if (!existsSync(python)) return { skipped: `torch: no virtual environment at ${join(root, '.venv-torch')}` };
  const run = spawnSync(python, [join(root, 'bench', w.reference), '--epochs', String(epochs)], { cwd: root, encoding: 'utf8', timeout: 30 * 60 * 1000 });
  if (run.status !== 0) return { skipped: `torch: exited with ${run.status}: ${(run.stderr ?? '').trim().split('\n').pop()}` };
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  return line ? { result: JSON.parse(line) as TextRun } : { skipped: 'torch: printed no result' };
}

/** The validation loss of the last epoch that ended within `seconds` (null: none did). */
export function valLossWithin(run: TextRun | undefined, seconds: number | undefined): number | null {
  if (!run || seconds === undefined) return null;
  const within = run.epochs.filter((e) => e.seconds <= seconds * 1.0001);
  return within.at(-1)?.val_loss ?? null;
}
