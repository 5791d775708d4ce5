// The server speaks LSP over node IPC (the VS Code client) as well as over
// stdio through the package's `rnn-language-server` bin, and explains itself
// when started without a transport.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection, InitializeRequest, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter,
  type InitializeResult, type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { ensureBuilt, root } from './lsp-client';

async function initializeAndExit(connection: ProtocolConnection): Promise<InitializeResult> {
  connection.listen();
  const result = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  return result;
}

test('over node IPC, the way the VS Code extension starts it', async () => {
  await ensureBuilt();
  const child = fork(join(root, 'dist', 'server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const result = await initializeAndExit(createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child)));
  assert.equal(result.serverInfo?.name, 'rnn-language-server');
  assert.ok(result.capabilities.completionProvider && result.capabilities.inlayHintProvider && result.capabilities.codeActionProvider);
  assert.equal(await exited, 0);
});

test('over stdio through the package bin (`npx rnn-language-server --stdio`)', async () => {
  await ensureBuilt();
  const child = fork(join(root, 'bin', 'rnn-language-server.js'), ['--stdio'], { stdio: ['pipe', 'pipe', 'inherit', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const result = await initializeAndExit(createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!)));
  assert.ok(result.capabilities.documentFormattingProvider);
  assert.equal(await exited, 0);
});

test('without a transport it prints its usage and exits with status 2', async () => {
  await ensureBuilt();
  const run = spawnSync(process.execPath, [join(root, 'dist', 'server.js')], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /usage: rnn-language-server --stdio \| --node-ipc/);
});
