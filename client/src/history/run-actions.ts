// Which actions a run allows, by its status, for every place that offers them
// (the training panel, the runs table): predicting needs weights a run kept
// (it ended, and not by failing), resuming needs a last checkpoint and no
// process still writing the run. Browser-safe: the webviews use it too.
import type { ShownStatus } from './status-label';

export interface RunActions {
  predict: boolean;
  resume: boolean;
}

export function runActions(status: ShownStatus | 'unreadable'): RunActions {
  const ended = status === 'completed' || status === 'early_stopped' || status === 'cancelled' || status === 'interrupted' || status === 'failed';
  return { predict: ended && status !== 'failed', resume: ended };
}
