// Flattening specs into block-path values, from the schema: checked specs,
// resolved spec.json, spec copies whose data cannot be read, and the keys that differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyValuesEdits, differingKeys, flattenSpec, runSpecValues, SCHEMA } from '../../core/src/language';
import { makeSpec } from '../helpers/model-spec';
import { SINE_SOURCE } from '../helpers/saved-runs';

/** The schema's default of a block's key (undefined when it has none). */
const SCHEMA_DEFAULT = (block: string, key: string): unknown => {
  const found = SCHEMA.model.members.find((m) => m.kind === 'block' && m.name === block);
  const member = found?.kind === 'block' ? found.members.find((m) => m.kind === 'property' && m.key === key) : undefined;
  return member?.kind === 'property' ? member.default : undefined;
};

test('a checked spec flattens to every schema key it holds, a call to its name and its arguments', () => {
  const values = flattenSpec(makeSpec({ hidden: { cell: 'gru', units: [16, 8] }, optimizer: { fn: 'sgd', args: { lr: 0.1 } } }));
  assert.equal(values['hidden.cell'], 'gru');
  assert.deepEqual(values['hidden.units'], [16, 8]);
  assert.equal(values.optimizer, 'sgd');
  assert.equal(values['optimizer.lr'], 0.1);
  assert.equal(values['optimizer.momentum'], 0);
  assert.equal(values.data, 'sine');
  assert.equal(values['data.period'], 20);
  assert.ok(!('name' in values) && !('baseDir' in values) && !('source' in values), 'only the schema\'s members');
});

test('every property of every block of the schema becomes a key (nothing listed by hand)', () => {
  // Optional blocks (generate, embedding) are given, so every block's keys must appear.
  const values = flattenSpec(makeSpec({ generate: { length: 5, temperature: 1, prime: '' }, embedding: { dim: 4 } }));
  for (const block of SCHEMA.model.members) {
    if (block.kind !== 'block') continue;
    for (const member of block.members) {
      if (member.kind !== 'property' || member.key === 'seed') continue;
      assert.ok(`${block.name}.${member.key}` in values, `${block.name}.${member.key}`);
    }
  }
});

test('a run\'s values come from spec.json first, else from its spec copy; none for a model the copy lacks', () => {
  const fromResolved = runSpecValues({ model: 'M', resolvedSpec: { loss: 'mae', hidden: { units: [3] } }, specSource: SINE_SOURCE('M', 0.1, 4) })!;
  assert.equal(fromResolved.loss, 'mae');
  assert.deepEqual(fromResolved['hidden.units'], [3]);
  assert.equal(fromResolved['hidden.cell'], undefined === SCHEMA_DEFAULT('hidden', 'cell') ? undefined : SCHEMA_DEFAULT('hidden', 'cell'));
  assert.ok(!Object.keys(fromResolved).some((key) => key.startsWith('train.')), 'a block spec.json never had stays absent');
  const fromCopy = runSpecValues({ model: 'M', specSource: SINE_SOURCE('M', 0.1, 4) })!;
  assert.equal(fromCopy['optimizer.lr'], 0.1);
  assert.equal(fromCopy['hidden.gates'] !== undefined, true, 'defaults filled in by the checker');
  assert.equal(runSpecValues({ model: 'Other', specSource: SINE_SOURCE('M', 0.1, 4) }), undefined);
  assert.equal(runSpecValues({ model: 'M' }), undefined);
});

test('a spec.json written before a key existed reads as that key\'s default, so an old run and a new one differ only where they do', () => {
  const current = makeSpec({ hidden: { cell: 'rnn', units: [8] }, insight: true });
  const { recurrent_init: _addedLater, ...oldHidden } = current.hidden as unknown as Record<string, unknown>;
  const { insight: _insight, insight_sample: _sample, ...oldTrain } = current.train as unknown as Record<string, unknown>;
  assert.notEqual(_addedLater, undefined, 'the fixture needs a key added after some runs were saved');
  const saved = JSON.parse(JSON.stringify({ ...current, hidden: oldHidden, train: oldTrain }));
  const before = runSpecValues({ model: 'M', resolvedSpec: saved })!;
  const after = runSpecValues({ model: 'M', resolvedSpec: JSON.parse(JSON.stringify(current)) })!;
  assert.deepEqual(differingKeys([before, after]), []);
  const changed = runSpecValues({ model: 'M', resolvedSpec: { ...saved, hidden: { ...oldHidden, recurrent_init: { fn: 'identity', args: { gain: 1 } } } } })!;
  assert.deepEqual(differingKeys([before, changed]), ['hidden.recurrent_init']);
});

