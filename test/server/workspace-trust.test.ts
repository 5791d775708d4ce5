// The server's data access (issue 13, finding 1): in an untrusted workspace it
// reads no data file at all and says so on the data line; trust granted later
// turns the data checks on; paths outside the workspace need the user's setting.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { fileUri, TestClient } from './lsp-client';
import { model } from '../helpers/diagnostic-cases';

const csvModel = (path: string) => model({ data: `data: csv(path: ${JSON.stringify(path)}, column: "value")`, input: 'input { timesteps: 5 }' });

/** A folder with a FIFO as the data file: any read of it would block the server for good. */
function folderWithFifo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-trust-'));
  assert.equal(spawnSync('mkfifo', [join(dir, 'pipe.csv')]).status, 0, 'mkfifo works here');
  return dir;
}

describe('an untrusted workspace', () => {
  const clients: TestClient[] = [];
  after(() => Promise.all(clients.map((c) => c.stop())));

  it('reads no data file: the data line says why data is not checked, and the server keeps answering', async () => {
    const client = await TestClient.start({ diagnosticsDelay: 20, workspaceTrusted: false });
    clients.push(client);
    const dir = folderWithFifo();
    const text = csvModel('pipe.csv');
    const uri = fileUri(join(dir, 'model.rnn'));
    await client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri, undefined, 30_000);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['data-not-checked', DiagnosticSeverity.Information]]);
    assert.match(String(diagnostics[0].message), /untrusted workspace/);
    assert.equal(diagnostics[0].range.start.line, text.split('\n').findIndex((line) => line.includes('pipe.csv')));
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 4 } });
    assert.ok(hover, 'hover answers');
  });

  it('checks the data once the client says trust was granted', async () => {
    const client = await TestClient.start({ diagnosticsDelay: 20, workspaceTrusted: false });
    clients.push(client);
    const dir = mkdtempSync(join(tmpdir(), 'rnn-trust-'));
    writeFileSync(join(dir, 'series.csv'), 't,value\n1,2\n');
    const uri = fileUri(join(dir, 'model.rnn'));
    await client.open(uri, csvModel('series.csv'));
    assert.deepEqual((await client.diagnosticsFor(uri)).map((d) => d.code), ['data-not-checked']);
    await client.connection.sendNotification('rnn/workspaceTrust', { trusted: true });
    const checked = await client.diagnosticsFor(uri, (p) => !p.diagnostics.some((d) => d.code === 'data-not-checked'));
    // Two rows are too few for 5 timesteps: the file was read.
    assert.deepEqual(checked.map((d) => d.code), ['not-enough-data']);
  });
});

describe('a trusted workspace', () => {
  const clients: TestClient[] = [];
  after(() => Promise.all(clients.map((c) => c.stop())));

  it('refuses a FIFO without blocking', async () => {
    const client = await TestClient.start({ diagnosticsDelay: 20 });
    clients.push(client);
    const uri = fileUri(join(folderWithFifo(), 'model.rnn'));
    await client.open(uri, csvModel('pipe.csv'));
    assert.deepEqual((await client.diagnosticsFor(uri, undefined, 30_000)).map((d) => d.code), ['data-not-allowed']);
  });

  it('refuses a path outside the workspace and the .rnn file\'s folder unless the user allows it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-trust-'));
    const uri = fileUri(join(dir, 'model.rnn'));
    const strict = await TestClient.start({ diagnosticsDelay: 20 });
    clients.push(strict);
    await strict.open(uri, csvModel('/etc/passwd'));
    const refused = await strict.diagnosticsFor(uri);
    assert.deepEqual(refused.map((d) => d.code), ['data-not-allowed']);
    assert.match(String(refused[0].message), /allowOutsideWorkspace/);
    assert.doesNotMatch(String(refused[0].message), /root:/);

    const allowing = await TestClient.start({ diagnosticsDelay: 20, allowDataOutsideWorkspace: true });
    clients.push(allowing);
    await allowing.open(uri, csvModel('/etc/passwd'));
    const read = await allowing.diagnosticsFor(uri);
    assert.ok(!read.some((d) => d.code === 'data-not-allowed'), JSON.stringify(read));
  });
});
