// Formatting and code actions over stdio: edits are applied to the text and
// the result is checked again by the server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol/node';
import { applyEdits, fileUri, positionAt, root, TestClient } from './lsp-client';

let client: TestClient;
let counter = 0;
before(async () => {
  client = await TestClient.start();
});
after(async () => {
  await client.stop();
});

const newUri = (name: string) => fileUri(join(root, 'samples', `${name}-${counter++}.rnn`));
const formatOptions = { tabSize: 2, insertSpaces: true };

async function format(uri: string): Promise<TextEdit[]> {
  return client.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: formatOptions });
}

async function codeActions(uri: string, range: Diagnostic['range'], diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  return client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } });
}

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  return action.edit?.changes?.[uri] ?? [];
}

const messy = `# Airline passengers
model   Airline{
  data:csv(path:"data/airline-passengers.csv",column:"Passengers" , normalize:minmax)   # monthly totals
  input { timesteps: 12, features: 1 }
  hidden {cell: gru
  units: [32]}


  output { units: 1, activation: linear }
  loss: mse,optimizer: rmsprop(lr: 0.01)
  // the end
}
`;

test('formatting gives the canonical layout, keeps comments, and is idempotent', async () => {
  const uri = newUri('format');
  await client.open(uri, messy);
  const edits = await format(uri);
  assert.ok(edits.length > 0);
  const formatted = applyEdits(messy, edits);
  assert.equal(formatted, `# Airline passengers
model Airline {
  data: csv(path: "data/airline-passengers.csv", column: "Passengers", normalize: minmax)  # monthly totals
  input { timesteps: 12, features: 1 }
  hidden {
    cell: gru
    units: [32]
  }

  output { units: 1, activation: linear }
  loss: mse
  optimizer: rmsprop(lr: 0.01)
  // the end
}
`);
  await client.replace(uri, formatted);
  assert.deepEqual(await format(uri), [], 'formatting the formatted text changes nothing');
  assert.deepEqual(await client.diagnosticsOfVersion(uri, 2), [], 'the formatted file still checks clean');
  await client.close(uri);
});

test('formatting honours tabs, and leaves a file with syntax errors alone', async () => {
  const uri = newUri('format-tabs');
  await client.open(uri, 'model A {\n  hidden {\n    cell: gru\n  }\n}\n');
  const tabbed = await client.connection.sendRequest('textDocument/formatting', {
    textDocument: { uri }, options: { tabSize: 4, insertSpaces: false },
  }) as TextEdit[];
  assert.equal(applyEdits('model A {\n  hidden {\n    cell: gru\n  }\n}\n', tabbed), 'model A {\n\thidden {\n\t\tcell: gru\n\t}\n}\n');
  await client.replace(uri, 'model A {\n  hidden { cell: \n  loss mse\n');
  assert.deepEqual(await format(uri), []);
  await client.close(uri);
});

const broken = `model A {
  data: sine(samples: 500)
  input { timesteps: 10 }
  hidden { cell: gur, units: [8], gates: [update, forget] }
  output { units: 1, activation: linear }
  los: categorical_crossentropy
  optimizer: adma(lr: 0.01)
}
`;

test('quick fixes applied one after another leave a file that checks clean', async () => {
  const uri = newUri('fixes');
  await client.open(uri, broken);
  let text = broken;
  let version = 1;
  const applied: string[] = [];
  for (let round = 0; round < 12; round++) {
    const diagnostics = await client.diagnosticsOfVersion(uri, version);
    if (diagnostics.length === 0) break;
    let fixed = false;
    for (const diagnostic of diagnostics) {
      const actions = await codeActions(uri, diagnostic.range, [diagnostic], ['quickfix']);
      const action = actions.find((a) => a.isPreferred) ?? actions[0];
      if (!action) continue;
      assert.equal(action.kind, 'quickfix');
      assert.deepEqual(action.diagnostics, [diagnostic]);
      text = applyEdits(text, editsOf(action, uri));
      applied.push(action.title);
      version = await client.replace(uri, text);
      fixed = true;
      break;
    }
    assert.ok(fixed, `no quick fix for any of ${JSON.stringify(diagnostics.map((d) => d.message))}`);
  }
  assert.deepEqual(await client.diagnosticsOfVersion(uri, version), [], `after ${applied.join('; ')}:\n${text}`);
  assert.ok(applied.length >= 4, applied.join('; '));
  assert.match(text, /cell: gru/);
  assert.match(text, /gates: \[update\]/);
  assert.match(text, /^ {2}loss: mse$/m);
  assert.match(text, /optimizer: adam\(lr: 0.01\)/);
  await client.close(uri);
});

