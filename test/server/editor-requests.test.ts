// The server's own requests (core/src/shared/editor-protocol.ts) and the
// "▶ Train" lens, over stdio: what the VS Code extension asks instead of
// parsing a spec, and what any other LSP client may ask.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens } from 'vscode-languageserver-protocol/node';
import { checkText, layerTable } from '../../core/src/language';
import type { EditorRequests, ModelInfo, ModelSummaryResult, SpecDifference } from '../../core/src/shared';
import { tinySpec } from '../client/fixtures/tiny-spec';
import { fileUri, markers, positionAt, root, TestClient } from './lsp-client';


const ask = <M extends keyof EditorRequests>(method: M, params: EditorRequests[M]['params']) =>
  client.connection.sendRequest(method, params) as Promise<EditorRequests[M]['result']>;

// Two clean models around a broken one; `<|>` marks where each name starts.
const { text: MODELS, offsets: NAMES } = markers(`${tinySpec(2, '<|>First')}
${tinySpec(2, '<|>Broken').replace('cell: gru', 'cell: lsmt').replace('units: [4]', 'units: [4, -1]')}
${tinySpec(2, '<|>Third').replace('units: [4]', 'units: [6]')}`);
const modelsUri = fileUri(`${root}/test-models.rnn`);
const lineOf = (offset: number) => positionAt(MODELS, offset).line;

let client: TestClient;
before(async () => {
  client = await TestClient.start({ diagnosticsDelay: 20, trainCommand: 'rnn.train' });
  await client.open(modelsUri, MODELS);
});
after(async () => {
  await client.stop();
});

describe('rnn/models', () => {
  test('lists every model with its ranges, errors and parameter count', async () => {
    const models = await ask('rnn/models', { textDocument: { uri: modelsUri } });
    assert.deepEqual(models.map((m) => m.name), ['First', 'Broken', 'Third']);
    models.forEach((model: ModelInfo, i) => {
      assert.deepEqual(model.nameRange.start, positionAt(MODELS, NAMES[i]), `${model.name} starts where its name does`);
      assert.equal(model.nameRange.end.character - model.nameRange.start.character, model.name.length);
      assert.equal(model.range.start.line, lineOf(NAMES[i]), 'the declaration begins on the model line');
      assert.ok(model.range.end.line > model.range.start.line);
    });
    assert.ok(models[0].range.end.line < models[1].range.start.line, 'declarations do not overlap');
    assert.deepEqual(models.map((m) => m.errors), [0, 2, 0]);
    assert.ok(models[0].totalParams! > 0 && models[2].totalParams! > models[0].totalParams!, 'more units, more parameters');
    assert.equal(models[1].totalParams, undefined, 'the broken model has no layers to count');
  });

  test('answers a client that sends its parameters by position (an undefined token becomes a second parameter)', async () => {
    const byName = await ask('rnn/models', { textDocument: { uri: modelsUri } });
    // What vscode-languageclient sends for sendRequest(method, params, undefined).
    const byPosition = await client.connection.sendRequest('rnn/models', { textDocument: { uri: modelsUri } }, undefined);
    assert.deepEqual(byPosition, byName);
    assert.deepEqual(client.logs.filter((l) => /failed/.test(l)), []);
  });

  test('answers nothing for a document the server does not have', async () => {
    assert.deepEqual(await ask('rnn/models', { textDocument: { uri: fileUri(`${root}/not-open.rnn`) } }), []);
  });
});

describe('rnn/modelSummary', () => {
  const summary = (position?: { line: number; character: number }): Promise<ModelSummaryResult> =>
    ask('rnn/modelSummary', { textDocument: { uri: modelsUri }, position });

  test('the model under the cursor: its layer table, rendered as `rnn summary` prints it', async () => {
    const { models } = await summary({ line: lineOf(NAMES[2]) + 4, character: 2 });
    assert.equal(models.length, 1);
    const [third] = models;
    assert.equal(third.name, 'Third');
    assert.equal(third.errors, 0);
    assert.ok(third.layers && third.layers.length > 0 && third.totalParams !== undefined);
    assert.equal(third.totalParams, third.layers.reduce((sum, layer) => sum + layer.params, 0));
    // `rnn summary` prints the table with the memory estimate of the same check under it.
    const resources = checkText(MODELS).models.find((m) => m.name === 'Third')?.resources;
    assert.ok(resources);
    assert.equal(third.text, layerTable('Third', third.layers, third.totalParams, resources));
    assert.match(third.text, /^Model: "Third"/);
  });

  test('every model when the cursor is outside them all, or not given; a broken one says why it has no table', async () => {
    const between = await summary({ line: lineOf(NAMES[1]) - 1, character: 0 });
    assert.deepEqual(between.models.map((m) => m.name), ['First', 'Broken', 'Third']);
    assert.deepEqual((await summary()).models.map((m) => m.name), ['First', 'Broken', 'Third']);
    const broken = between.models[1];
    assert.equal(broken.layers, undefined);
    assert.equal(broken.errors, 2);
    assert.match(broken.text, /^Model: "Broken"\n.*errors/);
  });

  test('no models for a document without one or one the server does not have', async () => {
    const empty = fileUri(`${root}/empty.rnn`);
    await client.open(empty, '# nothing yet\n');
    assert.deepEqual(await ask('rnn/modelSummary', { textDocument: { uri: empty } }), { models: [] });
    assert.deepEqual(await ask('rnn/modelSummary', { textDocument: { uri: fileUri(`${root}/not-open.rnn`) } }), { models: [] });
    await client.close(empty);
  });
});

