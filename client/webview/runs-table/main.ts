// The runs table's entry point (bundled to dist/runs-table.js): every run of
// the workspace's runs folder in a sortable, filterable table with the spec
// values that differ, notes, plots of the selected runs and CSV export. Text
// always goes in through textContent: run names, notes and values are never
// parsed as HTML.
import { t } from '../../../core/src/shared';
import { statusLabel, type ShownStatus } from '../../src/history/status-label';
import {
  DEFAULT_RUNS_TABLE_STATE, type RunRow, type RunsHostMessage, type RunsTableMessage, type RunsTableState,
} from '../../src/runs-table/messages';
import { formatEta as formatSeconds } from '../../src/training/number-format';
import { parallelCoordinates, scatter } from './plots';
import { rowActionsCell } from './row-actions';
import { BASE_COLUMNS, choices, metricNames, sortRows, specKeys, valueText, visibleRows } from './rows';
import { tableCsv } from './table-csv';
import { acquireHost, takeUpLanguage } from '../webview-host';
import './runs-table.css';

takeUpLanguage();
const vscode = acquireHost<RunsTableMessage>();
let state: RunsTableState = { ...DEFAULT_RUNS_TABLE_STATE, ...((vscode.getState() as Partial<RunsTableState> | undefined) ?? {}) };
let rows: RunRow[] = [];
let runsDir = '';
/** Runs waiting for the user to confirm their deletion. */
let pendingDelete: string[] = [];

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { id?: string; text?: string; className?: string; title?: string } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.id) node.id = props.id;
  if (props.text !== undefined) node.textContent = props.text;
  if (props.className) node.className = props.className;
  if (props.title) node.title = props.title;
  node.append(...children);
  return node;
}

function button(id: string, label: string, title: string, secondary = true): HTMLButtonElement {
  return el('button', { id, text: label, title, className: secondary ? 'secondary' : '' });
}

function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  return el('label', {}, document.createTextNode(`${text} `), control);
}

const select = (id: string) => el('select', { id });

function mount(): void {
  const filter = el('input', { id: 'filter' });
  filter.type = 'search';
  filter.placeholder = t('Filter runs (name, status, setting=value, note)');
  const allSettings = el('input', { id: 'all-settings' });
  allSettings.type = 'checkbox';
  const showHidden = el('input', { id: 'show-hidden' });
  showHidden.type = 'checkbox';
  document.body.append(
    el('div', { className: 'bar' }, filter,
      labelled(t('Status'), select('status-filter')), labelled(t('Model'), select('model-filter')), labelled(t('Sweep'), select('sweep-filter')),
      labelled(t('All settings'), allSettings), labelled(t('Hidden runs'), showHidden)),
    el('div', { className: 'bar' },
      button('show-in-panel', t('Show in panel'), t('The first selected run in the training panel, the others overlaid'), false),
      button('use-settings', t('Use these settings'), t("Write the selected run's settings into its model in the spec")),
      button('star', t('Star'), t('Star or unstar the selected runs')),
      button('hide', t('Hide'), t('Hide the selected runs (or show them again)')),
      button('delete', t('Delete…'), t('Move the selected runs to the trash')),
      button('export-table', t('Export table CSV'), t('Save the shown rows and columns as CSV')),
      button('export-metrics', t('Export metrics CSV'), t("Save every metric of the selected runs' epochs as one CSV (run, step, epoch, metric, value)")),
      el('details', { className: 'columns' }, el('summary', { text: t('Columns') }), el('div', { id: 'column-list' }))),
    el('div', { id: 'confirm', className: 'bar confirm' }),
    el('div', { id: 'notes', className: 'bar' }),
    el('div', { className: 'table-wrap' }, el('table', { id: 'runs' })),
    el('p', { id: 'empty', className: 'muted' }),
    el('section', { id: 'plots' }),
  );

  filter.value = state.filter;
  allSettings.checked = state.allSettings;
  showHidden.checked = state.showHidden;
  filter.addEventListener('input', () => update({ filter: filter.value }));
  allSettings.addEventListener('change', () => update({ allSettings: allSettings.checked }));
  showHidden.addEventListener('change', () => update({ showHidden: showHidden.checked }));
  for (const [id, key] of [['status-filter', 'status'], ['model-filter', 'model'], ['sweep-filter', 'sweep']] as const) {
    byId<HTMLSelectElement>(id).addEventListener('change', (event) => update({ [key]: (event.target as HTMLSelectElement).value }));
  }
  byId('show-in-panel').addEventListener('click', () => post({ type: 'showInPanel', runDirs: selectedShown() }));
  byId('use-settings').addEventListener('click', () => { const [runDir] = selectedShown(); if (runDir) post({ type: 'useSettings', runDir }); });
  byId('star').addEventListener('click', () => toggleNote('starred'));
  byId('hide').addEventListener('click', () => toggleNote('hidden'));
  byId('delete').addEventListener('click', () => askToDelete(selectedShown()));
  byId('export-table').addEventListener('click', () => {
    const shown = shownRows();
    post({ type: 'saveCsv', csv: tableCsv(shown, metricNames(shown), specKeys(shown, selectedSet(), state.allSettings)), suggestedName: 'runs.csv' });
  });
  byId('export-metrics').addEventListener('click', () => post({ type: 'exportMetrics', runDirs: selectedShown() }));
}

