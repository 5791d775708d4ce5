// Diagnostics over stdio: ranges and codes, scheduled publishing that never
// shows a stale version, clearing on close, and empty answers for unknown documents.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { fileUri, positionAt, root, TestClient } from './lsp-client';
import { REPEATED_LOSS_FILE, repeatedLoss } from '../helpers/repeated-key-file';

let client: TestClient;
before(async () => {
  client = await TestClient.start();
});
after(async () => {
  await client.stop();
});

const uriOf = (name: string) => fileUri(join(root, 'samples', name));

const broken = `model A {
  data: sine(samples: 500)
  input { timesteps: 10 }
  hidden { cell: gru, units: [8], gates: [update, forget] }
  los: mse
  optimizer: adma(lr: 0.01)
  train { epochs: 2, batch_size: 0 }
}
`;

const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

/** Asserts a diagnostic with `code` exactly on `needle`, found inside the first occurrence of `around`. */
function expectDiagnostic(diagnostics: Diagnostic[], text: string, code: string, needle: string, around = needle) {
  assert.ok(text.includes(around) && around.includes(needle), `"${around}" not in the text`);
  const offset = text.indexOf(around) + around.indexOf(needle);
  const range = { start: positionAt(text, offset), end: positionAt(text, offset + needle.length) };
  const found = diagnostics.find((d) => d.code === code && JSON.stringify(d.range) === JSON.stringify(range));
  assert.ok(found, `no ${code} at ${JSON.stringify(range)}; got ${JSON.stringify(diagnostics.map((d) => [d.code, d.range]))}`);
  assert.equal(found.source, 'rnn');
  return found;
}

test('every problem is reported with its code, severity and exact range', async () => {
  const uri = uriOf('diagnostics-broken.rnn');
  await client.open(uri, broken);
  const diagnostics = await client.diagnosticsOfVersion(uri, 1);
  expectDiagnostic(diagnostics, broken, 'gate-not-in-cell', 'forget');
  expectDiagnostic(diagnostics, broken, 'unknown-key', 'los');
  expectDiagnostic(diagnostics, broken, 'unknown-function', 'adma');
  expectDiagnostic(diagnostics, broken, 'out-of-range', '0', 'batch_size: 0');
  const missing = expectDiagnostic(diagnostics, broken, 'missing-required', 'A', 'model A');
  assert.match(messageOf(missing), /loss/);
  assert.ok(diagnostics.every((d) => d.severity === 1), 'all of these are errors');
  assert.match(messageOf(diagnostics.find((d) => d.code === 'unknown-key')!), /did you mean `loss`/);
  await client.close(uri);
});

test('syntax errors and warnings are published too; a clean sample has none', async () => {
  const uri = uriOf('diagnostics-syntax.rnn');
  const text = 'model A {\n  data: sine()\n  input { timesteps: 80 }\n  hidden { cell: rnn, units: [4] }\n  loss: mse\n  optimizer: sgd(lr: 5)\n  train { epochs: 1 } }\n}\n';
  await client.open(uri, text);
  const diagnostics = await client.diagnosticsOfVersion(uri, 1);
  const codes = new Set(diagnostics.map((d) => d.code));
  assert.ok(codes.has('syntax-error'), JSON.stringify([...codes]));
  const warnings = diagnostics.filter((d) => d.severity === 2).map((d) => d.code);
  assert.ok(warnings.includes('long-sequence-rnn') && warnings.includes('unusual-learning-rate'), JSON.stringify(warnings));

  const { readFileSync } = await import('node:fs');
  const sine = readFileSync(join(root, 'samples', 'sine.rnn'), 'utf8');
  await client.replace(uri, sine);
  assert.deepEqual(await client.diagnosticsOfVersion(uri, 2), []);
  await client.close(uri);
});

