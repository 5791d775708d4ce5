// metrics.jsonl: every event of the run, one line each, in the order it was
// emitted, so that a saved run replays into the panel exactly as it ran.
// Insight records go to insight.jsonl instead (callbacks/insight.ts).
import type { TrainEvent } from '../../../shared';
import type { Callback, RunContext } from './callback';

export const metricsWriter: Callback = {
  onEvent(event: TrainEvent, run: RunContext): void {
    if (event.type !== 'insight') run.writer.appendEvent(event);
  },
};
