// The schema's documentation in the client's language, over stdio: a client
// that sends `locale: "zh-cn"` in `initialize` reads Chinese in hover,
// completion and signature help; a client that sends no locale reads English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CompletionRequest, HoverRequest, SignatureHelpRequest, type CompletionItem, type CompletionList, type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { CELLS, GATES, OPTIMIZERS, propertyAt } from '../../core/src/language';
import type { Doc } from '../../core/src/language';
import { fileUri, markers, positionAt, root, TestClient } from './lsp-client';

const sine = readFileSync(join(root, 'samples', 'sine.rnn'), 'utf8');
const sineUri = fileUri(join(root, 'samples', 'sine.rnn'));

const cellKey = propertyAt(['hidden'], 'cell')!;
const lstm = CELLS.find((c) => c.name === 'lstm')!;
const forget = GATES.find((g) => g.name === 'forget')!;
const adam = OPTIMIZERS.find((o) => o.name === 'adam')!;
const lr = adam.args.find((a) => a.key === 'lr')!;

let chinese: TestClient;
let english: TestClient;

before(async () => {
  [chinese, english] = await Promise.all([TestClient.start(undefined, undefined, undefined, 'zh-cn'), TestClient.start()]);
  await Promise.all([chinese.open(sineUri, sine), english.open(sineUri, sine)]);
});
after(async () => {
  await Promise.all([chinese.stop(), english.stop()]);
});

/** Hover markdown on the first occurrence of `needle` inside `around`, one character in. */
async function hover(client: TestClient, needle: string, around = needle): Promise<string> {
  const offset = sine.indexOf(around) + around.indexOf(needle) + 1;
  const result = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: sineUri }, position: positionAt(sine, offset) });
  assert.ok(result, `no hover on ${needle}`);
  return (result.contents as MarkupContent).value;
}

/** Completion items at the `<|>` marker of `marked`. */
async function complete(client: TestClient, marked: string, name: string): Promise<CompletionItem[]> {
  const { text, offsets } = markers(marked);
  const uri = fileUri(join(root, 'samples', `l10n-docs-${name}.rnn`));
  await client.open(uri, text);
  const result = await client.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri }, position: positionAt(text, offsets[0]), context: { triggerKind: 1 },
  });
  await client.close(uri);
  return Array.isArray(result) ? result : (result as CompletionList | null)?.items ?? [];
}

const documentation = (item: CompletionItem | undefined) =>
  typeof item?.documentation === 'string' ? item.documentation : item?.documentation?.value ?? '';

/** Shows the doc in one language and not the other. */
function showsOnly(text: string, doc: Doc, language: 'en' | 'zh') {
  const other = language === 'en' ? 'zh' : 'en';
  assert.ok(text.includes(doc[language]), `expected the ${language} doc "${doc[language]}" in:\n${text}`);
  assert.ok(!text.includes(doc[other]), `did not expect the ${other} doc in:\n${text}`);
}

test('hover on `cell` and on its value `lstm` shows the Chinese docs to a zh-cn client', async () => {
  showsOnly(await hover(chinese, 'cell'), cellKey.doc, 'zh');
  showsOnly(await hover(chinese, 'lstm', 'cell: lstm'), lstm.doc, 'zh');
});

test('hover on the gate value `forget` shows the Chinese doc, with the glossary\'s 遗忘门', async () => {
  const text = await hover(chinese, 'forget', 'forget,');
  showsOnly(text, forget.doc, 'zh');
  assert.match(text, /遗忘门/);
  assert.match(text, /`forget`/, 'the value itself stays English');
});

test('completion documentation is Chinese for a zh-cn client, the labels stay English', async () => {
  const marked = 'model A {\n  hidden {\n    cell: <|>\n  }\n}\n';
  const items = await complete(chinese, marked, 'zh');
  const item = items.find((i) => i.label === 'lstm');
  assert.ok(item, `no lstm among ${items.map((i) => i.label).join(', ')}`);
  showsOnly(documentation(item), lstm.doc, 'zh');
  const keys = await complete(chinese, 'model A {\n  hidden {\n    <|>\n  }\n}\n', 'zh-keys');
  showsOnly(documentation(keys.find((i) => i.label === 'cell')), cellKey.doc, 'zh');
});

test('signature help documents the function and its arguments in Chinese for a zh-cn client', async () => {
  const { text, offsets } = markers('model A {\n  optimizer: adam(<|>)\n}\n');
  const uri = fileUri(join(root, 'samples', 'l10n-docs-signature.rnn'));
  await chinese.open(uri, text);
  const help = await chinese.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: positionAt(text, offsets[0]) });
  await chinese.close(uri);
  const signature = help?.signatures[0];
  assert.ok(signature, 'no signature help in adam(');
  showsOnly((signature.documentation as MarkupContent).value, adam.doc, 'zh');
  showsOnly((signature.parameters![0].documentation as MarkupContent).value, lr.doc, 'zh');
});

test('a client that sends no locale reads the same docs in English', async () => {
  showsOnly(await hover(english, 'cell'), cellKey.doc, 'en');
  showsOnly(await hover(english, 'forget', 'forget,'), forget.doc, 'en');
  const items = await complete(english, 'model A {\n  hidden {\n    cell: <|>\n  }\n}\n', 'en');
  showsOnly(documentation(items.find((i) => i.label === 'lstm')), lstm.doc, 'en');
});
