// Hover, inlay hints, code lens, outline, folding, semantic tokens, document
// links and go to definition, over stdio, on the samples.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CodeLens, DocumentLink, DocumentSymbol, FoldingRange, Hover, InlayHint, Location, SemanticTokens, SignatureHelp,
} from 'vscode-languageserver-protocol/node';
import { cellFacts } from '../../core/src/language/schema/facts';
import { fileUri, positionAt, root, TestClient } from './lsp-client';

let client: TestClient;
const samplePath = (name: string) => join(root, 'samples', name);
const sine = readFileSync(samplePath('sine.rnn'), 'utf8');
const airline = readFileSync(samplePath('airline.rnn'), 'utf8');
const sineUri = fileUri(samplePath('sine.rnn'));
const airlineUri = fileUri(samplePath('airline.rnn'));

before(async () => {
  client = await TestClient.start();
  await client.open(sineUri, sine);
  await client.open(airlineUri, airline);
});
after(async () => {
  await client.stop();
});

const request = <R>(method: string, uri: string, params: object = {}) =>
  client.connection.sendRequest(method, { textDocument: { uri }, ...params }) as Promise<R>;

/** Hover markdown at the first occurrence of `needle` (inside `around`), one character in. */
async function hoverAt(text: string, uri: string, needle: string, around = needle): Promise<string> {
  const offset = text.indexOf(around) + around.indexOf(needle) + 1;
  const hover = await request<Hover | null>('textDocument/hover', uri, { position: positionAt(text, offset) });
  assert.ok(hover, `no hover on ${needle}`);
  return (hover.contents as { value: string }).value;
}

/** Keras-style parameter count of one recurrent layer, from the cell's number of weight blocks. */
const recurrentParams = (blocks: number, units: number, inputs: number) => blocks * (units * (inputs + units) + units);
const lstmBlocks = cellFacts('lstm')!.blocks;
const expectedLayers = [
  recurrentParams(lstmBlocks, 64, 1),
  recurrentParams(lstmBlocks, 32, 64),
  32 * 1 + 1,
];
const fmt = (n: number) => n.toLocaleString('en-US');

test('hover on a key shows its documentation, default and range from the schema', async () => {
  const cell = await hoverAt(sine, sineUri, 'cell');
  assert.match(cell, /\*\*cell\*\*/);
  assert.match(cell, /Default: `lstm`/);
  const lr = await hoverAt(sine, sineUri, 'lr');
  assert.match(lr, /Learning rate/);
  assert.match(lr, /Default: `0.001`/);
  assert.match(lr, /Usual range: ≥ 0.00001|Usual range: ≥ 1e-5/);
  const dropout = await hoverAt(sine, sineUri, 'dropout');
  assert.match(dropout, /number ≥ 0 and < 1/);
});

test('hover on values and functions shows their documentation', async () => {
  assert.match(await hoverAt(sine, sineUri, 'lstm', 'cell: lstm'), /Long short-term memory/);
  assert.match(await hoverAt(sine, sineUri, 'forget', 'forget,'), /forget gate/);
  const adam = await hoverAt(sine, sineUri, 'adam');
  assert.match(adam, /adam\(lr: 0.001/);
  assert.match(adam, /Kingma/);
  assert.match(await hoverAt(airline, airlineUri, 'minmax'), /Scale to \[0, 1\]/);
  assert.match(await hoverAt(airline, airlineUri, 'normalize'), /Default: `none`/);
});

test('hover on the hidden block shows the formula and the parameters of each layer', async () => {
  const hidden = await hoverAt(sine, sineUri, 'hidden');
  assert.ok(hidden.includes(cellFacts('lstm')!.formula), hidden);
  for (const params of expectedLayers) assert.ok(hidden.includes(fmt(params)), `${fmt(params)} in ${hidden}`);
  const total = expectedLayers.reduce((a, b) => a + b);
  assert.ok(hidden.includes(fmt(total)));
  const units = await hoverAt(sine, sineUri, 'units', 'units: [64');
  assert.ok(units.includes(fmt(expectedLayers[0])));
});

test('inlay hints give each layer its output shape and parameter count', async () => {
  const hints = await request<InlayHint[]>('textDocument/inlayHint', sineUri, {
    range: { start: { line: 0, character: 0 }, end: positionAt(sine, sine.length) },
  });
  assert.deepEqual(hints.map((h) => h.label), [
    `→ [batch, 50, 64], ${fmt(expectedLayers[0])} params`,
    `→ [batch, 32], ${fmt(expectedLayers[1])} params`,
    `→ [batch, 1], ${fmt(expectedLayers[2])} params`,
  ]);
  assert.deepEqual(hints[0].position, positionAt(sine, sine.indexOf('[64') + 3));
  assert.deepEqual(hints[1].position, positionAt(sine, sine.indexOf('32]') + 2));
  const outsideRange = await request<InlayHint[]>('textDocument/inlayHint', sineUri, {
    range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } },
  });
  assert.deepEqual(outsideRange, []);
});

test('a horizon model\'s output hint and hover show horizon × units outputs', async () => {
  const path = samplePath('airline-forecast.rnn');
  const text = readFileSync(path, 'utf8');
  const uri = fileUri(path);
  await client.open(uri, text);
  const hints = await request<InlayHint[]>('textDocument/inlayHint', uri, { range: { start: { line: 0, character: 0 }, end: positionAt(text, text.length) } });
  assert.deepEqual(hints.map((h) => h.label).at(-1), `→ [batch, 12], ${fmt(64 * 12 + 12)} params`);
  assert.match(await hoverAt(text, uri, 'horizon'), /Rows to forecast at once/);
  await client.close(uri);
});

