import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionContext } from '../../core/src/language/analysis/completion-context';
import { describeProperty, typeText } from '../../core/src/language/analysis/describe';
import { layerAnchors } from '../../core/src/language/analysis/layers-doc';
import { locate } from '../../core/src/language/analysis/locate';
import { propertyAt, restrictedBySiblings, slotProperty } from '../../core/src/language/analysis/schema-lookup';
import { walk } from '../../core/src/language/analysis/walk';
import { CELLS } from '../../core/src/language/schema/schema';
import { cellFacts, cellGates } from '../../core/src/language/schema/facts';
import { parse } from '../../core/src/language/syntax/parser';

/** `<|>` marks the cursor. */
function at(marked: string) {
  const offset = marked.indexOf('<|>');
  assert.ok(offset >= 0, 'no cursor marker');
  const text = marked.replace('<|>', '');
  return { text, offset, context: completionContext(text, offset) };
}

test('completion context: a member at the start of a line in a block, present members listed', () => {
  const { context } = at('model A {\n  hidden {\n    cell: gru\n    <|>\n    units: [4]\n  }\n}\n');
  assert.equal(context.kind, 'member');
  if (context.kind !== 'member') return;
  assert.deepEqual(context.path, ['hidden']);
  assert.deepEqual(context.present.sort(), ['cell', 'units']);
});

test('completion context: the value after a key, with the word being typed as the range to replace', () => {
  const { text, context } = at('model A {\n  hidden {\n    cell: ls<|>\n  }\n}');
  assert.equal(context.kind, 'value');
  if (context.kind !== 'value') return;
  assert.deepEqual(context.slot, { path: ['hidden'], key: 'cell' });
  assert.equal(text.slice(context.replace.start, context.replace.end), 'ls');
});

test('completion context: gates list items know the chosen cell, even after the cursor', () => {
  const { context } = at('model A {\n  hidden {\n    gates: [update, <|>]\n    cell: gru\n  }\n}');
  assert.equal(context.kind, 'list-item');
  if (context.kind !== 'list-item') return;
  assert.deepEqual(context.present, ['update']);
  assert.equal(context.siblings.cell, 'gru');
  assert.deepEqual(restrictedBySiblings(context.slot.path, context.slot.key, context.siblings), ['update', 'reset']);
});

test('the gates allowed without a cell are those of the default cell, read from the schema', () => {
  const defaultCell = propertyAt(['hidden'], 'cell')?.default;
  assert.equal(typeof defaultCell, 'string');
  assert.deepEqual(restrictedBySiblings(['hidden'], 'gates', {}), cellGates(defaultCell as string));
});

test('completion context: named arguments inside an unclosed call, given ones listed', () => {
  const { context } = at('model A {\n  data: csv(path: "x.csv", <|>\n  input { timesteps: 5 }\n}');
  assert.equal(context.kind, 'argument');
  if (context.kind !== 'argument') return;
  assert.equal(context.callee, 'csv');
  assert.deepEqual(context.slot, { path: [], key: 'data' });
  assert.deepEqual(context.present, ['path']);
});

test('completion context: the value of a named argument resolves to the argument schema', () => {
  const { context } = at('model A {\n  data: csv(path: "x.csv", normalize: <|>)\n}');
  assert.equal(context.kind, 'value');
  if (context.kind !== 'value') return;
  assert.equal(slotProperty(context.slot)?.key, 'normalize');
  assert.equal(slotProperty(context.slot)?.type.kind, 'enum');
});

test('completion context: inside an unterminated path string', () => {
  const { text, context } = at('model A {\n  data: text(path: "data/ti<|>\n}');
  assert.equal(context.kind, 'string');
  if (context.kind !== 'string') return;
  assert.equal(context.typed, 'data/ti');
  assert.equal(text.slice(context.replace.start, context.replace.end), 'data/ti');
  assert.equal(slotProperty(context.slot)?.key, 'path');
});

test('completion context: nothing in comments or after a complete value; a model outside models', () => {
  assert.equal(at('model A {\n  # a comment <|>\n}').context.kind, 'none');
  assert.equal(at('model A {\n  loss: mse <|>\n}').context.kind, 'none');
  assert.equal(at('<|>').context.kind, 'top-level');
  assert.equal(at('model A {\n}\n<|>').context.kind, 'top-level');
});

test('completion context: an unclosed list ends where the next key starts', () => {
  const { context } = at('model A {\n  hidden {\n    gates: [input,\n    dropout: 0.1\n    <|>\n  }\n}');
  assert.equal(context.kind, 'member');
  if (context.kind === 'member') assert.deepEqual(context.path, ['hidden']);
});

test('completion context only lexes the model around the cursor, and works deep in a large file', () => {
  const model = (i: number) => `model M${i} {\n  data: sine()\n  input { timesteps: 5 }\n  hidden { cell: lstm, units: [4] }\n  loss: mse\n}\n`;
  const big = Array.from({ length: 2000 }, (_, i) => model(i)).join('\n');
  const cursor = big.indexOf('cell: lstm', big.length / 2) + 'cell: '.length;
  const context = completionContext(big, cursor);
  assert.equal(context.kind, 'value');
});

