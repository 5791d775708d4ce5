// The Python references (../shared/bench/torch_rnn.py and keras_rnn.py), run
// from the project's git-ignored virtual environments when they exist.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface Reference {
  id: 'torch' | 'keras';
  venv: string;
  script: string;
}

export interface ReferenceResult {
  workload: string;
  seconds_per_epoch: number;
  samples_per_second: number;
  final_loss: number;
  [key: string]: unknown;
}

export function references(root: string): Reference[] {
  const benchDir = process.env.RNN_SHARED_BENCH ?? join(root, '..', 'shared', 'bench');
  return [
    { id: 'torch', venv: join(root, '.venv-torch'), script: join(benchDir, 'torch_rnn.py') },
    { id: 'keras', venv: join(root, '.venv-tf'), script: join(benchDir, 'keras_rnn.py') },
  ];
}

/** Why `ref` cannot run here (no virtual environment, no script), or undefined when it can. */
export function referenceMissing(ref: Reference): string | undefined {
  if (!existsSync(join(ref.venv, 'bin', 'python'))) return `${ref.id}: no virtual environment at ${ref.venv}`;
  if (!existsSync(ref.script)) return `${ref.id}: ${ref.script} not found`;
  return undefined;
}

/** Runs one reference on the given workloads; undefined (with the reason) when it is not installed or fails. */
export function runReference(ref: Reference, workloads: string[]): { results?: Map<string, ReferenceResult>; skipped?: string } {
  const missing = referenceMissing(ref);
  if (missing) return { skipped: missing };
  const python = join(ref.venv, 'bin', 'python');
  const run = spawnSync(python, [ref.script, ...workloads], { encoding: 'utf8', timeout: 15 * 60 * 1000 });
  if (run.status !== 0) return { skipped: `${ref.id}: exited with ${run.status}: ${(run.stderr ?? '').trim().split('\n').pop()}` };
  const results = new Map<string, ReferenceResult>();
  for (const line of run.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const parsed = JSON.parse(line) as ReferenceResult;
    results.set(parsed.workload, parsed);
  }
  return { results };
}
