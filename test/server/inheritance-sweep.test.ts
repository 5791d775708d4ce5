// The editor features of `extends` and `sweep`, over stdio: completion of base
// models and key paths, hover on inherited members and on the base, go to the
// base's definition, the code lens's trial count, formatting.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CompletionRequest, type CodeLens, type CompletionItem, type CompletionList, type Hover, type Location, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { applyEdits, fileUri, markers, positionAt, root, TestClient } from './lsp-client';

let client: TestClient;
let counter = 0;
before(async () => {
  client = await TestClient.start();
});
after(async () => {
  await client.stop();
});

/** Opens `marked` (its `<|>` markers taken out) as a file in samples/; returns its uri, text and marker positions. */
async function open(marked: string) {
  const { text, offsets } = markers(marked);
  const uri = fileUri(join(root, 'samples', `inheritance-${counter++}.rnn`));
  await client.open(uri, text);
  return { uri, text, positions: offsets.map((offset) => positionAt(text, offset)) };
}

const request = <R>(method: string, uri: string, params: object = {}) =>
  client.connection.sendRequest(method, { textDocument: { uri }, ...params }) as Promise<R>;

async function labelsAt(marked: string): Promise<string[]> {
  const { uri, positions } = await open(marked);
  const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positions[0], context: { triggerKind: 1 } });
  await client.close(uri);
  const items: CompletionItem[] = Array.isArray(result) ? result : (result as CompletionList | null)?.items ?? [];
  return items.map((item) => item.label);
}

async function hoverAt(marked: string): Promise<string> {
  const { uri, positions } = await open(marked);
  const hover = await request<Hover | null>('textDocument/hover', uri, { position: positions[0] });
  await client.close(uri);
  assert.ok(hover, 'a hover');
  return (hover.contents as { value: string }).value;
}

const BASE = 'model Vanilla {\n  data: adding(samples: 400, timesteps: 20)\n  input { timesteps: 20, features: 2 }\n'
  + '  hidden { cell: lstm, units: [8] }\n  output { units: 1 }\n  loss: mse\n}\n';

test('after `extends`, completion lists the other models of the file', async () => {
  const labels = await labelsAt(`${BASE}model Other {\n  loss: mse\n}\nmodel Child extends <|> {\n}\n`);
  assert.deepEqual(labels.sort(), ['Other', 'Vanilla']);
  assert.deepEqual((await labelsAt(`${BASE}model Child extends Van<|> {\n}\n`)), ['Vanilla']);
});

test('in a sweep, completion lists its settings and the key paths; in a swept list, the key\'s values', async () => {
  const inSweep = await labelsAt(`${BASE.replace(/}\n$/, '')}  sweep {\n    <|>\n  }\n}\n`);
  for (const label of ['trials', 'repeat', 'seed', 'optimizer.lr', 'hidden.units', 'hidden.cell', 'hidden.gates', 'train.batch_size']) {
    assert.ok(inSweep.includes(label), `${label} in [${inSweep.join(', ')}]`);
  }
  const inCase = await labelsAt(`${BASE.replace(/}\n$/, '')}  sweep {\n    wide {\n      <|>\n    }\n  }\n}\n`);
  assert.ok(inCase.includes('hidden.units') && !inCase.includes('trials'));
  const cells = await labelsAt(`${BASE.replace(/}\n$/, '')}  sweep {\n    hidden.cell: [gru, <|>]\n  }\n}\n`);
  assert.ok(cells.includes('lstm') && cells.includes('rnn'), cells.join(', '));
  const members = await labelsAt(`${BASE.replace(/}\n$/, '')}  <|>\n}\n`);
  assert.ok(members.includes('sweep'));
});

test('hover on a child\'s block lists what it inherits and from which model; on the base name, the base\'s summary', async () => {
  const child = `${BASE}model Child extends Vanilla {\n  hid<|>den { units: [16] }\n}\n`;
  const block = await hoverAt(child);
  assert.match(block, /Inherited:\n- `cell: lstm` from `Vanilla`/);
  assert.doesNotMatch(block, /units: \[8\]/, 'what the child sets is not inherited');
  const name = await hoverAt(`${BASE}model Ch<|>ild extends Vanilla {\n  hidden { units: [16] }\n}\n`);
  assert.match(name, /- `loss: mse` from `Vanilla`/);
  assert.match(name, /- `data: adding\(samples: 400, timesteps: 20\)` from `Vanilla`/);
  const base = await hoverAt(`${BASE}model Child extends Van<|>illa {\n  hidden { units: [16] }\n}\n`);
  assert.match(base, /\*\*model Vanilla\*\*/);
  assert.match(base, /\| lstm \(LSTM\) \| \[batch, 8\] \| 352 \|/);
});

test('hover on a sweep\'s key path shows the key\'s documentation', async () => {
  const lr = await hoverAt(`${BASE.replace(/}\n$/, '')}  sweep { optimizer.l<|>r: [0.001, 0.01] }\n}\n`);
  assert.match(lr, /Learning rate/);
});

test('go to definition on the base name goes to the base model', async () => {
  const { uri, text, positions } = await open(`model <|>Vanilla {\n  loss: mse\n}\nmodel Child extends Van<|>illa {\n}\n`);
  const locations = await request<Location[]>('textDocument/definition', uri, { position: positions[1] });
  await client.close(uri);
  assert.deepEqual(locations, [{ uri, range: { start: positions[0], end: positionAt(text, text.indexOf('Vanilla') + 'Vanilla'.length) } }]);
});

test('the code lens above a model with a sweep says how many trials it expands to', async () => {
  const uri = fileUri(join(root, 'samples', 'sweep.rnn'));
  await client.open(uri, readFileSync(join(root, 'samples', 'sweep.rnn'), 'utf8'));
  const lenses = await request<CodeLens[]>('textDocument/codeLens', uri);
  await client.close(uri);
  const titles = lenses.map((lens) => lens.command?.title ?? '');
  assert.ok(titles.includes('sweep: 8 trials'), titles.join(' | '));
  assert.ok(titles.includes('sweep: 6 trials'), titles.join(' | '));
});

test('formatting keeps `extends` and the sweep', async () => {
  const { uri, text } = await open('model  Child extends   Vanilla{\nsweep{optimizer.lr:[0.001,0.01]}}\n');
  const edits = await request<TextEdit[]>('textDocument/formatting', uri, { options: { tabSize: 2, insertSpaces: true } });
  await client.close(uri);
  assert.equal(applyEdits(text, edits), 'model Child extends Vanilla {\n  sweep { optimizer.lr: [0.001, 0.01] }\n}\n');
});
