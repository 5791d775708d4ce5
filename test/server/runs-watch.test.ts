// A runs folder outside the workspace (the runs directory setting) is watched
// by its own path: the server's `**/*` watcher covers the workspace folders
// only, and the best-run lenses and run hints of such a folder never heard of
// a run that ended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CodeLens, FileSystemWatcher } from 'vscode-languageserver-protocol/node';
import { saveRun, SINE_SOURCE } from '../helpers/saved-runs';
import { fileUri, root, TestClient } from './lsp-client';

/** What VS Code's language client says it can do with file watchers and refreshes. */
const CAPABILITIES = {
  workspace: {
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    codeLens: { refreshSupport: true },
    inlayHint: { refreshSupport: true },
  },
};

async function watchersOf(client: TestClient): Promise<FileSystemWatcher[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const registration = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    if (registration) return (registration.registerOptions as { watchers: FileSystemWatcher[] }).watchers;
    if (Date.now() > deadline) throw new Error('the server registered no file watcher');
    await new Promise((wake) => setTimeout(wake, 20));
  }
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((wake) => setTimeout(wake, 50));
  }
}

test('a runs folder outside the workspace gets a watcher of its own path, and a run saved there shows in the lenses', async () => {
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-runs-elsewhere-'));
  const client = await TestClient.start({ diagnosticsDelay: 0, runsDirectory: runsDir, openRunCommand: 'rnn.openRunFolder' }, CAPABILITIES);
  try {
    const watchers = await watchersOf(client);
    assert.deepEqual(watchers, [{ globPattern: '**/*' }, { globPattern: { baseUri: fileUri(runsDir), pattern: '**/*' } }]);

    const workspace = mkdtempSync(join(tmpdir(), 'rnn-runs-spec-'));
    const uri = fileUri(join(workspace, 'models.rnn'));
    const source = SINE_SOURCE('Alpha', 0.01, 8);
    writeFileSync(join(workspace, 'models.rnn'), source);
    await client.open(uri, source);
    const lenses = () => client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as Promise<CodeLens[]>;
    assert.deepEqual((await lenses()).filter((lens) => lens.command?.title.startsWith('best ')), []);
    // What the client's watcher reports for that folder reaches the lenses: they are refreshed and show the run.
    const run = saveRun(runsDir, { model: 'Alpha', valLosses: [0.5, 0.0123] });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(run, 'summary.json')), type: 1 }] });
    await until(async () => client.serverRequests.filter((method) => method === 'workspace/codeLens/refresh').length, (n) => n > 0, 'a lens refresh');
    const titles = (await lenses()).map((lens) => lens.command?.title).filter((title) => title?.startsWith('best '));
    assert.deepEqual(titles, ['best val_loss 0.012 · 1 run']);
  } finally {
    await client.stop();
  }
});

test('a relative runs folder inside the workspace needs no watcher of its own; one that leads out of it does', async () => {
  const inside = await TestClient.start({ diagnosticsDelay: 0, runsDirectory: 'runs' }, CAPABILITIES);
  try {
    assert.deepEqual(await watchersOf(inside), [{ globPattern: '**/*' }]);
  } finally {
    await inside.stop();
  }
  const outside = await TestClient.start({ diagnosticsDelay: 0, runsDirectory: '../rnn-runs-beside' }, CAPABILITIES);
  try {
    assert.deepEqual(await watchersOf(outside), [{ globPattern: '**/*' }, { globPattern: { baseUri: fileUri(resolve(root, '..', 'rnn-runs-beside')), pattern: '**/*' } }]);
  } finally {
    await outside.stop();
  }
});

test('a client without relative patterns keeps the workspace watcher alone (a bare absolute glob would match nothing)', async () => {
  const client = await TestClient.start({ diagnosticsDelay: 0, runsDirectory: mkdtempSync(join(tmpdir(), 'rnn-runs-plain-')) },
    { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
  try {
    assert.deepEqual(await watchersOf(client), [{ globPattern: '**/*' }]);
  } finally {
    await client.stop();
  }
});