function post(message: RunsTableMessage): void {
  vscode.postMessage(message);
}

function update(changes: Partial<RunsTableState>): void {
  state = { ...state, ...changes };
  vscode.setState(state);
  render();
}

const selectedSet = () => new Set(state.selected);
const shownRows = () => sortRows(visibleRows(rows, state), state.sort);
/** The selected runs that are shown (a filtered-out selection is not acted on), in the table's order. */
const selectedShown = () => shownRows().filter((row) => selectedSet().has(row.runDir)).map((row) => row.runDir);

function toggleNote(field: 'starred' | 'hidden'): void {
  const chosen = rows.filter((row) => selectedShown().includes(row.runDir));
  const value = !chosen.every((row) => row.notes[field]);
  for (const row of chosen) {
    row.notes = { ...row.notes, [field]: value };
    post({ type: 'notes', runDir: row.runDir, changes: { [field]: value } });
  }
  render();
}

function askToDelete(runDirs: string[]): void {
  pendingDelete = runDirs;
  render();
}

function fillSelect(id: string, values: string[], current: string, label: (value: string) => string): void {
  const s = byId<HTMLSelectElement>(id);
  s.replaceChildren(el('option', { text: t('any') }), ...values.map((value) => el('option', { text: label(value) })));
  (s.options[0] as HTMLOptionElement).value = '';
  values.forEach((value, i) => ((s.options[i + 1] as HTMLOptionElement).value = value));
  s.value = values.includes(current) ? current : '';
}

/** Column id -> header text. */
function columnsFor(shown: readonly RunRow[]): { id: string; label: string; numeric?: boolean }[] {
  const metrics = metricNames(shown);
  const base: Record<(typeof BASE_COLUMNS)[number], string> = {
    star: '★', run: t('Run'), model: t('Model'), status: t('Status'), started: t('Started'), duration: t('Duration'), backend: t('Backend'),
  };
  return [
    ...BASE_COLUMNS.map((id) => ({ id, label: base[id], numeric: id === 'duration' })),
    ...metrics.map((m) => ({ id: `final:${m}`, label: m, numeric: true })),
    ...metrics.map((m) => ({ id: `best:${m}`, label: t('best {0}', m), numeric: true })),
    ...specKeys(shown, selectedSet(), state.allSettings).map((key) => ({ id: `spec:${key}`, label: key })),
  ];
}

function cellText(row: RunRow, column: string): string {
  switch (column) {
    case 'star': return row.notes.starred ? '★' : '☆';
    case 'run': return row.notes.title ?? row.id;
    case 'model': return row.model;
    case 'status': return row.status === 'unreadable' ? t('unreadable') : statusLabel(row.status as ShownStatus);
    case 'started': return row.started ? row.started.slice(0, 16).replace('T', ' ') : '';
    case 'duration': return row.seconds === undefined ? '' : formatSeconds(row.seconds);
    case 'backend': return row.backend ?? '';
  }
  if (column.startsWith('final:')) return number(row.final[column.slice(6)]);
  if (column.startsWith('best:')) return number(row.best[column.slice(5)]);
  return valueText(row.spec?.[column.slice(5)]);
}