test('a loss that does not fit the output or the data is fixed by its quick fix', async () => {
  const model = (data: string, activation: string, loss: string) =>
    `model A {\n  data: ${data}\n  input { timesteps: 5 }\n  hidden { units: [4] }\n  output { activation: ${activation} }\n  loss: ${loss}\n}\n`;
  for (const text of [
    model('text(path: "data/tinyshakespeare.txt")', 'linear', 'sparse_categorical_crossentropy'),
    model('sine()', 'softmax', 'mse'),
    model('sine()', 'linear', 'categorical_crossentropy'),
  ]) {
    const uri = newUri('loss');
    await client.open(uri, text);
    const diagnostics = await client.diagnosticsOfVersion(uri, 1);
    const problem = diagnostics.find((d) => String(d.code).startsWith('loss-'));
    assert.ok(problem, JSON.stringify(diagnostics));
    const actions = await codeActions(uri, problem.range, [problem]);
    const preferred = actions.find((a) => a.kind === 'quickfix' && a.isPreferred);
    assert.ok(preferred, JSON.stringify(actions.map((a) => a.title)));
    assert.match(preferred.title, /loss|activation/);
    const version = await client.replace(uri, applyEdits(text, editsOf(preferred, uri)));
    assert.deepEqual(await client.diagnosticsOfVersion(uri, version), [], preferred.title);
    await client.close(uri);
  }
});

const clean = 'model A {\n  data: sine()\n  input { timesteps: 5 }\n  hidden { units: [4] }\n  loss: mse\n  optimizer: adam(lr: 0.01)\n}\n';

test('after a diverged run (`nan-loss`), a quick fix adds clipnorm to the optimizer', async () => {
  for (const [before, after] of [
    [clean, 'optimizer: adam(lr: 0.01, clipnorm: 1.0)'],
    [clean.replace('adam(lr: 0.01)', 'sgd'), 'optimizer: sgd(clipnorm: 1.0)'],
    [clean.replace('  optimizer: adam(lr: 0.01)\n', ''), 'optimizer: adam(clipnorm: 1.0)'],
  ]) {
    const uri = newUri('nan');
    await client.open(uri, before);
    const nan: Diagnostic = {
      range: { start: positionAt(before, 6), end: positionAt(before, 7) },
      message: 'the loss became NaN at epoch 3',
      code: 'nan-loss',
      source: 'rnn-train',
    };
    const actions = await codeActions(uri, nan.range, [nan], ['quickfix']);
    assert.equal(actions.length, 1);
    assert.match(actions[0].title, /clipnorm/);
    const fixed = applyEdits(before, editsOf(actions[0], uri));
    assert.ok(fixed.includes(after), fixed);
    const version = await client.replace(uri, fixed);
    assert.deepEqual(await client.diagnosticsOfVersion(uri, version), []);
    await client.close(uri);
  }
});

test('a model without a train block gets an action that adds one from the schema', async () => {
  const uri = newUri('train');
  await client.open(uri, clean);
  const inside = { start: positionAt(clean, clean.indexOf('loss')), end: positionAt(clean, clean.indexOf('loss')) };
  const actions = await codeActions(uri, inside, []);
  const addTrain = actions.find((a) => a.title.includes('`train`'));
  assert.ok(addTrain, JSON.stringify(actions.map((a) => a.title)));
  assert.ok(!actions.some((a) => a.title.includes('`hidden`')), 'no action for a block that is there');
  const fixed = applyEdits(clean, editsOf(addTrain, uri));
  assert.match(fixed, /\n {2}train \{\n {4}epochs: \d+\n/);
  const version = await client.replace(uri, fixed);
  assert.deepEqual(await client.diagnosticsOfVersion(uri, version), []);
  const none = await codeActions(uri, inside, [], ['quickfix']);
  assert.deepEqual(none, [], 'filtered by kind');
  await client.close(uri);

  // A missing required block is an error: its quick fix comes with the diagnostic, not as a separate action.
  const withoutInput = clean.replace('  input { timesteps: 5 }\n', '');
  const other = newUri('train');
  await client.open(other, withoutInput);
  const titles = (await codeActions(other, { start: positionAt(withoutInput, 12), end: positionAt(withoutInput, 12) }, [])).map((a) => a.title);
  assert.ok(titles.some((t) => t.includes('`train`')) && !titles.some((t) => t.includes('`input`')), JSON.stringify(titles));
  await client.close(other);
});
