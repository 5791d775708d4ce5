// Every recorded value of several runs as one CSV in long format, one value a
// row: run, step, epoch, metric, value. Batch losses are "batch_loss"; an
// epoch's loss, val_loss and metrics keep their names. The format every
// plotting tool and spreadsheet pivots (TensorBoard's most-asked export).
import { readEvents } from '../../../core/src/run-store';
import { csvText } from '../../../core/src/shared';

export function metricsCsv(runs: readonly { id: string; runDir: string }[]): string {
  const data: (string | number)[][] = [];
  for (const run of runs) {
    for (const event of readEvents(run.runDir)) {
      if (event.type === 'batch') data.push([run.id, event.step, event.epoch, 'batch_loss', numberCell(event.loss)]);
      if (event.type !== 'epoch') continue;
      const values: [string, number | undefined][] = [['loss', event.loss], ['val_loss', event.val_loss], ...Object.entries(event.metrics)];
      for (const [metric, value] of values) if (value !== undefined) data.push([run.id, event.step, event.epoch, metric, numberCell(value)]);
    }
  }
  return csvText([['run', 'step', 'epoch', 'metric', 'value'], ...data]);
}

/** NaN stays visible as NaN (an empty cell would read as "not recorded"). */
function numberCell(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}