test('a copy whose sizes come from a data file it cannot read gives the values as written', () => {
  const source = 'model C {\n  data: csv(path: "data/x.csv", column: "v")\n  input { timesteps: 12 }\n  hidden { units: [8] }\n  output { units: 1 }\n  loss: mse\n  optimizer: adam\n}\n';
  assert.deepEqual(runSpecValues({ model: 'C', specSource: source }), {
    data: 'csv', 'data.path': 'data/x.csv', 'data.column': 'v', 'input.timesteps': 12, 'hidden.units': [8], 'output.units': 1, loss: 'mse', optimizer: 'adam',
  });
});

test('differing keys: values not equal in every run, a key some runs lack included, unknown runs ignored', () => {
  assert.deepEqual(differingKeys([
    { 'optimizer.lr': 0.1, 'hidden.units': [8], loss: 'mse' },
    { 'optimizer.lr': 0.01, 'hidden.units': [8], loss: 'mse', 'train.seed': 3 },
    undefined,
  ]), ['optimizer.lr', 'train.seed']);
  assert.deepEqual(differingKeys([{ 'hidden.units': [8, 4] }, { 'hidden.units': [8, 4] }]), []);
});

/** Applies LSP-style edits (line/character ranges) to a text, last first. */
function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((sum, line) => sum + line.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((result, edit) => result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end)), text);
}

test('use these settings: the edits give the model the run\'s values, changing only what differs', () => {
  const source = `# kept\n${SINE_SOURCE('M', 0.01, 8)}`;
  const run = SINE_SOURCE('M', 0.003, 64).replace('cell: lstm', 'cell: gru').replace('adam(lr: 0.003)', 'sgd(lr: 0.003, momentum: 0.9)');
  const values = runSpecValues({ model: 'M', specSource: run })!;
  const edited = applyEdits(source, applyValuesEdits(source, 'M', values));
  assert.deepEqual(runSpecValues({ model: 'M', specSource: edited }), values);
  assert.match(edited, /^# kept\n/);
  assert.match(edited, /optimizer: sgd\(lr: 0\.003, momentum: 0\.9\)/);
  assert.match(edited, /hidden \{ cell: gru, units: \[64\]/);
  assert.match(edited, /data: sine\(samples: 400, period: 20\)/, 'equal values are left as written');
  assert.deepEqual(applyValuesEdits(edited, 'M', values), [], 'nothing left to change');
});

test('use these settings: keys and blocks the model lacks are added, an argument to a bare optimizer makes a call', () => {
  const source = 'model M {\n  data: sine(samples: 400, period: 20)\n  input { timesteps: 10, features: 1 }\n  hidden { units: [8] }\n  output { units: 1 }\n  loss: mse\n  optimizer: adam\n}\n';
  const values = { ...runSpecValues({ model: 'M', specSource: source })!, 'optimizer.lr': 0.5, 'train.epochs': 3, 'hidden.dropout': 0.1, 'data.path': 'ignored' };
  const edited = applyEdits(source, applyValuesEdits(source, 'M', values));
  assert.match(edited, /optimizer: adam\(lr: 0\.5\)/);
  assert.match(edited, /hidden \{ units: \[8\], dropout: 0\.1 \}/);
  assert.match(edited, /\n  train \{\n    epochs: 3\n  \}\n/);
  assert.ok(!edited.includes('ignored'), 'an argument the sine function does not have is not written');
  assert.equal(runSpecValues({ model: 'M', specSource: edited })!['train.epochs'], 3);
  assert.deepEqual(applyValuesEdits(source, 'Absent', values), []);
});