test('locate: keys, values, callees, arguments and block names resolve against the schema', () => {
  const text = 'model A {\n  data: csv(path: "x.csv", normalize: minmax)\n  hidden {\n    cell: gru\n    gates: [update]\n  }\n}';
  const file = parse(text).file;
  const find = (needle: string, delta = 1) => locate(file, text.indexOf(needle) + delta)!;
  assert.equal(find('cell').kind, 'key');
  assert.equal(find('cell').propertySchema?.key, 'cell');
  assert.equal(find('gru').kind, 'value');
  assert.equal(find('gru').valueType?.kind, 'enum');
  assert.equal(find('update').valueType?.kind, 'enum');
  assert.equal(find('csv').kind, 'callee');
  assert.equal(find('csv').fn?.name, 'csv');
  assert.equal(find('normalize').kind, 'argument-key');
  assert.equal(find('normalize').argumentSchema?.key, 'normalize');
  assert.equal(find('minmax').argumentSchema?.key, 'normalize');
  assert.equal(find('hidden').kind, 'block-name');
  assert.deepEqual(find('gates').path, ['hidden']);
  assert.equal(locate(file, text.length + 5), undefined);
});

test('walk visits every key and value with its schema, arguments included', () => {
  const file = parse('model A {\n  optimizer: adam(lr: 0.01)\n  hidden { units: [64, 32] }\n}').file;
  const keys: string[] = [];
  const values: string[] = [];
  walk(file, {
    property: ({ property, schema }) => keys.push(`${property.key.name}:${schema ? 'known' : 'unknown'}`),
    value: ({ value, type }) => values.push(`${value.kind}:${type?.kind ?? '-'}`),
  });
  assert.deepEqual(keys, ['optimizer:known', 'lr:known', 'units:known']);
  assert.deepEqual(values, ['call:call', 'number:number', 'list:list', 'number:integer', 'number:integer']);
});

test('descriptions come from the schema: type, default and range', () => {
  const epochs = propertyAt(['train'], 'epochs')!;
  const text = describeProperty(epochs, 'train');
  assert.ok(text.includes(epochs.doc.en));
  assert.ok(text.includes(`Default: \`${String(epochs.default)}\``));
  const max = epochs.type.kind === 'integer' ? epochs.type.max : undefined;
  assert.ok(max !== undefined, 'epochs has a maximum');
  assert.equal(typeText(epochs.type), `integer ≥ 1 and ≤ ${max}`);
});

test('layer anchors: one per units entry, the dense layer at the output block', () => {
  const text = 'model A {\n  hidden { cell: lstm, units: [64, 32] }\n  output { units: 1 }\n}';
  const model = parse(text).file.models[0];
  const layers = [
    { name: 'lstm (LSTM)', outputShape: [null, 5, 64], params: 1 },
    { name: 'lstm_1 (LSTM)', outputShape: [null, 32], params: 2 },
    { name: 'dense (Dense)', outputShape: [null, 1], params: 3 },
  ];
  const anchors = layerAnchors(model, layers).map((a) => a.offset);
  assert.deepEqual(anchors, [text.indexOf('64') + 2, text.indexOf('32') + 2, text.indexOf('units: 1 }') + 'units: 1 }'.length]);
});

test('layer anchors: an embedding\'s row is shown after its block, the recurrent rows after their units', () => {
  const text = 'model A {\n  input { timesteps: 8 }\n  embedding { dim: 16 }\n  hidden { units: [64, 32] }\n  output { units: 3 }\n}\n';
  const model = parse(text).file.models[0];
  const layers = [
    { name: 'embedding (Embedding)', outputShape: [null, 8, 16], params: 1 },
    { name: 'lstm (LSTM)', outputShape: [null, 8, 64], params: 1 },
    { name: 'lstm_1 (LSTM)', outputShape: [null, 32], params: 2 },
    { name: 'dense (Dense)', outputShape: [null, 3], params: 3 },
  ];
  const anchors = layerAnchors(model, layers).map((a) => a.offset);
  assert.deepEqual(anchors, [
    text.indexOf('dim: 16 }') + 'dim: 16 }'.length, text.indexOf('64') + 2, text.indexOf('32') + 2, text.indexOf('units: 3 }') + 'units: 3 }'.length,
  ]);
});

test('completion context: a block left open ends where a member of an outer block starts', () => {
  const { context } = at('model A {\n  hidden { cell: gru, units: [8\n  loss: mse\n  train {\n    epochs: 3\n    <|>\n}\n');
  assert.equal(context.kind, 'member');
  if (context.kind !== 'member') return;
  assert.deepEqual(context.path, ['train']);
  assert.deepEqual(context.present, ['epochs']);
});

test('completion context: a word right after the cursor is the one replaced', () => {
  const { text, context } = at('model A {\n  hidden {\n    cell: <|>lstm\n  }\n}');
  assert.equal(context.kind, 'value');
  if (context.kind === 'value') assert.equal(text.slice(context.replace.start, context.replace.end), 'lstm');
});

test('the parameter formula follows the gates a checked model computes', async () => {
  const { checkText } = await import('../../core/src/language/check/checker');
  const { recurrentFormula } = await import('../../core/src/language/analysis/layers-doc');
  const lstm = CELLS.find((c) => c.name === 'lstm')!;
  const specOf = (hidden: string) => checkText(`model A {\n  data: sine()\n  input { timesteps: 5 }\n  hidden { ${hidden} }\n  loss: mse\n}\n`).models[0].spec;
  assert.equal(recurrentFormula(lstm, specOf('cell: lstm, units: [4]')), cellFacts('lstm')!.formula);
  assert.equal(recurrentFormula(lstm, undefined), cellFacts('lstm')!.formula);
  const withoutForget = specOf('cell: lstm, units: [4], gates: [input, output]');
  assert.ok(withoutForget);
  assert.equal(recurrentFormula(lstm, withoutForget), '3·(units·(inputs+units)+units)');
  assert.equal(recurrentFormula(lstm, specOf('cell: lstm, units: [4], peepholes: true')), '4·(units·(inputs+units)+units) + 3·units');
});