test('a code lens on each model shows its total parameter count', async () => {
  const lenses = await request<CodeLens[]>('textDocument/codeLens', sineUri);
  assert.equal(lenses.length, 1);
  assert.equal(lenses[0].command?.title, `${fmt(expectedLayers.reduce((a, b) => a + b))} parameters`);
  assert.equal(lenses[0].range.start.line, 1);
  const gates = readFileSync(samplePath('gates.rnn'), 'utf8');
  const gatesUri = fileUri(samplePath('gates.rnn'));
  await client.open(gatesUri, gates);
  const gateLenses = await request<CodeLens[]>('textDocument/codeLens', gatesUri);
  assert.equal(gateLenses.length, (gates.match(/^model /gm) ?? []).length);
  await client.close(gatesUri);
});

test('document symbols: models with their blocks and properties', async () => {
  const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', sineUri);
  assert.equal(symbols.length, 1);
  assert.equal(symbols[0].name, 'SineForecast');
  assert.deepEqual(symbols[0].children!.map((c) => c.name), ['data', 'input', 'hidden', 'output', 'loss', 'optimizer', 'train']);
  const hidden = symbols[0].children!.find((c) => c.name === 'hidden')!;
  assert.deepEqual(hidden.children!.map((c) => `${c.name}=${c.detail}`), ['cell=lstm', 'units=[64, 32]', 'gates=[input, forget, output]', 'dropout=0.1']);
});

test('folding ranges for the model, its blocks and comment runs', async () => {
  const ranges = await request<FoldingRange[]>('textDocument/foldingRange', sineUri);
  const lines = sine.split('\n');
  const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));
  const has = (start: number) => ranges.some((r) => r.startLine === start);
  for (const block of ['model SineForecast', 'input {', 'hidden {', 'output {', 'train {']) assert.ok(has(lineOf(block)), block);
  const hidden = ranges.find((r) => r.startLine === lineOf('hidden {'))!;
  assert.equal(hidden.endLine, lineOf('dropout'));
});

test('semantic tokens classify keys, blocks, enum values, functions, numbers and comments', async () => {
  const { data } = await request<SemanticTokens>('textDocument/semanticTokens/full', sineUri);
  const legend = ['keyword', 'class', 'struct', 'property', 'parameter', 'function', 'enumMember', 'variable', 'number', 'string', 'comment'];
  const lines = sine.split('\n');
  const decoded: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    decoded.push(`${lines[line].slice(character, character + data[i + 2])}:${legend[data[i + 3]]}`);
  }
  for (const expected of ['model:keyword', 'SineForecast:class', 'data:property', 'sine:function', 'samples:parameter', '2000:number',
    'hidden:struct', 'lstm:enumMember', 'forget:enumMember', 'adam:function', '1.0:number']) {
    assert.ok(decoded.includes(expected), `${expected} in ${decoded.join(' ')}`);
  }
  assert.ok(decoded[0].endsWith(':comment'));
});

test('a data path is a link to the file, and go to definition opens it', async () => {
  const csv = join(root, 'samples', 'data', 'airline-passengers.csv');
  const links = await request<DocumentLink[]>('textDocument/documentLink', airlineUri);
  assert.equal(links.length, 1);
  assert.equal(links[0].target, fileUri(csv));
  const pathOffset = airline.indexOf('"data/airline');
  assert.deepEqual(links[0].range.start, positionAt(airline, pathOffset));
  const definition = await request<Location[]>('textDocument/definition', airlineUri, { position: positionAt(airline, pathOffset + 5) });
  assert.deepEqual(definition.map((l) => l.uri), [fileUri(csv)]);
  const elsewhere = await request<Location[]>('textDocument/definition', airlineUri, { position: positionAt(airline, airline.indexOf('gru')) });
  assert.deepEqual(elsewhere, []);
});

test('signature help inside a call shows the arguments, the one being written active', async () => {
  const text = 'model A {\n  optimizer: adam(lr: 0.01, )\n  data: csv(path: "x.csv", normalize: minmax)\n}\n';
  const uri = fileUri(samplePath('signature.rnn'));
  await client.open(uri, text);
  const help = (offset: number) => request<SignatureHelp | null>('textDocument/signatureHelp', uri, { position: positionAt(text, offset) });
  const inLr = await help(text.indexOf('0.01') + 2);
  assert.ok(inLr);
  const signature = inLr.signatures[0];
  assert.match(signature.label, /^adam\(lr: 0.001, beta1: 0.9/);
  const labelOf = (i: number) => {
    const [start, end] = signature.parameters![i].label as [number, number];
    return signature.label.slice(start, end);
  };
  assert.equal(labelOf(inLr.activeParameter!), 'lr: 0.001');
  const afterComma = await help(text.indexOf(', )') + 2);
  assert.equal(afterComma?.signatures[0].parameters![afterComma.activeParameter!].label.toString(), signature.parameters![1].label.toString());
  const normalize = await help(text.indexOf('minmax'));
  assert.match(normalize!.signatures[0].label, /^csv\(path/);
  assert.equal(await help(text.indexOf('data')), null);
  await client.close(uri);
});