function number(value: number | null | undefined): string {
  if (value === undefined) return '';
  return value === null ? 'NaN' : value.toPrecision(4);
}

function render(): void {
  fillSelect('status-filter', choices(rows, (row) => row.status), state.status, (s) => (s === 'unreadable' ? t('unreadable') : statusLabel(s as ShownStatus)));
  fillSelect('model-filter', choices(rows, (row) => row.model), state.model, (m) => m);
  fillSelect('sweep-filter', choices(rows, (row) => row.sweep?.id), state.sweep, (s) => s);
  const shown = shownRows();
  const selected = selectedSet();
  const allColumns = columnsFor(shown);
  const columns = allColumns.filter((column) => !state.hiddenColumns.includes(column.id));
  renderColumnChooser(allColumns);
  renderConfirm();
  renderNotes(shown.filter((row) => selected.has(row.runDir)));

  const table = byId<HTMLTableElement>('runs');
  const head = el('tr', {}, el('th', { className: 'select' }));
  for (const column of columns) {
    const th = el('th', { text: column.label, className: column.numeric ? 'num' : '' });
    th.dataset.column = column.id;
    if (state.sort.column === column.id) th.setAttribute('aria-sort', state.sort.descending ? 'descending' : 'ascending');
    th.addEventListener('click', () => update({ sort: { column: column.id, descending: state.sort.column === column.id ? !state.sort.descending : false } }));
    head.append(th);
  }
  head.append(el('th', { className: 'actions' }));
  const body = shown.map((row) => {
    const tr = el('tr', { title: row.reason ?? row.runDir });
    tr.dataset.run = row.runDir;
    if (selected.has(row.runDir)) tr.classList.add('selected');
    if (row.notes.hidden) tr.classList.add('hidden-run');
    const box = el('input');
    box.type = 'checkbox';
    box.checked = selected.has(row.runDir);
    box.setAttribute('aria-label', row.id);
    box.addEventListener('change', () => update({ selected: box.checked ? [...state.selected, row.runDir] : state.selected.filter((dir) => dir !== row.runDir) }));
    tr.append(el('td', { className: 'select' }, box));
    for (const column of columns) {
      const td = el('td', { text: cellText(row, column.id), className: column.numeric ? 'num' : '' });
      td.dataset.column = column.id;
      if (column.id === 'status') td.dataset.status = row.status;
      if (column.id === 'star') {
        td.classList.add('star');
        td.addEventListener('click', () => {
          row.notes = { ...row.notes, starred: !row.notes.starred };
          post({ type: 'notes', runDir: row.runDir, changes: { starred: row.notes.starred } });
          render();
        });
      }
      tr.append(td);
    }
    tr.append(rowActionsCell(row, post));
    return tr;
  });
  table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...body));
  byId('empty').textContent = rows.length === 0 ? t('No runs in {0} yet. Train a model to see it here.', runsDir) : shown.length === 0 ? t('No run matches the filters.') : '';
  const count = selectedShown().length;
  for (const id of ['show-in-panel', 'star', 'hide', 'delete', 'export-metrics']) byId<HTMLButtonElement>(id).disabled = count === 0;
  byId<HTMLButtonElement>('use-settings').disabled = count !== 1;
  renderPlots(shown.filter((row) => selected.has(row.runDir)));
}

function renderColumnChooser(columns: { id: string; label: string }[]): void {
  const list = byId('column-list');
  list.replaceChildren(...columns.map((column) => {
    const box = el('input');
    box.type = 'checkbox';
    box.checked = !state.hiddenColumns.includes(column.id);
    box.dataset.column = column.id;
    box.addEventListener('change', () => update({
      hiddenColumns: box.checked ? state.hiddenColumns.filter((id) => id !== column.id) : [...state.hiddenColumns, column.id],
    }));
    return el('label', {}, box, document.createTextNode(` ${column.label}`));
  }));
}

