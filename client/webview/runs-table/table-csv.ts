// The table as CSV: the shown rows and columns, values as JSON has them
// (numbers unrounded, lists as JSON), for a spreadsheet or a script.
import { csvText } from '../../../core/src/shared';
import type { RunRow } from '../../src/runs-table/messages';
import { valueText } from './rows';

export function tableCsv(rows: readonly RunRow[], metrics: readonly string[], keys: readonly string[]): string {
  const fields = ['run', 'title', 'model', 'status', 'started', 'seconds', 'backend', 'sweep', 'trial',
    ...metrics.map((m) => `final ${m}`), ...metrics.map((m) => `best ${m}`), ...keys];
  const data = rows.map((row) => [
    row.id, row.notes.title ?? '', row.model, row.status, row.started ?? '', row.seconds ?? '', row.backend ?? '', row.sweep?.id ?? '', row.sweep?.trial ?? '',
    ...metrics.map((m) => row.final[m] ?? ''), ...metrics.map((m) => row.best[m] ?? ''), ...keys.map((key) => valueText(row.spec?.[key])),
  ]);
  return csvText([fields, ...data]);
}
