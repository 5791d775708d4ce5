// The metrics of a run as CSV: one row per epoch (loss, val_loss, every metric,
// seconds), the table people paste into a spreadsheet or a paper.
import { csvText } from '../../core/src/shared';
import type { RunData } from './run-data';

export function epochsCsv(run: RunData): string {
  const metrics = run.metricNames();
  const header = ['epoch', 'step', 'loss', 'val_loss', ...metrics, 'seconds'];
  const rows = run.epochs.map((e) => [e.epoch, e.step, e.loss, e.val_loss, ...metrics.map((m) => e.metrics[m]), e.seconds]);
  return csvText([header, ...rows]);
}