function renderConfirm(): void {
  const bar = byId('confirm');
  if (pendingDelete.length === 0) return void bar.replaceChildren();
  const yes = button('confirm-delete', t('Delete'), '', false);
  const no = button('cancel-delete', t('Cancel'), '');
  yes.addEventListener('click', () => {
    const runDirs = pendingDelete;
    pendingDelete = [];
    post({ type: 'delete', runDirs });
    render();
  });
  no.addEventListener('click', () => askToDelete([]));
  const question = pendingDelete.length === 1
    ? t('Move 1 run to the trash?')
    : t('Move {0} runs to the trash?', pendingDelete.length);
  bar.replaceChildren(el('span', { text: question }), yes, no);
}

/** Title and note of the one selected run. */
function renderNotes(selected: readonly RunRow[]): void {
  const bar = byId('notes');
  if (selected.length !== 1) return void bar.replaceChildren();
  const [row] = selected;
  const title = el('input', { id: 'run-title' });
  title.value = row.notes.title ?? '';
  title.placeholder = row.id;
  const note = el('input', { id: 'run-note' });
  note.value = row.notes.note ?? '';
  const save = button('save-notes', t('Save'), t('Save the name and note in the run folder'));
  save.addEventListener('click', () => {
    row.notes = { ...row.notes, title: title.value.trim() || undefined, note: note.value.trim() || undefined };
    post({ type: 'notes', runDir: row.runDir, changes: { title: title.value.trim(), note: note.value.trim() } });
    render();
  });
  bar.replaceChildren(labelled(t('Name'), title), labelled(t('Note'), note), save);
}

function renderPlots(selected: readonly RunRow[]): void {
  const plots = byId('plots');
  if (selected.length < 2) {
    plots.replaceChildren(el('p', { className: 'muted', text: t('Select two or more runs to plot their settings against a metric.') }));
    return;
  }
  const metrics = metricNames(selected);
  const metric = metrics.includes(state.metric) ? state.metric : metrics[0] ?? 'loss';
  const keys = specKeys(selected, new Set(selected.map((row) => row.runDir)), false);
  const parameter = keys.includes(state.parameter) ? state.parameter : keys[0] ?? '';
  const metricSelect = select('plot-metric');
  metricSelect.append(...metrics.map((m) => el('option', { text: m })));
  metricSelect.value = metric;
  metricSelect.addEventListener('change', () => update({ metric: metricSelect.value }));
  const parameterSelect = select('plot-parameter');
  parameterSelect.append(...keys.map((k) => el('option', { text: k })));
  parameterSelect.value = parameter;
  parameterSelect.addEventListener('change', () => update({ parameter: parameterSelect.value }));
  const parallel = parallelCoordinates(selected, keys, metric, t('Parallel coordinates of the selected runs'));
  parallel.id = 'parallel-coordinates';
  const children: Node[] = [el('div', { className: 'bar' }, labelled(t('Metric'), metricSelect), labelled(t('Setting'), parameterSelect)),
    el('h2', { text: t('Settings and {0}', metric) }), parallel];
  if (parameter) {
    const dots = scatter(selected, parameter, metric, t('{0} against {1}', metric, parameter));
    dots.id = 'scatter';
    children.push(el('h2', { text: t('{0} against {1}', metric, parameter) }), dots);
  }
  plots.replaceChildren(...children);
}

window.addEventListener('message', (event: MessageEvent<RunsHostMessage>) => {
  const message = event.data;
  if (message?.type !== 'runs') return;
  rows = message.runs;
  runsDir = message.runsDir;
  // Runs deleted elsewhere leave the selection.
  const present = new Set(rows.map((row) => row.runDir));
  state = { ...state, selected: state.selected.filter((dir) => present.has(dir)) };
  pendingDelete = pendingDelete.filter((dir) => present.has(dir));
  render();
});

mount();
render();
// For the tests: what the table holds, without reading pixels.
(window as unknown as { __rnnRunsTable: unknown }).__rnnRunsTable = { state: () => state, rows: () => rows };
post({ type: 'ready' });
