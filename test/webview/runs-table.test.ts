// The runs table in headless Chromium, fed the message the extension host
// sends: sorting, filtering, the spec values that differ, deleting with a
// confirmation, the parallel-coordinates plot and the CSV of the table.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import type { RunRow } from '../../client/src/runs-table/messages';
import { RUNS_TABLE, usePanels, waitFor, type PanelPage } from './harness';

const screenshotDir = join(import.meta.dirname, '..', '..', '.vscode-test', 'screenshots');

function row(id: string, valLoss: number, spec: Record<string, unknown>, extra: Partial<RunRow> = {}): RunRow {
  const [model] = id.split('/');
  return {
    runDir: `/work/runs/${id}`, id, model, status: 'completed', started: `2026-11-30T10:0${id.at(-1)}:00.000Z`, seconds: 12, backend: 'wasm',
    final: { loss: 2 * valLoss, val_loss: valLoss }, best: { loss: 2 * valLoss, val_loss: valLoss * 0.9 }, notes: {}, spec, ...extra,
  };
}

const SPEC = { 'hidden.cell': 'lstm', 'hidden.units': [32], optimizer: 'adam', 'optimizer.lr': 0.01, 'train.epochs': 5 };
const RUNS: RunRow[] = [
  row('Sine/2026-11-30T10-00-01', 0.05, SPEC),
  row('Sine/2026-11-30T10-00-02', 0.02, { ...SPEC, 'optimizer.lr': 0.003 }, { sweep: { id: 's1', trial: 1, trials: 2, params: { 'optimizer.lr': 0.003 } } }),
  row('Sine/2026-11-30T10-00-03', 0.08, { ...SPEC, 'hidden.units': [64], 'optimizer.lr': 0.003 }, { sweep: { id: 's1', trial: 2, trials: 2, params: { 'hidden.units': [64] } } }),
  row('Other/2026-11-30T10-00-04', 0.5, { ...SPEC, 'hidden.cell': 'gru' }, { status: 'failed' }),
];

