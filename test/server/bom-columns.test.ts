// A UTF-8 byte order mark (issue 13, finding 6): editors drop it when they
// decode a file, so the language server never counts it; `rnn check` must not
// either, or every column on line 1 is one too far right.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileUri, root, TestClient } from './lsp-client';
import { model } from '../helpers/diagnostic-cases';

const clients: TestClient[] = [];
after(() => Promise.all(clients.map((c) => c.stop())));

test('a BOM leaves the CLI\'s line-1 columns equal to the server\'s', async () => {
  // The mistake on line 1, where the BOM would shift it.
  const text = model().replace('model M {', 'model M { @');
  const dir = mkdtempSync(join(tmpdir(), 'rnn-bom-'));
  const path = join(dir, 'bom.rnn');
  writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
  const cli = spawnSync(process.execPath, [join(root, 'bin', 'rnn.js'), 'check', path], { encoding: 'utf8', timeout: 120_000 });
  const match = /bom\.rnn:1:(\d+): error: .*\[unexpected-character\]/.exec(cli.stdout);
  assert.ok(match, cli.stdout + cli.stderr);

  const client = await TestClient.start({ diagnosticsDelay: 20 });
  clients.push(client);
  const uri = fileUri(path);
  // As VS Code hands it over: decoded, without the BOM.
  await client.open(uri, text);
  const diagnostic = (await client.diagnosticsFor(uri)).find((d) => d.code === 'unexpected-character');
  assert.ok(diagnostic);
  assert.equal(diagnostic.range.start.line, 0);
  assert.equal(Number(match[1]), diagnostic.range.start.character + 1, 'CLI columns are 1-based, LSP columns 0-based');
  assert.equal(Number(match[1]), text.indexOf('@') + 1);
});
