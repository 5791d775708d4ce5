// Completion over stdio at representative places, most of them in broken text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CompletionRequest, type CompletionItem, type CompletionList } from 'vscode-languageserver-protocol/node';
import { fileUri, markers, positionAt, root, TestClient } from './lsp-client';

let client: TestClient;
let counter = 0;

const snippetSupport = { textDocument: { completion: { completionItem: { snippetSupport: true } } } };

before(async () => {
  client = await TestClient.start({ diagnosticsDelay: 20 }, snippetSupport);
});
after(async () => {
  await client.stop();
});

/** Completion labels at the `<|>` marker of `marked` (a file in samples/, so data paths resolve to samples/data). */
async function labelsAt(marked: string, triggerCharacter?: string): Promise<{ labels: string[]; items: CompletionItem[] }> {
  const { text, offsets } = markers(marked);
  assert.equal(offsets.length, 1, 'one cursor marker');
  const uri = fileUri(join(root, 'samples', `completion-${counter++}.rnn`));
  await client.open(uri, text);
  const result = await client.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position: positionAt(text, offsets[0]),
    context: triggerCharacter ? { triggerKind: 2, triggerCharacter } : { triggerKind: 1 },
  });
  await client.close(uri);
  const items = Array.isArray(result) ? result : (result as CompletionList | null)?.items ?? [];
  return { labels: items.map((i) => i.label), items };
}

function includesAll(labels: string[], expected: string[]) {
  for (const label of expected) assert.ok(labels.includes(label), `expected "${label}" in [${labels.join(', ')}]`);
}
function includesNone(labels: string[], unexpected: string[]) {
  for (const label of unexpected) assert.ok(!labels.includes(label), `did not expect "${label}" in [${labels.join(', ')}]`);
}