describe('rnn/specDiff', () => {
  const a = 'model M {\n  hidden { cell: lstm, units: [64, 32] }\n  optimizer: adam(lr: 0.005)\n  train { epochs: 20 }\n}';

  test('lists changed, added and removed keys, call arguments included', async () => {
    const b = 'model M {\n  hidden { cell: gru, units: [64, 32], dropout: 0.1 }\n  optimizer: adam(lr: 0.01)\n}';
    const expected: SpecDifference[] = [
      { key: 'hidden.cell', current: 'gru', other: 'lstm' },
      { key: 'hidden.dropout', current: '0.1' },
      { key: 'optimizer.lr', current: '0.01', other: '0.005' },
      { key: 'train.epochs', other: '20' },
    ];
    // Absent values are left out of the JSON answer.
    assert.deepEqual(await ask('rnn/specDiff', { current: b, other: a, model: 'M' }), expected);
  });

  test('ignores layout and comments', async () => {
    const reformatted = '# same\nmodel M {\n  hidden {\n    cell: lstm\n    units: [64,32]\n  }\n  optimizer: adam(lr: 5e-3)\n  train { epochs: 20 }\n}';
    assert.deepEqual(await ask('rnn/specDiff', { current: a, other: reformatted, model: 'M' }), []);
  });

  test('compares the named model of an open document, the first model when the name is missing', async () => {
    const uri = fileUri(`${root}/diff.rnn`);
    await client.open(uri, `${a}\n\nmodel N {\n  loss: mse\n}\n`);
    const other = 'model N {\n  loss: mae\n}\n';
    assert.deepEqual(await ask('rnn/specDiff', { textDocument: { uri }, other, model: 'N' }), [{ key: 'loss', current: 'mse', other: 'mae' }]);
    const againstFirst = await ask('rnn/specDiff', { textDocument: { uri }, other, model: 'Missing' });
    assert.ok(againstFirst.some((d) => d.key === 'hidden.cell' && d.current === 'lstm' && d.other === undefined), JSON.stringify(againstFirst));
    await client.close(uri);
    assert.deepEqual(await ask('rnn/specDiff', { textDocument: { uri }, other }), [], 'a closed document leaves nothing to compare');
  });
});

describe('code lenses', () => {
  test('"▶ Train" on every model for a client that can train, the parameter count on those that check', async () => {
    const lenses = await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: modelsUri } }) as CodeLens[];
    const train = lenses.filter((l) => l.command?.title === '▶ Train');
    assert.deepEqual(train.map((l) => l.command?.arguments), [[modelsUri, 'First'], [modelsUri, 'Broken'], [modelsUri, 'Third']]);
    assert.ok(train.every((l) => l.command?.command === 'rnn.train'));
    assert.deepEqual(train.map((l) => l.range.start.line), NAMES.map(lineOf));
    const counts = lenses.filter((l) => / parameters$/.test(l.command?.title ?? ''));
    assert.deepEqual(counts.map((l) => l.command?.arguments?.[1]), ['First', 'Third']);
  });

  test('an editor that names no train command gets no Train lens', async () => {
    const plain = await TestClient.start();
    try {
      await plain.open(modelsUri, MODELS);
      const lenses = await plain.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: modelsUri } }) as CodeLens[];
      assert.equal(lenses.length, 2);
      assert.ok(lenses.every((l) => / parameters$/.test(l.command?.title ?? '')));
    } finally {
      await plain.stop();
    }
  });
});