test('rapid edits: only current versions are published, each with its own problems, the last one last', async () => {
  const uri = uriOf('diagnostics-rapid.rnn');
  const textOf = (n: number) => `model A {\n  data: sine()\n  input { timesteps: 5 }\n  hidden { units: [4] }\n  loss: mse\n  bad_${n}: 1\n}\n`;
  await client.open(uri, textOf(1));
  const edits = 40;
  for (let n = 2; n <= edits; n++) await client.replace(uri, textOf(n));
  const last = await client.diagnosticsOfVersion(uri, edits);
  assert.equal(last.length, 1);
  assert.match(messageOf(last[0]), new RegExp(`bad_${edits}`));
  const published = client.published(uri);
  assert.ok(published.length < edits, `debounced: ${published.length} publishes for ${edits} versions`);
  for (const p of published) {
    assert.equal(p.diagnostics.length, 1);
    assert.match(messageOf(p.diagnostics[0]), new RegExp(`bad_${p.version}\\b`), 'diagnostics match the version they claim');
  }
  const versions = published.map((p) => p.version!);
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
  await client.close(uri);
});

test('an opened document is published at once even with a pause of a minute; a burst sent without waiting is published at most twice, the last version last', async () => {
  // With a minute's pause, anything that waited for the typing to pause would not arrive within the test's timeout.
  const patient = await TestClient.start({ diagnosticsDelay: 60_000 });
  try {
    const uri = uriOf('diagnostics-burst.rnn');
    const textOf = (n: number) => `model A {\n  data: sine()\n  input { timesteps: 5 }\n  hidden { units: [4] }\n  loss: mse\n  bad_${n}: 1\n}\n`;
    await patient.open(uri, textOf(1));
    assert.match(messageOf((await patient.diagnosticsOfVersion(uri, 1))[0]), /bad_1\b/);
    const edits = 30;
    await Promise.all(Array.from({ length: edits }, (_, i) => patient.replace(uri, textOf(i + 2))));
    const last = edits + 1;
    assert.match(messageOf((await patient.diagnosticsOfVersion(uri, last))[0]), new RegExp(`bad_${last}\\b`));
    const burst = patient.published(uri).filter((p) => p.version! > 1);
    assert.ok(burst.length <= 2, `${burst.length} publishes for a burst of ${edits} edits: ${burst.map((p) => p.version).join(', ')}`);
    for (const p of burst) assert.match(messageOf(p.diagnostics[0]), new RegExp(`bad_${p.version}\\b`), 'diagnostics match the version they claim');
    assert.equal(burst.at(-1)!.version, last);
  } finally {
    await patient.stop();
  }
});

/**
 * Opens REPEATED_LOSS_FILE, then adds two lines to its first model (every
 * later model moves down; only the first changed). In both versions the
 * duplicate `loss` is where the file has it, and `expect` checks the rest.
 */
async function followRepeatedLoss(on: TestClient, uri: string, expect: (found: Diagnostic, first: { line: number; character: number }, version: string) => void) {
  let text = REPEATED_LOSS_FILE;
  await on.open(uri, text);
  for (let version = 1; version <= 2; version++) {
    if (version === 2) await on.replace(uri, (text = text.replace('model A {\n', 'model A {\n  # two lines\n  # above model E\n')));
    const { duplicate, first } = repeatedLoss(text);
    const found = (await on.diagnosticsOfVersion(uri, version)).filter((d) => d.code === 'duplicate-key');
    assert.equal(found.length, 1, `version ${version}: ${JSON.stringify(found)}`);
    assert.deepEqual(found[0].range.start, duplicate, `version ${version}`);
    expect(found[0], first, `version ${version}`);
  }
  await on.close(uri);
}