test('model members not yet present, with block snippets', async () => {
  const { labels, items } = await labelsAt('model A {\n  data: sine()\n  hidden { cell: lstm, units: [8] }\n  <|>\n}\n');
  includesAll(labels, ['input', 'output', 'loss', 'optimizer', 'train', 'generate']);
  includesNone(labels, ['data', 'hidden', 'cell', 'epochs']);
  const input = items.find((i) => i.label === 'input')!;
  assert.equal(input.insertTextFormat, 2);
  assert.match((input.textEdit as { newText: string }).newText, /timesteps: \$\{1:/);
  assert.ok(typeof input.documentation === 'object' && input.documentation.value.length > 0);
});

test('block members inside hidden, on a half-typed word', async () => {
  const { labels } = await labelsAt('model A {\n  hidden {\n    cell: gru\n    dro<|>\n  }\n}\n');
  includesAll(labels, ['units', 'gates', 'dropout', 'recurrent_dropout', 'bidirectional']);
  includesNone(labels, ['cell', 'epochs', 'data']);
});

test('cell values after `cell:` with nothing typed yet', async () => {
  const { labels, items } = await labelsAt('model A {\n  hidden {\n    cell: <|>\n  }\n}\n');
  assert.deepEqual(labels.slice().sort(), ['gru', 'lstm', 'rnn']);
  assert.ok(items.every((i) => typeof i.documentation === 'object' && i.documentation.value.length > 0));
});

test('a space after the colon offers values, but not keys while indenting', async () => {
  includesAll((await labelsAt('model A {\n  loss: <|>\n}\n', ' ')).labels, ['mse', 'sparse_categorical_crossentropy']);
  assert.deepEqual((await labelsAt('model A {\n   <|>\n}\n', ' ')).labels, []);
});

test('activation values in the output block', async () => {
  const { labels } = await labelsAt('model A {\n  output { units: 1, activation: <|> }\n}\n');
  includesAll(labels, ['linear', 'sigmoid', 'softmax', 'tanh']);
  includesNone(labels, ['lstm', 'mse']);
});

test('`horizon` among the output members, with its documentation; `season` among the csv arguments', async () => {
  const { labels, items } = await labelsAt('model A {\n  output {\n    units: 1\n    hor<|>\n  }\n}\n');
  includesAll(labels, ['horizon', 'activation']);
  includesNone(labels, ['units', 'timesteps']);
  const horizon = items.find((i) => i.label === 'horizon')!;
  assert.ok(typeof horizon.documentation === 'object' && /Rows to forecast at once/.test(horizon.documentation.value), JSON.stringify(horizon.documentation));
  includesAll((await labelsAt('model A {\n  data: csv(path: "x.csv", <|>)\n}\n')).labels, ['season', 'normalize']);
});

test('`at` among the output block\'s keys, and its two values with their docs and the default marked', async () => {
  includesAll((await labelsAt('model A {\n  output {\n    units: 1\n    <|>\n  }\n}\n')).labels, ['activation', 'at']);
  const { labels, items } = await labelsAt('model A {\n  output { units: 1, at: <|> }\n}\n');
  assert.deepEqual(labels.slice().sort(), ['every_step', 'last']);
  const everyStep = items.find((i) => i.label === 'every_step')!;
  assert.match((everyStep.documentation as { value: string }).value, /after every step/);
  const last = items.find((i) => i.label === 'last')!;
  assert.equal(last.labelDetails?.description, 'default');
});

test('optimizer names after `optimizer:`, data sources after `data:`', async () => {
  const optimizers = (await labelsAt('model A {\n  optimizer: <|>\n}\n')).labels;
  includesAll(optimizers, ['adam', 'sgd', 'rmsprop', 'adagrad', 'adadelta', 'adamax']);
  includesNone(optimizers, ['csv', 'sine']);
  includesAll((await labelsAt('model A {\n  data: <|>\n}\n')).labels, ['sine', 'adding', 'csv', 'text']);
});

test('recurrent initialisations after `recurrent_init:`, and `gain` inside the call', async () => {
  const inits = (await labelsAt('model A {\n  hidden {\n    cell: rnn\n    recurrent_init: <|>\n  }\n}\n')).labels;
  includesAll(inits, ['orthogonal', 'identity']);
  includesNone(inits, ['adam', 'lstm']);
  const { labels } = await labelsAt('model A {\n  hidden {\n    recurrent_init: orthogonal(<|>\n  }\n}\n');
  includesAll(labels, ['gain']);
  const keys = (await labelsAt('model A {\n  hidden {\n    cell: rnn\n    recu<|>\n  }\n}\n')).labels;
  includesAll(keys, ['recurrent_init', 'recurrent_dropout']);
});

test('named arguments inside `adam(` that are not given yet, in an unclosed call', async () => {
  const { labels } = await labelsAt('model A {\n  optimizer: adam(lr: 0.01, <|>\n  loss: mse\n}\n');
  includesAll(labels, ['beta1', 'beta2', 'epsilon', 'clipnorm', 'clipvalue']);
  includesNone(labels, ['lr', 'momentum', 'loss']);
});

test('csv arguments and the normalize values', async () => {
  includesAll((await labelsAt('model A {\n  data: csv(<|>)\n}\n')).labels, ['path', 'column', 'columns', 'normalize']);
  const { labels } = await labelsAt('model A {\n  data: csv(path: "x.csv", normalize: <|>)\n}\n');
  includesAll(labels, ['none', 'minmax', 'zscore']);
});

test('csv stream: the argument and its values', async () => {
  includesAll((await labelsAt('model A {\n  data: csv(path: "x.csv", <|>)\n}\n')).labels, ['stream']);
  const { labels } = await labelsAt('model A {\n  data: csv(path: "x.csv", stream: <|>)\n}\n');
  includesAll(labels, ['auto', 'always', 'never']);
  includesNone(labels, ['none', 'minmax']);
});

test('gates are those of the chosen cell, without the ones already listed', async () => {
  const gru = (await labelsAt('model A {\n  hidden {\n    cell: gru\n    gates: [<|>\n  }\n}\n')).labels;
  assert.deepEqual(gru.slice().sort(), ['reset', 'update']);
  const lstm = (await labelsAt('model A {\n  hidden { cell: lstm, gates: [input, <|>] }\n}\n')).labels;
  assert.deepEqual(lstm.slice().sort(), ['forget', 'output']);
});

test('file paths inside `path: "` list the files next to the .rnn file', async () => {
  includesAll((await labelsAt('model A {\n  data: csv(path: "<|>\n}\n')).labels, ['data/']);
  const { labels, items } = await labelsAt('model A {\n  data: text(path: "data/<|>")\n}\n');
  includesAll(labels, ['airline-passengers.csv', 'tinyshakespeare.txt']);
  const edit = items[0].textEdit as { range: { start: { character: number } } };
  assert.equal(edit.range.start.character, '  data: text(path: "data/'.length);
});

test('in the middle of a broken file: missing braces and a stray token before the cursor', async () => {
  const marked = 'model A {\n  hidden { cell: gru, units: [8\n  loss: \n  train {\n    epochs: 3 3\n    <|>\n}\n';
  const { labels } = await labelsAt(marked);
  includesAll(labels, ['batch_size', 'validation_split', 'seed']);
  includesNone(labels, ['epochs', 'cell']);
});

test('`model` outside a model; nothing inside a comment or after a finished value', async () => {
  includesAll((await labelsAt('<|>')).labels, ['model']);
  assert.deepEqual((await labelsAt('model A {\n  # hidden <|>\n}\n')).labels, []);
  assert.deepEqual((await labelsAt('model A {\n  loss: mse <|>\n}\n')).labels, []);
});

test('booleans for a boolean key and the default value marked', async () => {
  const { labels, items } = await labelsAt('model A {\n  hidden { bidirectional: <|> }\n}\n');
  assert.deepEqual(labels.slice().sort(), ['false', 'true']);
  assert.equal(items.find((i) => i.label === 'false')?.labelDetails?.description, 'default');
});

test('column names inside `column: "` and `columns: [` come from the CSV header', async () => {
  const single = await labelsAt('model A {\n  data: csv(path: "data/airline-passengers.csv", column: "<|>")\n}\n');
  assert.deepEqual(single.labels, ['Month', 'Passengers']);
  const list = await labelsAt('model A {\n  data: csv(columns: ["Month", "<|>"], path: "data/airline-passengers.csv")\n}\n');
  assert.deepEqual(list.labels, ['Passengers']);
  assert.deepEqual((await labelsAt('model A {\n  data: csv(path: "data/none.csv", column: "<|>")\n}\n')).labels, []);
});

test('VS Code gets its "suggest again" command on keys that lead to values; other editors do not', async () => {
  const marked = 'model A {\n  hidden {\n    <|>\n  }\n}\n';
  const cellOf = (items: CompletionItem[]) => items.find((i) => i.label === 'cell');
  assert.equal(cellOf((await labelsAt(marked)).items)?.command, undefined);
  const vscode = await TestClient.start({ diagnosticsDelay: 20 }, snippetSupport, { name: 'Visual Studio Code' });
  try {
    const { text, offsets } = markers(marked);
    const uri = fileUri(join(root, 'samples', 'completion-vscode.rnn'));
    await vscode.open(uri, text);
    const items = await vscode.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positionAt(text, offsets[0]) }) as CompletionItem[];
    assert.equal(cellOf(items)?.command?.command, 'editor.action.triggerSuggest');
    assert.equal(items.find((i) => i.label === 'units')?.command, undefined, 'a list of numbers has nothing to suggest');
  } finally {
    await vscode.stop();
  }
});

