// The runs table's host side without VS Code: rows read through the run store
// (best values over the epochs, notes, unreadable folders kept with their
// reason) and the metrics of several runs as one long CSV.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import { updateNotes } from '../../core/src/run-store';
import { metricsCsv } from '../../client/src/runs-table/metrics-csv';
import { readRunRows } from '../../client/src/runs-table/run-rows';
import { saveRun } from '../helpers/saved-runs';

describe('runs table rows', () => {
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-table-rows-'));
  const run = saveRun(runsDir, { model: 'Sine', valLosses: [0.5, 0.1, 0.3], sweep: { id: 's', trial: 1, trials: 4, params: { 'optimizer.lr': 0.1 } } });
  updateNotes(run, { starred: true, title: 'first' });
  mkdirSync(join(runsDir, 'Sine', 'broken'));
  writeFileSync(join(runsDir, 'Sine', 'broken', 'summary.json'), '[]');

  it('reads each run with its final and best values, sweep and notes; a broken folder stays, with its reason', () => {
    const rows = readRunRows(runsDir);
    const row = rows.find((r) => r.runDir === run)!;
    assert.equal(row.id, `Sine/${basename(run)}`);
    assert.equal(row.status, 'completed');
    assert.deepEqual(row.final, { loss: 0.6, val_loss: 0.3, mae: 0.15, val_mae: 0.3 });
    assert.deepEqual(row.best, { loss: 0.2, val_loss: 0.1, mae: 0.05, val_mae: 0.1 });
    assert.deepEqual(row.sweep, { id: 's', trial: 1, trials: 4, params: { 'optimizer.lr': 0.1 } });
    assert.deepEqual(row.notes, { starred: true, title: 'first' });
    const broken = rows.find((r) => r.id === 'Sine/broken')!;
    assert.equal(broken.status, 'unreadable');
    assert.match(broken.reason ?? '', /summary\.json is damaged/);
  });

  it('writes every batch loss and epoch value of the runs as run, step, epoch, metric, value', () => {
    const other = saveRun(runsDir, { model: 'Other', valLosses: [0.7] });
    const csv = metricsCsv([{ id: 'a', runDir: run }, { id: 'b', runDir: other }]);
    const { data, meta } = Papa.parse<Record<string, string>>(csv.trim(), { header: true });
    assert.deepEqual(meta.fields, ['run', 'step', 'epoch', 'metric', 'value']);
    assert.equal(data.filter((r) => r.run === 'a').length, 3 * 4);
    assert.deepEqual(data.filter((r) => r.run === 'a' && r.epoch === '2').map((r) => [r.step, r.metric, Number(r.value)]),
      [['20', 'loss', 0.2], ['20', 'val_loss', 0.1], ['20', 'mae', 0.05], ['20', 'val_mae', 0.1]]);
    assert.deepEqual(data.filter((r) => r.run === 'b').map((r) => r.metric), ['loss', 'val_loss', 'mae', 'val_mae']);
  });
});