test('five models, the last repeating `loss:`: its first `loss:` travels as relatedInformation, right after an edit above', async () => {
  const related = await TestClient.start({ diagnosticsDelay: 20 }, { textDocument: { publishDiagnostics: { relatedInformation: true } } });
  try {
    const uri = uriOf('diagnostics-five-models.rnn');
    await followRepeatedLoss(related, uri, (found, first, version) => {
      assert.equal(messageOf(found), '`loss` is already given in model `E`');
      const range = { start: first, end: { line: first.line, character: first.character + 'loss'.length } };
      assert.deepEqual(found.relatedInformation, [{ location: { uri, range }, message: 'first given here' }], version);
    });
  } finally {
    await related.stop();
  }
});

test('a client without relatedInformation reads the related position in the message, right after an edit above', async () => {
  await followRepeatedLoss(client, uriOf('diagnostics-five-models-inline.rnn'), (found, first, version) => {
    assert.equal(found.relatedInformation, undefined);
    assert.equal(messageOf(found), `\`loss\` is already given in model \`E\` (first given at ${first.line + 1}:${first.character + 1})`, version);
  });
});

test('closing a document clears its diagnostics', async () => {
  const uri = uriOf('diagnostics-close.rnn');
  await client.open(uri, broken);
  assert.ok((await client.diagnosticsOfVersion(uri, 1)).length > 0);
  await client.close(uri);
  assert.deepEqual(await client.diagnosticsFor(uri, (p) => p.version === undefined || p.version === null), []);
});

test('requests about a document that is not open get empty answers', async () => {
  const textDocument = { uri: uriOf('never-opened.rnn') };
  const position = { line: 0, character: 0 };
  const range = { start: position, end: { line: 10, character: 0 } };
  const ask = (method: string, params: object) => client.connection.sendRequest(method, { textDocument, ...params });
  assert.deepEqual(await ask('textDocument/completion', { position }), []);
  assert.equal(await ask('textDocument/hover', { position }), null);
  assert.equal(await ask('textDocument/signatureHelp', { position }), null);
  assert.deepEqual(await ask('textDocument/inlayHint', { range }), []);
  assert.deepEqual(await ask('textDocument/codeLens', {}), []);
  assert.deepEqual(await ask('textDocument/documentSymbol', {}), []);
  assert.deepEqual(await ask('textDocument/foldingRange', {}), []);
  assert.deepEqual(await ask('textDocument/formatting', { options: { tabSize: 2, insertSpaces: true } }), []);
  assert.deepEqual(await ask('textDocument/semanticTokens/full', {}), { data: [] });
  assert.deepEqual(await ask('textDocument/documentLink', {}), []);
  assert.deepEqual(await ask('textDocument/definition', { position }), []);
  assert.deepEqual(await ask('textDocument/codeAction', { range, context: { diagnostics: [] } }), []);
  assert.equal(client.exited, false);
});

test('when a data file appears, open documents are checked again', async () => {
  const watching = await TestClient.start({ diagnosticsDelay: 20 }, {
    workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } },
  });
  const folder = mkdtempSync(join(tmpdir(), 'rnn-watch-'));
  try {
    const uri = fileUri(join(folder, 'model.rnn'));
    const text = 'model A {\n  data: csv(path: "fresh.csv", column: "y")\n  input { timesteps: 3 }\n  hidden { units: [4] }\n  loss: mse\n}\n';
    await watching.open(uri, text);
    const before = await watching.diagnosticsOfVersion(uri, 1);
    assert.deepEqual(before.map((d) => d.code), ['data-file-missing']);
    const csv = join(folder, 'fresh.csv');
    writeFileSync(csv, `y\n${Array.from({ length: 50 }, (_, i) => String(i)).join('\n')}\n`);
    await watching.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(csv), type: 1 }] });
    assert.deepEqual(await watching.diagnosticsFor(uri, (p) => p.diagnostics.length === 0), []);
    assert.ok(watching.serverRequests.includes('client/registerCapability'));
    assert.ok(watching.serverRequests.includes('workspace/inlayHint/refresh') && watching.serverRequests.includes('workspace/codeLens/refresh'));
    assert.deepEqual(watching.logs.filter((l) => /failed|cannot/.test(l)), []);
  } finally {
    await watching.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