test('an editor without snippets gets the plain text of a block', async () => {
  const plain = await TestClient.start({ diagnosticsDelay: 20 });
  try {
    const { text, offsets } = markers('model A {\n  <|>\n}\n');
    const uri = fileUri(join(root, 'samples', 'completion-plain.rnn'));
    await plain.open(uri, text);
    const items = await plain.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positionAt(text, offsets[0]) }) as CompletionItem[];
    const input = items.find((i) => i.label === 'input')!;
    assert.notEqual(input.insertTextFormat, 2);
    const newText = (input.textEdit as { newText: string }).newText;
    assert.ok(!newText.includes('$'), newText);
    assert.match(newText, /^input \{\n\ttimesteps: \d+\n/);
  } finally {
    await plain.stop();
  }
});

test('labelled data: the new sources, their arguments, label columns from the header, levels, embedding and stratify', async () => {
  includesAll((await labelsAt('model A {\n  data: <|>\n}\n')).labels, ['sequences', 'text_folder']);
  includesAll((await labelsAt('model A {\n  data: sequences(<|>)\n}\n')).labels, ['path', 'label', 'id', 'time', 'columns', 'normalize']);
  const label = await labelsAt('model A {\n  data: sequences(path: "data/digits.csv", label: "<|>")\n}\n');
  includesAll(label.labels, ['digit', 'r0c0', 'r7c7']);
  assert.deepEqual((await labelsAt('model A {\n  data: text_folder(path: "data/fortunes", level: <|>)\n}\n')).labels.slice().sort(), ['char', 'word']);
  includesAll((await labelsAt('model A {\n  data: text(path: "data/tinyshakespeare.txt", <|>)\n}\n')).labels, ['level', 'vocabulary', 'lowercase']);
  const members = await labelsAt('model A {\n  data: text_folder(path: "data/fortunes")\n  <|>\n}\n');
  const embedding = members.items.find((i) => i.label === 'embedding');
  assert.ok(embedding, `expected "embedding" in [${members.labels.join(', ')}]`);
  assert.match((embedding.textEdit as { newText: string }).newText, /dim: \$\{1:32\}/);
  assert.deepEqual((await labelsAt('model A {\n  embedding { <|> }\n}\n')).labels, ['dim']);
  includesAll((await labelsAt('model A {\n  train { epochs: 3, <|> }\n}\n')).labels, ['stratify']);
});
