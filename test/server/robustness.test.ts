// The server never crashes and never stops answering: 10,000 rapid random
// edits (garbage characters, lone surrogates, huge lines), then a completion
// request still gets the right answer and the last version gets its diagnostics.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionItem, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { fileUri, positionAt, root, TestClient } from './lsp-client';

let client: TestClient;
before(async () => {
  client = await TestClient.start({ diagnosticsDelay: 150 });
});
after(async () => {
  await client.stop();
});

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = ['{', '}', '[', ']', '(', ')', ':', ',', '\n', '"', '#', 'model ', 'hidden', 'cell: ', 'lstm', 'gates: [',
  'adam(', 'csv(path: "', '1e-3', '-', '\u0000', '\uD800', '\uDC00', '\uFFFF', '\u202E', 'é', '😀', '\r', '\t', '\\'];

function randomText(next: () => number): string {
  const roll = next();
  if (roll < 0.0005) return 'x'.repeat(100_000 + Math.floor(next() * 100_000)); // a huge line
  if (roll < 0.3) return String.fromCharCode(Math.floor(next() * 0x10000));
  const count = 1 + Math.floor(next() * 4);
  return Array.from({ length: count }, () => FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]).join('');
}

test('10,000 rapid random edits, then completion still answers correctly', { timeout: 120_000 }, async () => {
  const next = random(20261126);
  const uri = fileUri(join(root, 'samples', 'robustness.rnn'));
  let text = readFileSync(join(root, 'samples', 'sine.rnn'), 'utf8');
  await client.open(uri, text);
  const sends: Promise<number>[] = [];
  for (let i = 0; i < 10_000; i++) {
    const start = Math.floor(next() * (text.length + 1));
    const end = Math.min(text.length, start + (next() < 0.4 ? Math.floor(next() * 20) : 0));
    const insert = next() < 0.8 ? randomText(next) : '';
    const change: TextDocumentContentChangeEvent = {
      range: { start: positionAt(text, start), end: positionAt(text, end) },
      text: insert,
    };
    text = text.slice(0, start) + insert + text.slice(end);
    // Keep the document from growing without bound: now and then it is replaced whole.
    if (text.length > 400_000) {
      text = text.slice(0, 1000);
      sends.push(client.replace(uri, text));
    } else {
      sends.push(client.change(uri, [change]));
    }
  }
  await Promise.all(sends);

  const tail = '\nmodel Robust {\n  hidden {\n    cell: ';
  const version = await client.change(uri, [{ range: { start: positionAt(text, text.length), end: positionAt(text, text.length) }, text: tail }]);
  text += tail;
  const items = await client.connection.sendRequest('textDocument/completion', {
    textDocument: { uri }, position: positionAt(text, text.length),
  }) as CompletionItem[];
  assert.deepEqual(items.map((i) => i.label).sort(), ['gru', 'lstm', 'rnn']);

  const diagnostics = await client.diagnosticsOfVersion(uri, version);
  assert.ok(diagnostics.length > 0, 'the mangled file has problems');
  assert.ok(client.published(uri).length < 50, 'the burst was debounced');
  const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.length - 3) });
  assert.ok(hover === null || typeof hover === 'object');
  assert.equal(client.exited, false);
  assert.deepEqual(client.logs.filter((l) => /failed|uncaught/.test(l)), [], 'no handler failed');
});

test('every request survives binary garbage', async () => {
  const uri = fileUri(join(root, 'samples', 'garbage.rnn'));
  const next = random(7);
  const garbage = Array.from({ length: 20_000 }, () => String.fromCharCode(Math.floor(next() * 0x10000))).join('');
  await client.open(uri, garbage);
  const textDocument = { uri };
  const position = positionAt(garbage, 10_000);
  const range = { start: { line: 0, character: 0 }, end: positionAt(garbage, garbage.length) };
  for (const [method, params] of [
    ['textDocument/completion', { position }], ['textDocument/hover', { position }], ['textDocument/signatureHelp', { position }], ['textDocument/inlayHint', { range }],
    ['textDocument/codeLens', {}], ['textDocument/documentSymbol', {}], ['textDocument/foldingRange', {}],
    ['textDocument/formatting', { options: { tabSize: 2, insertSpaces: true } }], ['textDocument/semanticTokens/full', {}],
    ['textDocument/documentLink', {}], ['textDocument/definition', { position }],
    ['textDocument/codeAction', { range, context: { diagnostics: [] } }],
    ['rnn/models', {}], ['rnn/modelSummary', { position }], ['rnn/specDiff', { other: garbage }],
  ] as const) {
    await client.connection.sendRequest(method, { textDocument, ...params });
  }
  assert.ok((await client.diagnosticsOfVersion(uri, 1)).length > 0);
  assert.equal(client.exited, false);
  assert.deepEqual(client.logs.filter((l) => /failed|uncaught/.test(l)), [], 'no handler failed');
});
