// The run's heartbeat: summary.json rewritten every few seconds while batches
// run (not only once per epoch, which can take minutes), so a reader on
// another host can tell a live run from one whose process died
// (run-store/liveness.ts). Throttled by time, so a fast model pays one small
// atomic write per interval, not per batch.
import { HEARTBEAT_INTERVAL_MS } from '../../../run-store';
import type { Callback } from './callback';
import { writeRunningSummary } from './summary-writer';

/** A heartbeat for one run (its state, the time of the last beat, is the run's own). */
export function heartbeat(intervalMs = HEARTBEAT_INTERVAL_MS): Callback {
  let last = Date.now();
  return {
    onEpochEnd() {
      last = Date.now(); // the summary writer has just written one
    },
    onBatchEnd(run) {
      if (Date.now() - last < intervalMs) return;
      last = Date.now();
      writeRunningSummary(run);
    },
  };
}
