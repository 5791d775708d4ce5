// A run's notes (star, title, note, hidden) and removing runs to the trash folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { listRuns, readNotes, removeRun, updateNotes } from '../../core/src/run-store';
import { saveRun } from '../helpers/saved-runs';

const runsRoot = () => mkdtempSync(join(tmpdir(), 'rnn-notes-test-'));

test('notes merge field by field, are written whole, and clearing a field removes it', () => {
  const run = saveRun(runsRoot(), { model: 'M' });
  assert.deepEqual(readNotes(run), {});
  updateNotes(run, { starred: true });
  updateNotes(run, { title: 'baseline', note: 'lr too high' });
  assert.deepEqual(readNotes(run), { starred: true, title: 'baseline', note: 'lr too high' });
  updateNotes(run, { starred: false, note: '' });
  assert.deepEqual(JSON.parse(readFileSync(join(run, 'notes.json'), 'utf8')), { title: 'baseline' });
  assert.deepEqual(readdirSync(run).filter((f) => f.includes('.tmp')), []);
});

test('damaged notes read as none and never hide the run', () => {
  const runs = runsRoot();
  const run = saveRun(runs, { model: 'M' });
  writeFileSync(join(run, 'notes.json'), '{"starred": "yes"');
  assert.deepEqual(readNotes(run), {});
  writeFileSync(join(run, 'notes.json'), '{"starred": "yes"}');
  assert.deepEqual(readNotes(run), {});
  assert.equal(listRuns(runs).filter((r) => r.ok).length, 1);
});

test('a run removed without a system trash goes to <runs>/.trash/<Model>/, which listing skips; a second of that name gets a suffix', async () => {
  const runs = runsRoot();
  const run = saveRun(runs, { model: 'M' });
  const removed = await removeRun(run);
  assert.deepEqual(removed, { kind: 'trash-folder', path: join(runs, '.trash', 'M', basename(run)) });
  assert.ok(existsSync(join(removed.kind === 'trash-folder' ? removed.path : '', 'summary.json')));
  assert.deepEqual(listRuns(runs), []);
  const again = saveRun(runs, { model: 'M' });
  const renamed = join(runs, 'M', basename(run));
  if (again !== renamed) (await import('node:fs')).renameSync(again, renamed);
  assert.deepEqual(await removeRun(renamed), { kind: 'trash-folder', path: join(runs, '.trash', 'M', `${basename(run)}~2`) });
});

test('a system trash that fails leaves the run to the trash folder; one that works is reported', async () => {
  const runs = runsRoot();
  const first = saveRun(runs, { model: 'M' });
  const failed = await removeRun(first, { systemTrash: async () => { throw new Error('no trash on this file system'); } });
  assert.equal(failed.kind, 'trash-folder');
  const second = saveRun(runs, { model: 'M' });
  const { rmSync } = await import('node:fs');
  assert.deepEqual(await removeRun(second, { systemTrash: async (path) => rmSync(path, { recursive: true }) }), { kind: 'system-trash' });
});
