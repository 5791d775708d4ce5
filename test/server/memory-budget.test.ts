// The memory budget in the editor (issue 13, finding 2): the server reports a
// model too large to train at its units with the figure, shows the estimate on
// hover over `units`, and takes a larger budget from initializationOptions.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol/node';
import { fileUri, positionAt, root, TestClient } from './lsp-client';
import { model } from '../helpers/diagnostic-cases';

const big = model({ hidden: 'hidden { cell: lstm, units: [100000] }' });
const uri = fileUri(join(root, 'samples', 'memory-budget.rnn'));
const clients: TestClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.stop()));
});

async function started(initializationOptions: Record<string, unknown>): Promise<TestClient> {
  const client = await TestClient.start({ diagnosticsDelay: 20, ...initializationOptions });
  clients.push(client);
  await client.open(uri, big);
  return client;
}

test('units [100000]: an error at the units with the figure, and the figure on hover over `units`', async () => {
  const client = await started({});
  const diagnostics = await client.diagnosticsOfVersion(uri, 1);
  const found = diagnostics.find((d) => d.code === 'resource-budget');
  assert.ok(found, JSON.stringify(diagnostics));
  assert.equal(found.severity, 1);
  const at = big.indexOf('[100000]');
  assert.deepEqual(found.range, { start: positionAt(big, at), end: positionAt(big, at + '[100000]'.length) });
  assert.match(found.message as string, /weights 149 GiB.*above the memory budget of 2 GiB/);
  const hover = await client.connection.sendRequest('textDocument/hover', {
    textDocument: { uri }, position: positionAt(big, big.indexOf('units: [') + 1),
  }) as Hover | null;
  assert.match((hover?.contents as { value: string } | undefined)?.value ?? '', /Training memory: about \d+(\.\d+)? GiB \(weights 149 GiB/);
});

test('initializationOptions memoryBudget "4TiB": the same model is clean', async () => {
  const client = await started({ memoryBudget: '4TiB' });
  const diagnostics = await client.diagnosticsOfVersion(uri, 1);
  assert.deepEqual(diagnostics.filter((d) => d.code === 'resource-budget'), []);
});
