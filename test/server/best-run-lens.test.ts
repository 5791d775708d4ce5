// The best-run lens and `rnn/runSpecValues`, through the built server: runs
// are matched by the model name their summary records, re-read when files
// under the runs folder change, and never shown for another model.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeLens, TextEdit } from 'vscode-languageserver-protocol/node';
import { EDITOR_REQUESTS, type RunSpecValuesResult } from '../../core/src/shared';
import { saveRun, SINE_SOURCE } from '../helpers/saved-runs';
import { fileUri, TestClient } from './lsp-client';

const workspace = mkdtempSync(join(tmpdir(), 'rnn-lens-'));
const runsDir = join(workspace, 'runs');
const specPath = join(workspace, 'models.rnn');
const uri = fileUri(specPath);
const source = `${SINE_SOURCE('Alpha', 0.01, 8)}\n${SINE_SOURCE('Beta', 0.01, 8)}`;
let client: TestClient;

before(async () => {
  writeFileSync(specPath, source);
  saveRun(runsDir, { model: 'Alpha', valLosses: [0.5, 0.0123] });
  saveRun(runsDir, { model: 'Alpha', valLosses: [0.5, 0.0053] });
  // A run whose folder says Beta but whose summary says another model: not Beta's.
  const foreign = saveRun(runsDir, { model: 'Gamma', valLosses: [0.001] });
  mkdirSync(join(runsDir, 'Beta'), { recursive: true });
  renameSync(foreign, join(runsDir, 'Beta', 'moved'));
  client = await TestClient.start({ diagnosticsDelay: 0, runsDirectory: 'runs', openRunCommand: 'rnn.openRunFolder' });
  await client.open(uri, source);
});
after(async () => {
  await client.stop();
});

/** The lenses that name a best run, by the line of their model. */
async function bestRunLenses(): Promise<CodeLens[]> {
  const lenses = await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as CodeLens[];
  return lenses.filter((lens) => lens.command?.title.startsWith('best '));
}

test('a saved run of the model shows as its best run, with the number of runs, and opens it', async () => {
  const lenses = await bestRunLenses();
  assert.equal(lenses.length, 1, 'Beta has no run of its own');
  assert.equal(lenses[0].command?.title, 'best val_loss 0.0053 · 2 runs');
  assert.equal(lenses[0].range.start.line, 0);
  assert.equal(lenses[0].command?.command, 'rnn.openRunFolder');
  assert.match(String(lenses[0].command?.arguments?.[0]), /runs[\\/]Alpha[\\/]/);
});

test('a renamed model never shows the runs of its old name', async () => {
  await client.replace(uri, source.replace('model Alpha', 'model Delta'));
  assert.deepEqual(await bestRunLenses(), []);
  await client.replace(uri, source);
  assert.equal((await bestRunLenses()).length, 1);
});

test('a new run is seen once the runs folder is reported changed', async () => {
  const newest = saveRun(runsDir, { model: 'Beta', valLosses: [0.3, 0.2] });
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(newest, 'summary.json')), type: 1 }] });
  const titles = (await bestRunLenses()).map((lens) => lens.command?.title);
  assert.deepEqual(titles, ['best val_loss 0.0053 · 2 runs', 'best val_loss 0.20 · 1 run']);
});

test('rnn/runSpecValues gives each run\'s flattened spec values, null for a folder that is not a run', async () => {
  const alpha = saveRun(runsDir, { model: 'Alpha', source: SINE_SOURCE('Alpha', 0.003, 16) });
  const result = await client.connection.sendRequest(EDITOR_REQUESTS.runSpecValues, { runDirs: [alpha, workspace] }) as RunSpecValuesResult;
  assert.equal(result.runs[alpha]?.['optimizer.lr'], 0.003);
  assert.deepEqual(result.runs[alpha]?.['hidden.units'], [16]);
  assert.equal(result.runs[workspace], null);
});

test('rnn/runSettingsEdit gives the edits that write a run\'s values into a model of an open document', async () => {
  const values = { ...(await client.connection.sendRequest(EDITOR_REQUESTS.runSpecValues, { runDirs: [saveRun(runsDir, { model: 'Beta', source: SINE_SOURCE('Beta', 0.003, 8) })] }) as RunSpecValuesResult).runs };
  const [betaValues] = Object.values(values);
  const edits = await client.connection.sendRequest(EDITOR_REQUESTS.runSettingsEdit, { textDocument: { uri }, model: 'Beta', values: betaValues }) as TextEdit[];
  assert.equal(edits.length, 1);
  const betaLine = source.split('\n').findIndex((line, i) => line.includes('adam(lr: 0.01)') && i > source.split('\n').indexOf('model Beta {'));
  assert.deepEqual(edits[0].range.start.line, betaLine);
  assert.equal(edits[0].newText, '0.003');
  assert.deepEqual(await client.connection.sendRequest(EDITOR_REQUESTS.runSettingsEdit, { textDocument: { uri }, model: 'Nope', values: betaValues }), []);
});
