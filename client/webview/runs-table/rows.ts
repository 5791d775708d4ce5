// What the runs table shows, as pure functions of the rows and the table's
// state: filtering, sorting, the columns and the spec keys that differ. The
// webview draws their results; the tests call them too.
import type { RunRow, RunsTableState } from '../../src/runs-table/messages';

/** The fixed columns, in order; metric and spec columns follow. */
export const BASE_COLUMNS = ['star', 'run', 'model', 'status', 'started', 'duration', 'backend'] as const;

/** Rows the state lets through: hidden runs, the text filter (any shown text or value), status, model and sweep. */
export function visibleRows(rows: readonly RunRow[], state: RunsTableState): RunRow[] {
  const needle = state.filter.trim().toLowerCase();
  return rows.filter((row) => (state.showHidden || !row.notes.hidden)
    && (!state.status || row.status === state.status)
    && (!state.model || row.model === state.model)
    && (!state.sweep || row.sweep?.id === state.sweep)
    && (!needle || searchText(row).includes(needle)));
}

function searchText(row: RunRow): string {
  const spec = Object.entries(row.spec ?? {}).map(([key, value]) => `${key}=${valueText(value)}`);
  return [row.id, row.model, row.status, row.backend, row.notes.title, row.notes.note, ...spec].join(' ').toLowerCase();
}

/** The value a column sorts by: numbers as numbers, the rest as text; missing values last whatever the direction. */
export function sortValue(row: RunRow, column: string): number | string | undefined {
  switch (column) {
    case 'star': return row.notes.starred ? 1 : 0;
    case 'run': return row.notes.title ?? row.id;
    case 'model': return row.model;
    case 'status': return row.status;
    case 'started': return row.started;
    case 'duration': return row.seconds;
    case 'backend': return row.backend;
  }
  if (column.startsWith('final:')) return row.final[column.slice(6)] ?? undefined;
  if (column.startsWith('best:')) return row.best[column.slice(5)] ?? undefined;
  if (column.startsWith('spec:')) {
    const value = row.spec?.[column.slice(5)];
    return value === undefined ? undefined : typeof value === 'number' ? value : valueText(value);
  }
  return undefined;
}

export function sortRows(rows: readonly RunRow[], sort: RunsTableState['sort']): RunRow[] {
  const direction = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort.column);
    const y = sortValue(b, sort.column);
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return order * direction || a.id.localeCompare(b.id);
  });
}

/** Metric names across the rows: loss and val_loss first. */
export function metricNames(rows: readonly RunRow[]): string[] {
  const names = new Set(['loss', 'val_loss']);
  for (const row of rows) for (const name of Object.keys(row.final)) names.add(name);
  return [...names].filter((name) => rows.some((row) => name in row.final));
}

/**
 * The spec keys to show: every key with `allSettings`, else those whose values
 * differ between the selected runs (between all shown runs while fewer than
 * two are selected). A key some runs lack counts as differing.
 */
export function specKeys(rows: readonly RunRow[], selected: ReadonlySet<string>, allSettings: boolean): string[] {
  const chosen = rows.filter((row) => selected.has(row.runDir));
  const compared = (chosen.length >= 2 ? chosen : rows).filter((row) => row.spec !== null);
  const keys = [...new Set(compared.flatMap((row) => Object.keys(row.spec!)))];
  if (allSettings) return keys;
  return keys.filter((key) => new Set(compared.map((row) => JSON.stringify(row.spec![key]))).size > 1);
}

/** A spec value as the table and the CSV show it: text as is, lists and numbers as JSON. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The distinct values of a field across the rows, sorted, for the filters' choices. */
export function choices(rows: readonly RunRow[], pick: (row: RunRow) => string | undefined): string[] {
  return [...new Set(rows.map(pick).filter((value): value is string => !!value))].sort();
}
