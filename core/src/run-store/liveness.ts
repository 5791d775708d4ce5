// Whether a run whose summary says "running" still runs. A process that dies
// without ending its run (SIGKILL, a second Ctrl-C, a window reload, a power
// cut) leaves summary.json at "running"; readers judge it instead of trusting
// it. The judgement is never written back: it can be wrong for a while (a
// writer on another host that stalls longer than the timeout), and the next
// read, after the writer's next heartbeat, corrects it.
import { statSync } from 'node:fs';
import { hostname, uptime } from 'node:os';
import { join } from 'node:path';
import { METRICS_FILE, SUMMARY_FILE } from './files';
import type { RunSummary } from '../shared';

/** What a reader shows for a run: how it ended, "running", or "interrupted" (its writer is gone). */
export type RunState = RunSummary['status'] | 'interrupted';

/** How often a writer rewrites its heartbeat while it trains. */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/**
 * A run written on another host (or with no process id) whose last sign of
 * life is older than this is interrupted. Generous against the interval, since
 * a slow validation pass or checkpoint beats no heartbeat.
 */
export const HEARTBEAT_TIMEOUT_MS = 120_000;

/** The writer's identity, as summary.json records it. */
export function writerIdentity(): { host: string; pid: number } {
  return { host: hostname(), pid: process.pid };
}

/**
 * A run's state: its status, or for a "running" one: on this host, whether its
 * process is still there; from another host, whether its heartbeat is recent.
 */
export function judgeRunState(summary: RunSummary, runDir: string, now = Date.now()): RunState {
  if (summary.status !== 'running') return summary.status;
  const beat = lastSignOfLife(summary, runDir);
  if (summary.host === hostname() && summary.pid !== undefined) {
    if (!processExists(summary.pid)) return 'interrupted';
    // Process ids are reused after a reboot: a heartbeat from before this boot is another process's.
    const booted = now - uptime() * 1000;
    return beat !== undefined && beat < booted ? 'interrupted' : 'running';
  }
  return beat !== undefined && now - beat <= HEARTBEAT_TIMEOUT_MS ? 'running' : 'interrupted';
}

/** The heartbeat; for writers that record none (older versions, other programs), when summary.json or metrics.jsonl last changed. */
function lastSignOfLife(summary: RunSummary, runDir: string): number | undefined {
  if (summary.heartbeat !== undefined) return Date.parse(summary.heartbeat);
  const times = [SUMMARY_FILE, METRICS_FILE].map((file) => {
    try {
      return statSync(join(runDir, file)).mtimeMs;
    } catch {
      return -Infinity;
    }
  });
  const newest = Math.max(...times);
  return Number.isFinite(newest) ? newest : undefined;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists, but belongs to another user
  }
}