describe('runs table (webview)', { timeout: 180_000 }, () => {
  const tables = usePanels(RUNS_TABLE);

  async function openWithRuns(): Promise<PanelPage> {
    const table = await tables.open();
    await table.send({ type: 'runs', runsDir: '/work/runs', runs: RUNS });
    await waitFor(() => shownIds(table), (ids) => ids.length === RUNS.length, 'the rows');
    return table;
  }

  const shownIds = (table: PanelPage) => table.page.$$eval('#runs tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.run!.replace('/work/runs/', '')));
  const headers = (table: PanelPage) => table.page.$$eval('#runs thead th[data-column]', (ths) => ths.map((th) => (th as HTMLElement).dataset.column!));
  const select = (table: PanelPage, id: string) => table.page.check(`#runs tr[data-run="/work/runs/${id}"] input[type="checkbox"]`);

  it('sorts by a column, ascending on the first click and descending on the second', async () => {
    const table = await openWithRuns();
    assert.deepEqual(await shownIds(table), ['Other/2026-11-30T10-00-04', 'Sine/2026-11-30T10-00-03', 'Sine/2026-11-30T10-00-02', 'Sine/2026-11-30T10-00-01'],
      'newest first by default');
    await table.page.click('th[data-column="final:val_loss"]');
    assert.deepEqual((await shownIds(table)).map((id) => id.at(-1)), ['2', '1', '3', '4']);
    await table.page.click('th[data-column="final:val_loss"]');
    assert.deepEqual((await shownIds(table)).map((id) => id.at(-1)), ['4', '3', '1', '2']);
    assert.equal(await table.page.getAttribute('th[data-column="final:val_loss"]', 'aria-sort'), 'descending');
    assert.deepEqual(table.problems, []);
  });

  it('filters by text (a setting=value too), status, model and sweep', async () => {
    const table = await openWithRuns();
    await table.page.fill('#filter', 'optimizer.lr=0.003');
    assert.deepEqual((await shownIds(table)).map((id) => id.at(-1)), ['3', '2']);
    await table.page.fill('#filter', '');
    await table.page.selectOption('#status-filter', 'failed');
    assert.deepEqual(await shownIds(table), ['Other/2026-11-30T10-00-04']);
    await table.page.selectOption('#status-filter', '');
    await table.page.selectOption('#model-filter', 'Sine');
    assert.equal((await shownIds(table)).length, 3);
    await table.page.selectOption('#sweep-filter', 's1');
    assert.deepEqual((await shownIds(table)).map((id) => id.at(-1)), ['3', '2']);
    await table.page.fill('#filter', 'nothing like this');
    assert.match(await table.page.textContent('#empty') ?? '', /No run matches the filters/);
  });

  it('shows only the settings that differ, between the selected runs when two are selected, and every setting on demand', async () => {
    const table = await openWithRuns();
    const specColumns = async () => (await headers(table)).filter((c) => c.startsWith('spec:'));
    assert.deepEqual(await specColumns(), ['spec:hidden.cell', 'spec:hidden.units', 'spec:optimizer.lr']);
    await select(table, 'Sine/2026-11-30T10-00-01');
    await select(table, 'Sine/2026-11-30T10-00-02');
    assert.deepEqual(await specColumns(), ['spec:optimizer.lr']);
    assert.equal(await table.page.textContent('tr[data-run="/work/runs/Sine/2026-11-30T10-00-02"] td[data-column="spec:optimizer.lr"]'), '0.003');
    await table.page.check('#all-settings');
    assert.deepEqual(await specColumns(), Object.keys(SPEC).map((key) => `spec:${key}`));
    await table.page.click('details.columns summary');
    await table.page.uncheck(`#column-list input[data-column="spec:train.epochs"]`);
    assert.ok(!(await specColumns()).includes('spec:train.epochs'), 'a column switched off is gone');
  });

  it('deletes only after the confirmation, and cancelling sends nothing', async () => {
    const table = await openWithRuns();
    await select(table, 'Sine/2026-11-30T10-00-01');
    await select(table, 'Other/2026-11-30T10-00-04');
    await table.page.click('#delete');
    assert.match(await table.page.textContent('#confirm') ?? '', /Move 2 runs to the trash\?/);
    await table.page.click('#cancel-delete');
    assert.equal(await table.page.textContent('#confirm'), '');
    assert.deepEqual((await table.posted()).filter((m) => m.type === 'delete'), []);
    await table.page.click('#delete');
    await table.page.click('#confirm-delete');
    const deletes = (await table.posted()).filter((m) => m.type === 'delete');
    assert.deepEqual(deletes, [{ type: 'delete', runDirs: ['/work/runs/Other/2026-11-30T10-00-04', '/work/runs/Sine/2026-11-30T10-00-01'] }]);
  });

  it('draws the selected runs in parallel coordinates (one line each) and a metric-against-setting scatter', async () => {
    const table = await openWithRuns();
    for (const id of ['Sine/2026-11-30T10-00-01', 'Sine/2026-11-30T10-00-02', 'Sine/2026-11-30T10-00-03']) await select(table, id);
    const lines = await table.page.$$eval('#parallel-coordinates polyline.run-line', (ls) => ls.map((l) => (l as SVGElement).dataset.run));
    assert.equal(lines.length, 3);
    const axes = await table.page.$$eval('#parallel-coordinates .axis-label', (ts) => ts.map((t) => t.textContent));
    assert.deepEqual(axes, ['hidden.units', 'optimizer.lr', 'val_loss']);
    // The line of the lowest val_loss ends at the bottom of the metric axis (the largest y).
    const ends = await table.page.$$eval('#parallel-coordinates polyline.run-line', (ls) => ls.map((l) => Number(l.getAttribute('points')!.split(' ').at(-1)!.split(',')[1])));
    assert.equal(ends.indexOf(Math.max(...ends)), lines.indexOf('/work/runs/Sine/2026-11-30T10-00-02'));
    assert.equal(await table.page.$$eval('#scatter circle.run-dot', (dots) => dots.length), 3);
    const stroke = await table.page.$eval('#parallel-coordinates polyline.run-line', (l) => getComputedStyle(l).stroke);
    assert.notEqual(stroke, 'none', 'lines take a theme colour');
    mkdirSync(screenshotDir, { recursive: true });
    await table.page.screenshot({ path: join(screenshotDir, 'runs-table-dark.png'), fullPage: true });
    assert.deepEqual(table.problems, []);
  });

  it('exports the shown rows and columns as CSV, values unrounded', async () => {
    const table = await openWithRuns();
    await table.page.selectOption('#model-filter', 'Sine');
    await table.page.click('#export-table');
    const saved = (await table.posted()).find((m) => m.type === 'saveCsv') as { csv: string; suggestedName: string } | undefined;
    assert.ok(saved);
    assert.equal(saved.suggestedName, 'runs.csv');
    const parsed = Papa.parse<Record<string, string>>(saved.csv.trim(), { header: true });
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.meta.fields, ['run', 'title', 'model', 'status', 'started', 'seconds', 'backend', 'sweep', 'trial',
      'final loss', 'final val_loss', 'best loss', 'best val_loss', 'hidden.units', 'optimizer.lr']);
    assert.deepEqual(parsed.data.map((r) => [r.run, r['final val_loss'], r['best val_loss'], r['hidden.units'], r['optimizer.lr'], r.sweep]), [
      ['Sine/2026-11-30T10-00-03', '0.08', String(0.08 * 0.9), '[64]', '0.003', 's1'],
      ['Sine/2026-11-30T10-00-02', '0.02', String(0.02 * 0.9), '[32]', '0.003', 's1'],
      ['Sine/2026-11-30T10-00-01', '0.05', String(0.05 * 0.9), '[32]', '0.01', ''],
    ]);
  });

  it('stars a run and saves its name and note through the host', async () => {
    const table = await openWithRuns();
    await table.page.click('tr[data-run="/work/runs/Sine/2026-11-30T10-00-01"] td.star');
    assert.equal(await table.page.textContent('tr[data-run="/work/runs/Sine/2026-11-30T10-00-01"] td.star'), '★');
    await select(table, 'Sine/2026-11-30T10-00-01');
    await table.page.fill('#run-title', 'baseline');
    await table.page.fill('#run-note', 'lr 0.01');
    await table.page.click('#save-notes');
    const notes = (await table.posted()).filter((m) => m.type === 'notes');
    assert.deepEqual(notes, [
      { type: 'notes', runDir: '/work/runs/Sine/2026-11-30T10-00-01', changes: { starred: true } },
      { type: 'notes', runDir: '/work/runs/Sine/2026-11-30T10-00-01', changes: { title: 'baseline', note: 'lr 0.01' } },
    ]);
    assert.equal(await table.page.textContent('tr[data-run="/work/runs/Sine/2026-11-30T10-00-01"] td[data-column="run"]'), 'baseline');
  });
});
