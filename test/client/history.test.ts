// Run listing for the editor (newest first, labels from summary.json), replay
// from metrics.jsonl, the runs folder and the panel's memory. (The spec
// differences beside an overlay come from the language server: test/server/editor-requests.test.ts.)
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PanelMemory } from '../../client/src/panel/panel-memory';
import { listSavedRuns, readRunEvents, readRunSource } from '../../client/src/history/run-list';
import { resolveRunsDirectory } from '../../client/src/history/runs-directory';

const work = mkdtempSync(join(tmpdir(), 'rnn-runs-'));
after(() => rmSync(work, { recursive: true, force: true }));

function saveRun(model: string, name: string, files: Record<string, string>): string {
  const dir = join(work, 'runs', model, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

describe('saved runs', () => {
  const older = saveRun('Sine', '2026-11-26T14-00-00', { 'summary.json': JSON.stringify({ status: 'completed', final: { loss: 0.1, val_loss: 0.123456 } }) });
  const newer = saveRun('Sine', '2026-11-26T15-30-00', { 'summary.json': JSON.stringify({ status: 'cancelled', final: {} }) });
  const crashed = saveRun('Sine', '2026-11-26T15-30-00-2', {});
  saveRun('Other', '2026-11-26T16-00-00', {});

  it('lists the runs of a model newest first, with what their summary says', () => {
    const runs = listSavedRuns(join(work, 'runs'), 'Sine');
    assert.deepEqual(runs.map((r) => r.runDir), [crashed, newer, older]);
    assert.equal(runs[2].label, '2026-11-26 14:00:00 · completed · val_loss 0.1235');
    assert.equal(runs[1].label, '2026-11-26 15:30:00 · cancelled');
    assert.equal(runs[0].status, undefined, 'a run without summary (killed process) is still listed');
  });
  it('lists every model without a name, and nothing for a missing folder', () => {
    assert.equal(listSavedRuns(join(work, 'runs')).length, 4);
    assert.deepEqual(listSavedRuns(join(work, 'nowhere')), []);
  });
  it('replays events and skips a line cut short', () => {
    const dir = saveRun('Replay', 'r', {
      'metrics.jsonl': '{"type":"log","level":"info","message":"a","time":1}\n{"type":"log","level":"info","message":"b","time":2}\n{"type":"ba',
      'model.rnn': 'model Replay {}',
    });
    assert.deepEqual(readRunEvents(dir).map((e) => (e as { message: string }).message), ['a', 'b']);
    assert.equal(readRunSource(dir), 'model Replay {}');
    assert.deepEqual(readRunEvents(join(work, 'none')), []);
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
