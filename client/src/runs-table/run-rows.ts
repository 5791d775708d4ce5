// The runs table's rows, read through the run store: every run folder under
// the runs folder, its summary, the best value of each loss and metric over
// its epochs, its notes. A folder that is not a readable run is still a row,
// with the reason, so nothing disappears silently. Spec values come from the
// language server and are filled in by the caller.
import { relative, sep } from 'node:path';
import { listRuns, readEventLog, readNotes } from '../../../core/src/run-store';
import type { TrainEvent } from '../../../core/src/shared';
import type { RunRow } from './messages';

/** Metrics where larger is better; every other one (losses, errors) is best at its lowest. */
const HIGHER_IS_BETTER = /acc/;

export function readRunRows(runsDir: string): RunRow[] {
  return listRuns(runsDir).map((entry): RunRow => {
    const id = relative(runsDir, entry.runDir).split(sep).join('/');
    const notes = readNotes(entry.runDir);
    if (!entry.ok) {
      return { runDir: entry.runDir, id, model: entry.model, status: 'unreadable', reason: entry.reason, final: {}, best: {}, notes, spec: null };
    }
    const { summary } = entry;
    return {
      runDir: entry.runDir, id, model: summary.model, status: entry.state, started: summary.started, seconds: summary.seconds,
      backend: summary.backend, final: jsonNumbers(summary.final), best: bestValues(readEventLog(entry.runDir).events),
      sweep: summary.sweep, notes, spec: null,
    };
  });
}

/** The best value of every loss and metric over the run's epochs. */
export function bestValues(events: readonly TrainEvent[]): Record<string, number | null> {
  const best: Record<string, number> = {};
  const consider = (name: string, value: number | undefined) => {
    if (value === undefined || !Number.isFinite(value)) return;
    const higher = HIGHER_IS_BETTER.test(name);
    if (best[name] === undefined || (higher ? value > best[name] : value < best[name])) best[name] = value;
  };
  for (const event of events) {
    if (event.type !== 'epoch') continue;
    consider('loss', event.loss);
    consider('val_loss', event.val_loss);
    for (const [name, value] of Object.entries(event.metrics)) consider(name, value);
  }
  return best;
}

/** NaN and infinities cannot cross postMessage as JSON numbers: null, as in the run files. */
function jsonNumbers(values: Record<string, number>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, Number.isFinite(value) ? value : null]));
}
