// Run listing for the editor (newest first, labels from summary.json), the runs
// folder and the panel's memory. (The spec differences beside an overlay come from
// the language server: test/server/editor-requests.test.ts.)
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PanelMemory } from '../../client/src/panel/panel-memory';
import { listSavedRuns } from '../../client/src/history/run-list';
import { resolveRunsDirectory } from '../../client/src/history/runs-directory';

const work = mkdtempSync(join(tmpdir(), 'rnn-runs-'));
after(() => rmSync(work, { recursive: true, force: true }));

function saveRun(model: string, name: string, files: Record<string, string>): string {
  const dir = join(work, 'runs', model, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

/** A summary.json as the engine writes it, with `fields` changed. */
function summary(fields: Record<string, unknown>): string {
  return JSON.stringify({ format: 1, model: 'Sine', status: 'completed', started: '2026-11-26T14:00:00.000Z', seconds: 3, epochs: 2, final: {}, seed: 7, ...fields });
}

describe('saved runs', () => {
  const older = saveRun('Sine', '2026-11-26T14-00-00', { 'summary.json': summary({ final: { loss: 0.1, val_loss: 0.123456 } }) });
  const newer = saveRun('Sine', '2026-11-26T15-30-00', { 'summary.json': summary({ status: 'cancelled' }) });
  const crashed = saveRun('Sine', '2026-11-26T15-30-00-2', {});
  const damaged = saveRun('Sine', '2026-11-26T15-45-00', { 'summary.json': summary({ final: { val_loss: '0.1' } }) });
  saveRun('Other', '2026-11-26T16-00-00', {});

  it('lists the runs of a model newest first, with what their summary says', () => {
    const runs = listSavedRuns(join(work, 'runs'), 'Sine');
    assert.deepEqual(runs.map((r) => r.runDir), [damaged, crashed, newer, older]);
    assert.equal(runs[3].label, '2026-11-26 14:00:00 · completed · val_loss 0.1235');
    assert.equal(runs[2].label, '2026-11-26 15:30:00 · cancelled');
    assert.equal(runs[1].status, undefined, 'a run without summary (killed process) is still listed');
    assert.equal(runs[1].label, '2026-11-26 15:30:00-2');
  });
  it('lists a run with a damaged summary, saying why in its label', () => {
    const run = listSavedRuns(join(work, 'runs'), 'Sine')[0];
    assert.equal(run.status, undefined);
    assert.equal(run.label, '2026-11-26 15:45:00 · unreadable: summary.json is damaged: final.val_loss: expected number, received string');
  });
  it('lists every model without a name, and nothing for a missing folder', () => {
    assert.equal(listSavedRuns(join(work, 'runs')).length, 5);
    assert.deepEqual(listSavedRuns(join(work, 'nowhere')), []);
  });
});

describe('saved runs, damaged or left running (issue 13)', () => {
  const runsDir = join(work, 'issue-13');
  const save = (name: string, files: Record<string, string>) => {
    const dir = join(runsDir, 'Sine', name);
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  };

  it('lists every run beside one whose summary has "status": 5, a string loss or bad metrics lines, saying why', () => {
    save('2026-11-26T10-00-00', { 'summary.json': summary({ status: 5 }) });
    save('2026-11-26T11-00-00', { 'summary.json': summary({ final: { val_loss: '0.1' } }) });
    save('2026-11-26T12-00-00', { 'summary.json': summary({}), 'metrics.jsonl': '{"type":"epoch","epoch":1}\nnot json\n' });
    const runs = listSavedRuns(runsDir);
    assert.deepEqual(runs.map((r) => r.label), [
      '2026-11-26 12:00:00 · completed',
      '2026-11-26 11:00:00 · unreadable: summary.json is damaged: final.val_loss: expected number, received string',
      '2026-11-26 10:00:00 · unreadable: summary.json is damaged: status: Invalid option: expected one of "completed"|"early_stopped"|"cancelled"|"failed"|"running"',
    ]);
  });

  it('lists a run whose process died as interrupted, one whose process lives as running', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((done) => child.on('exit', done));
    const writer = { status: 'running', host: hostname(), heartbeat: new Date().toISOString() };
    save('2026-11-26T13-00-00', { 'summary.json': summary({ ...writer, pid: child.pid, epochs: 1, weightsEpoch: 1 }) });
    save('2026-11-26T14-00-00', { 'summary.json': summary({ ...writer, pid: process.pid }) });
    const [alive, dead] = listSavedRuns(runsDir);
    assert.deepEqual([alive.status, alive.label], ['running', '2026-11-26 14:00:00 · running']);
    assert.deepEqual([dead.status, dead.label], ['interrupted', '2026-11-26 13:00:00 · interrupted']);
  });
});

describe('runs folder', () => {
  it('resolves the runs directory against the workspace folder, else the file folder', () => {
    assert.equal(resolveRunsDirectory('runs', '/ws', '/ws/sub'), '/ws/runs');
    assert.equal(resolveRunsDirectory('runs', undefined, '/elsewhere'), '/elsewhere/runs');
    assert.equal(resolveRunsDirectory('/abs/runs', '/ws', '/ws/sub'), '/abs/runs');
  });
});

describe('panel memory', () => {
  it('remembers the shown run across instances, and shrugs off a missing or broken file', () => {
    const folder = join(work, 'storage', 'nested');
    assert.equal(new PanelMemory(folder).recall(), undefined);
    new PanelMemory(folder).remember({ runDir: '/runs/M/1', model: 'M' });
    assert.deepEqual(new PanelMemory(folder).recall(), { runDir: '/runs/M/1', model: 'M' });
    writeFileSync(join(folder, 'training-panel.json'), '{"runDir": 3');
    assert.equal(new PanelMemory(folder).recall(), undefined);
    assert.equal(new PanelMemory(undefined).recall(), undefined);
  });
});
