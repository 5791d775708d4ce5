import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkText } from '../../core/src/language/check/checker';
import { parse } from '../../core/src/language/syntax/parser';
import { expandSweep } from '../../core/src/language/check/sweep';
import { blockDefaults } from '../../core/src/language/schema/defaults';
import type { CheckOptions, FileSystem } from '../../core/src/language/check/api';
import { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode, type Fix } from '../../core/src/shared/diagnostic';
import { ISSUE_SAMPLES, SAMPLES_DIR } from './issue-samples';
import { DIAGNOSTIC_CASES, model } from '../helpers/diagnostic-cases';
import { untrustedFileSystem } from '../../core/src/language/data-files/source-file';

// ---------------------------------------------------------------- helpers

const MARKERS = new Set(['⟦', '⟧', '⟪', '⟫']);

/**
 * Strips the markers from `marked`: one ⟦...⟧ around the diagnostic's range
 * and, for a diagnostic with a related location, one ⟪...⟫ around its range.
 * Returns the text and the marked offsets in it.
 */
function unmark(marked: string): { text: string; start: number; end: number; related?: { start: number; end: number } } {
  let text = '';
  const at = new Map<string, number>();
  for (const char of marked) {
    if (MARKERS.has(char)) at.set(char, text.length);
    else text += char;
  }
  const [start, end, relatedStart, relatedEnd] = ['⟦', '⟧', '⟪', '⟫'].map((m) => at.get(m));
  assert.ok(start !== undefined && end !== undefined && end >= start, 'test text needs one ⟦...⟧ marker');
  assert.equal(relatedStart === undefined, relatedEnd === undefined, 'a ⟪ needs its ⟫');
  return { text, start, end, related: relatedStart === undefined ? undefined : { start: relatedStart, end: relatedEnd! } };
}

const describe = (d: Diagnostic) =>
  `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`;

/** Asserts a diagnostic with `code` exactly at the marked range, related to the ⟪marked⟫ range or to nothing, and returns it. */
function expectAt(code: DiagnosticCode, marked: string, options: CheckOptions = {}): Diagnostic {
  const { text, start, end, related } = unmark(marked);
  const { diagnostics } = checkText(text, options);
  const found = diagnostics.find((d) => d.code === code && d.range.start.offset === start && d.range.end.offset === end);
  assert.ok(found, `expected ${code} at ${start}-${end} (${JSON.stringify(text.slice(start, end))}); got:\n${diagnostics.map(describe).join('\n')}`);
  const relatedRanges = (found.related ?? []).map((r) => ({ start: r.range.start.offset, end: r.range.end.offset }));
  assert.deepEqual(relatedRanges, related ? [related] : [], `related locations of ${describe(found)}`);
  for (const r of found.related ?? []) assert.ok(r.message.length > 5, 'a related location says what is there');
  return found;
}

function applyFix(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.range.start.offset - a.range.start.offset);
  return edits.reduce((t, e) => t.slice(0, e.range.start.offset) + e.newText + t.slice(e.range.end.offset), text);
}

/** A file system holding only `files` (absolute paths). */
function memoryFs(files: Record<string, string | undefined>): FileSystem {
  return { exists: (p) => p in files, readText: (p) => files[p] };
}

// ---------------------------------------------------------------- one test per diagnostic code

const VIRTUAL_DIR = '/virtual';
/** The case's files in memory, next to a model at /virtual/model.rnn. */
const optionsFor = (files: Record<string, string | undefined>, untrusted = false): CheckOptions => ({
  path: `${VIRTUAL_DIR}/model.rnn`,
  fs: untrusted ? untrustedFileSystem : memoryFs(Object.fromEntries(Object.entries(files).map(([path, text]) => [`${VIRTUAL_DIR}/${path}`, text]))),
});

const cases = Object.fromEntries(Object.entries(DIAGNOSTIC_CASES).map(([code, { marked, files, untrusted }]) =>
  [code, () => expectAt(code as DiagnosticCode, marked, files || untrusted ? optionsFor(files ?? {}, untrusted) : { path: `${VIRTUAL_DIR}/model.rnn` })]));

for (const [code, run] of Object.entries(cases)) {
  test(`diagnostic ${code} is reported at the offending range`, () => {
    const diagnostic = run();
    assert.ok(diagnostic.message.length > 10, 'the message explains the problem');
    // A position in the text would go stale when the diagnostic moves (the language server shifts unchanged models).
    assert.doesNotMatch(diagnostic.message, /\bline \d|\d+:\d+/, 'positions travel as related locations, not in the message');
  });
}

test('every diagnostic code has its test above', () => {
  assert.deepEqual(Object.keys(cases).sort(), Object.keys(DIAGNOSTIC_CODES).sort());
});

test('warnings are warnings and errors are errors', () => {
  assert.equal(cases['long-sequence-rnn']().severity, 'warning');
  assert.equal(cases['unusual-learning-rate']().severity, 'warning');
  assert.equal(cases['generate-needs-text']().severity, 'warning');
  assert.equal(cases['gate-not-in-cell']().severity, 'error');
});

// ---------------------------------------------------------------- messages and quick fixes

function fixAndRecheck(code: DiagnosticCode, marked: string, options: CheckOptions = {}) {
  const diagnostic = expectAt(code, marked, options);
  assert.ok(diagnostic.fixes?.length, `${code} offers a fix`);
  const fixed = applyFix(unmark(marked).text, diagnostic.fixes![0]);
  return { diagnostic, fixed, result: checkText(fixed, options) };
}

test('did you mean: an unknown key is fixed to the nearest key', () => {
  const { diagnostic, fixed, result } = fixAndRecheck('unknown-key', model({ hidden: 'hidden { cell: lstm, units: [16], ⟦dropuot⟧: 0.1 }' }));
  assert.match(diagnostic.message, /did you mean `dropout`\?/);
  assert.match(fixed, /dropout: 0\.1/);
  assert.deepEqual(result.diagnostics, []);
});

test('a key written in the wrong block says where it belongs', () => {
  const diagnostic = expectAt('unknown-key', model({ extra: '⟦cell⟧: gru' }));
  assert.match(diagnostic.message, /unknown key `cell` in model `M`: it belongs in `hidden \{ \.\.\. \}`/);
});

test('did you mean: unknown values, functions and arguments', () => {
  assert.match(cases['unknown-value']().message, /did you mean `lstm`/);
  assert.match(cases['unknown-function']().message, /did you mean `adam`/);
  assert.match(cases['unknown-argument']().message, /did you mean `period`/);
});

test('recurrent_init: a misspelt initialisation or argument is fixed to the nearest, a gain out of range is refused at the number', () => {
  const call = fixAndRecheck('unknown-function', model({ hidden: 'hidden { cell: rnn, units: [8], recurrent_init: ⟦orthogonl⟧(gain: 2) }' }));
  assert.match(call.diagnostic.message, /did you mean `orthogonal`/);
  assert.deepEqual(call.result.diagnostics, []);
  assert.deepEqual(call.result.models[0].spec?.hidden.recurrent_init, { fn: 'orthogonal', args: { gain: 2 } });
  const argument = fixAndRecheck('unknown-argument', model({ hidden: 'hidden { cell: rnn, units: [8], recurrent_init: identity(⟦gian⟧: 0.5) }' }));
  assert.match(argument.diagnostic.message, /did you mean `gain`/);
  assert.deepEqual(argument.result.models[0].spec?.hidden.recurrent_init, { fn: 'identity', args: { gain: 0.5 } });
  expectAt('out-of-range', model({ hidden: 'hidden { cell: rnn, units: [8], recurrent_init: orthogonal(gain: ⟦0⟧) }' }));
  const bare = checkText(model({ hidden: 'hidden { cell: rnn, units: [8], recurrent_init: identity }' }));
  assert.deepEqual(bare.models[0].spec?.hidden.recurrent_init, { fn: 'identity', args: { gain: 1 } });
  assert.deepEqual(blockDefaults('hidden').recurrent_init, { fn: 'orthogonal', args: { gain: 1 } }, 'a call default resolves as the checker resolves it');
});

test('a gate the cell lacks is removed by its fix', () => {
  const { fixed, result } = fixAndRecheck('gate-not-in-cell', model({ hidden: 'hidden { cell: gru, units: [16], gates: [update, ⟦forget⟧] }' }));
  assert.match(fixed, /gates: \[update\]/);
  assert.deepEqual(result.diagnostics, []);
});

test('a horizon on data that is not a series says why, and its fix removes it', () => {
  const { diagnostic, fixed, result } = fixAndRecheck('horizon-needs-series', model({
    data: 'data: text(path: "data/t.txt")', input: 'input { timesteps: 4 }', loss: 'loss: sparse_categorical_crossentropy',
    output: 'output {\n    activation: softmax\n    horizon: ⟦3⟧\n  }',
  }), optionsFor({ 'data/t.txt': 'abcabcabc'.repeat(20) }));
  assert.match(diagnostic.message, /each `text` window has one target of its own/);
  assert.doesNotMatch(fixed, /horizon/);
  assert.deepEqual(result.diagnostics, []);
});

test('a horizon model\'s dense layer emits horizon × units values, and the longer gap counts in the split', () => {
  const { models } = checkText(model({ output: 'output { units: 1, horizon: 12 }' }));
  assert.deepEqual(models[0].layers!.at(-1), { name: 'dense (Dense)', outputShape: [null, 12], params: 16 * 12 + 12 });
  assert.equal(models[0].spec!.output.horizon, 12);
  // 60 rows, 20 inputs and 12 targets: 29 windows; 5 validate, and the gap of 20 + 12 - 1 windows leaves none to train.
  expectAt('no-validation-samples', model({ data: 'data: sine(samples: 60)', output: 'output { horizon: 12 }', train: 'train { validation_split: ⟦0.2⟧ }' }));
  assert.deepEqual(checkText(model({ data: 'data: sine(samples: 60)', output: 'output { horizon: 12 }', train: 'train { validation_split: 0 }' })).diagnostics, []);
});

test('a missing required block is inserted from the schema snippet', () => {
  assert.deepEqual(checkText(model({ train: '', output: '' })).diagnostics, [], 'output and train are optional');
  const { fixed, result } = fixAndRecheck('missing-required', model({ hidden: '' }).replace('model M', 'model ⟦M⟧'));
  assert.match(fixed, /\n  hidden \{\n    cell: lstm\n    units: \[64\]\n  \}/);
  assert.deepEqual(result.diagnostics, []);
});

test('a missing required property is inserted with its example value', () => {
  const { fixed, result } = fixAndRecheck('missing-required', model({ loss: '' }).replace('model M', 'model ⟦M⟧'));
  assert.match(fixed, /\n  loss: mse/);
  assert.deepEqual(result.diagnostics, []);
});

test('on class data a loss that does not fit the activation is fixed by the activation, never by a yes/no loss', () => {
  const TEXT_PATH = '/virtual/data/t.txt';
  const options = { path: '/virtual/model.rnn', fs: memoryFs({ [TEXT_PATH]: 'abcabcabd'.repeat(40) }) };
  const marked = model({
    data: 'data: text(path: "data/t.txt")', input: 'input { timesteps: 8 }', output: 'output { activation: sigmoid }', loss: 'loss: ⟦categorical_crossentropy⟧',
  });
  const { diagnostic, result } = fixAndRecheck('loss-activation-mismatch', marked, options);
  assert.match(diagnostic.message, /`categorical_crossentropy` does not fit the output activation `sigmoid`; it needs `softmax`/);
  // binary_crossentropy fits sigmoid but compares yes/no values, not the class index text gives (loss-target-mismatch).
  assert.deepEqual(diagnostic.fixes!.map((f) => f.title), ['Change the output activation to `softmax`']);
  assert.deepEqual(result.diagnostics, []);
});

test('a yes/no loss on labelled sequences: the why names the classes, the fix is the loss over classes', () => {
  const { diagnostic, fixed, result } = fixAndRecheck('loss-target-mismatch', DIAGNOSTIC_CASES['loss-target-mismatch'].marked,
    optionsFor(DIAGNOSTIC_CASES['loss-target-mismatch'].files!));
  assert.match(diagnostic.message, /`binary_crossentropy` compares one yes\/no value per sequence, but `sequences` gives each sequence a class index \(of 2 classes\); use `categorical_crossentropy`/);
  assert.match(fixed, /loss: categorical_crossentropy/);
  // The fixed loss still needs a softmax output: that is the next diagnostic, with its own fix.
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['loss-activation-mismatch']);
});

test('when no loss of the task fits, the fix changes the activation', () => {
  const { diagnostic, fixed, result } = fixAndRecheck('loss-activation-mismatch', model({ output: 'output { units: 1, activation: softmax }', loss: 'loss: ⟦mse⟧' }));
  assert.match(diagnostic.message, /`mse` does not fit the output activation `softmax`/);
  assert.match(fixed, /activation: linear/);
  assert.deepEqual(result.diagnostics, []);
});

test('a loss of the other task is changed to a loss of the data\'s task', () => {
  const { diagnostic, result } = fixAndRecheck('loss-task-mismatch', model({ loss: 'loss: ⟦binary_crossentropy⟧', output: 'output { units: 1, activation: sigmoid }' }));
  assert.match(diagnostic.message, /`binary_crossentropy` is a classification loss, but `sine` data is a regression task/);
  assert.equal(diagnostic.fixes![0].edits[0].newText, 'mse');
  assert.deepEqual(result.diagnostics, []);
  assert.ok(checkText(model({ loss: 'loss: binary_crossentropy' })).diagnostics.every((d) => d.code !== 'loss-activation-mismatch'), 'one error, not two');
});

test('unclosed blocks name the block, and where it opened is their related location', () => {
  const { text, related } = unmark('⟪model⟫ A {\n  data: sine()\n  hidden {\n    units: [4]\n  loss: mse\n⟦⟧');
  const hidden = text.indexOf('hidden');
  const atEnd = checkText(text).diagnostics.filter((d) => d.code === 'syntax-error' && d.range.start.offset === text.length);
  assert.deepEqual(atEnd.map((d) => [d.message, d.related?.map((r) => [r.range.start.offset, r.range.end.offset, r.message])]), [
    ["expected '}' to close the block `hidden`, found the end of the file", [[hidden, hidden + 'hidden'.length, 'opened here']]],
    ["expected '}' to close model `A`, found the end of the file", [[related!.start, related!.end, 'opened here']]],
  ]);
});

test('data file errors point at the argument at fault', () => {
  const d = cases['data-column-missing']();
  assert.match(d.message, /Passenger/);
  assert.equal(cases['data-file-missing']().severity, 'error');
});

test('without a path, file-based data is not checked and no spec is built', () => {
  const result = checkText(model({ data: 'data: csv(path: "data/none.csv", column: "x")' }));
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.models[0].spec, undefined);
});

test('a model with errors has no spec but still has its layers', () => {
  const result = checkText(model({ loss: 'loss: nonsense' }));
  assert.equal(result.models[0].spec, undefined);
  assert.equal(result.models[0].layers?.length, 2);
  assert.equal(result.models[0].totalParams, 4 * (16 * (1 + 16) + 16) + 17);
});

test('a bare optimizer name means the optimizer with its defaults', () => {
  const spec = checkText(model({ optimizer: 'optimizer: rmsprop' })).models[0].spec!;
  assert.deepEqual(spec.optimizer, { fn: 'rmsprop', args: { lr: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7 } });
});

test('data facts are re-read when the data file changes (the cache follows size and mtime)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-check-'));
  try {
    const csv = join(dir, 'series.csv');
    const rows = (header: string) => `${header}\n` + Array.from({ length: 200 }, (_, i) => `${i}`).join('\n');
    const text = model({ data: 'data: csv(path: "series.csv", column: "Load")' });
    const codes = () => checkText(text, { path: join(dir, 'model.rnn') }).diagnostics.map((d) => d.code);
    writeFileSync(csv, rows('Demand'));
    assert.deepEqual(codes(), ['data-column-missing']);
    writeFileSync(csv, rows('Load'));
    assert.deepEqual(codes(), []);
    rmSync(csv);
    assert.deepEqual(codes(), ['data-file-missing']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------- extends

/** `model()` renamed, extending nothing: a base for the tests below. */
const named = (name: string, overrides: Parameters<typeof model>[0] = {}) => model(overrides).replace('model M', `model ${name}`);

test('extends: a child block merges key by key, a child property replaces the base\'s', () => {
  const text = named('Base', { hidden: 'hidden { cell: lstm, units: [16], dropout: 0.1 }' })
    + 'model Child extends Base {\n  hidden { units: [8] }\n  loss: mae\n}\n';
  const result = checkText(text);
  assert.deepEqual(result.diagnostics.map(describe), []);
  const [base, child] = result.models;
  assert.deepEqual(child.bases, ['Base']);
  assert.deepEqual(child.spec!.hidden.units, [8]);
  assert.equal(child.spec!.hidden.cell, 'lstm');
  assert.equal(child.spec!.hidden.dropout, 0.1);
  assert.equal(child.spec!.loss, 'mae');
  assert.deepEqual(child.spec!.optimizer, base.spec!.optimizer);
  assert.equal(child.spec!.name, 'Child');
});

test('extends: a chain of bases applies the nearest last', () => {
  const text = named('A') + 'model B extends A { train { epochs: 5 } }\nmodel C extends B { train { batch_size: 8 } }\n';
  const c = checkText(text).models[2];
  assert.deepEqual(c.bases, ['B', 'A']);
  assert.equal(c.spec!.train.epochs, 5);
  assert.equal(c.spec!.train.batch_size, 8);
  assert.equal(c.spec!.train.validation_split, 0.2);
});

test('extends: an unknown base says which model was meant and fixes it', () => {
  const { diagnostic, fixed, result } = fixAndRecheck('unknown-base-model', named('Vanilla') + 'model Child extends ⟦Vanila⟧ { loss: mae }\n');
  assert.match(diagnostic.message, /no model named `Vanila` in this file.*did you mean `Vanilla`\?/);
  assert.deepEqual(result.diagnostics, []);
  assert.match(fixed, /extends Vanilla/);
  assert.equal(checkText(named('Vanilla') + 'model Child extends Vanila { loss: mae }\n').models[1].spec, undefined);
});

test('extends: a cycle is reported with its chain, and the models in it have no spec', () => {
  const text = 'model A extends ⟦C⟧ { loss: mse }\nmodel B extends A { loss: mse }\nmodel C extends B { loss: mse }\n';
  const diagnostic = expectAt('inheritance-cycle', text);
  assert.match(diagnostic.message, /A → C → B → A/);
  const plain = unmark(text).text;
  assert.deepEqual(checkText(plain).diagnostics.filter((d) => d.code === 'inheritance-cycle').length, 3);
  assert.ok(checkText(plain).models.every((m) => !m.spec));
  expectAt('inheritance-cycle', 'model Self extends ⟦Self⟧ { loss: mse }\n');
});

test('extends: a base\'s error is reported once, on the base, and its children have no spec', () => {
  const text = named('Base', { hidden: 'hidden { cell: lstm, units: [16], ⟦dropuot⟧: 0.1 }' }) + 'model Child extends Base { loss: mae }\n';
  expectAt('unknown-key', text);
  const result = checkText(unmark(text).text);
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['unknown-key']);
  assert.equal(result.models[1].spec, undefined);
});

test('extends: a child value that does not fit an inherited one is reported on the child\'s `extends`, related to the base', () => {
  const base = named('Base', { hidden: 'hidden { cell: lstm, units: [16], gates: [⟪forget⟫] }' });
  const diagnostic = expectAt('gate-not-in-cell', base + 'model Child extends ⟦Base⟧ { hidden { cell: gru } }\n');
  assert.match(diagnostic.message, /^with what `Child` sets: /);
  assert.match(diagnostic.related![0].message, /inherited from `Base`/);
});

// ---------------------------------------------------------------- sweep

test('sweep: a grid is every combination, with its values by key path', () => {
  const result = checkText(model({ extra: 'sweep { optimizer.lr: [0.001, 0.01], hidden.units: [[8], [16], [32]] }' }));
  assert.deepEqual(result.diagnostics.map(describe), []);
  const trials = expandSweep(result.models[0]);
  assert.equal(result.models[0].sweep!.count, 6);
  assert.deepEqual(trials.map((trial) => trial.trial), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(trials[4].params, { 'optimizer.lr': 0.01, 'hidden.units': [16] });
  assert.deepEqual(trials[4].spec.hidden.units, [16]);
  assert.deepEqual(trials[4].spec.optimizer, { fn: 'adam', args: { ...result.models[0].spec!.optimizer.args, lr: 0.01 } });
});

test('sweep: a key the model leaves to its default is swept too (an argument of the default optimizer, a block key)', () => {
  const result = checkText(model({ optimizer: '', extra: 'sweep { optimizer.lr: [0.002], hidden.dropout: [0.25] }' }));
  assert.deepEqual(result.diagnostics.map(describe), []);
  const [trial] = expandSweep(result.models[0]);
  assert.equal(trial.spec.optimizer.fn, 'adam');
  assert.equal(trial.spec.optimizer.args.lr, 0.002);
  assert.equal(trial.spec.hidden.dropout, 0.25);
});

test('sweep: an error in one trial\'s value points at that value in the sweep block', () => {
  const diagnostic = expectAt('out-of-range', model({ extra: 'sweep { hidden.dropout: [0.1, ⟦1.5⟧] }' }));
  assert.match(diagnostic.message, /must be/);
  expectAt('unknown-value', model({ extra: 'sweep { hidden.cell: [gru, ⟦lsmt⟧] }' }));
  const result = checkText(model({ extra: 'sweep { hidden.dropout: [0.1, 1.5] }' }));
  assert.equal(result.models[0].spec, undefined, 'a model with a bad trial does not train');
  assert.deepEqual(expandSweep(result.models[0]), []);
  assert.equal(result.models[0].sweep!.count, 2);
});

test('sweep: an unknown key path says which path was meant', () => {
  const { diagnostic, fixed, result } = fixAndRecheck('unknown-sweep-key', model({ extra: 'sweep { ⟦hiden.units⟧: [[8], [16]] }' }));
  assert.match(diagnostic.message, /did you mean `hidden.units`\?/);
  assert.match(fixed, /hidden\.units: \[\[8\], \[16\]\]/);
  assert.deepEqual(result.diagnostics, []);
});

test('sweep: values that do not fit together are reported on the trial, related to the key they clash with', () => {
  const marked = model({ hidden: 'hidden { cell: lstm, units: [16], gates: [⟪input⟫, output] }', extra: 'sweep { hidden.cell: [lstm, ⟦gru⟧] }' });
  const diagnostic = expectAt('gate-not-in-cell', marked);
  assert.match(diagnostic.message, /in the trial `hidden.cell: gru`: /);
});

test('sweep: named cases are one axis, each changing several keys at once', () => {
  const result = checkText(model({ extra: 'sweep {\n    plain { }\n    cifg { hidden.coupled: true, hidden.peepholes: true }\n    train.batch_size: [8, 16]\n  }' }));
  assert.deepEqual(result.diagnostics.map(describe), []);
  const trials = expandSweep(result.models[0]);
  assert.deepEqual(trials.map((trial) => trial.params), [
    { case: 'plain', 'train.batch_size': 8 },
    { case: 'plain', 'train.batch_size': 16 },
    { case: 'cifg', 'hidden.coupled': true, 'hidden.peepholes': true, 'train.batch_size': 8 },
    { case: 'cifg', 'hidden.coupled': true, 'hidden.peepholes': true, 'train.batch_size': 16 },
  ]);
  assert.equal(trials[3].spec.hidden.peepholes, true);
});

test('sweep: repeat trains each configuration with successive seeds', () => {
  const trials = expandSweep(checkText(model({ train: 'train { epochs: 2, seed: 40 }', extra: 'sweep { hidden.units: [[8], [16]], repeat: 3 }' })).models[0]);
  assert.deepEqual(trials.map((trial) => [trial.params['hidden.units'], trial.params['train.seed'], trial.spec.train.seed]), [
    [[8], 40, 40], [[8], 41, 41], [[8], 42, 42], [[16], 40, 40], [[16], 41, 41], [[16], 42, 42],
  ]);
});

test('sweep: a random sweep draws its trials from a seed, inside the ranges', () => {
  const sweep = (seed: number) => model({ extra: `sweep { trials: 12, seed: ${seed}, optimizer.lr: log_uniform(min: 0.0001, max: 0.1), train.batch_size: uniform(min: 8, max: 64), hidden.cell: [lstm, gru] }` });
  const draw = (seed: number) => expandSweep(checkText(sweep(seed)).models[0]).map((trial) => trial.params);
  const first = draw(3);
  assert.equal(first.length, 12);
  assert.deepEqual(draw(3), first, 'the same seed draws the same trials');
  assert.notDeepEqual(draw(4), first, 'another seed draws other trials');
  for (const params of first) {
    assert.ok((params['optimizer.lr'] as number) >= 0.0001 && (params['optimizer.lr'] as number) <= 0.1);
    assert.ok(Number.isInteger(params['train.batch_size']) && (params['train.batch_size'] as number) >= 8);
    assert.ok(['lstm', 'gru'].includes(params['hidden.cell'] as string));
  }
  assert.ok(new Set(first.map((p) => p['hidden.cell'])).size === 2, 'both choices are drawn');
});

test('sweep: a range end outside the key\'s range is reported where it is written', () => {
  expectAt('out-of-range', model({ extra: 'sweep { trials: 4, train.validation_split: uniform(min: 0.1, max: ⟦1.2⟧) }' }));
  expectAt('out-of-range', model({ extra: 'sweep { trials: 4, optimizer.lr: log_uniform(min: ⟦0⟧, max: 0.1) }' }));
  expectAt('type-mismatch', model({ extra: 'sweep { trials: 4, hidden.cell: ⟦uniform⟧(min: 1, max: 2) }' }));
});

test('sweep: a distribution needs a random sweep, and a grid value must be a list', () => {
  const diagnostic = expectAt('type-mismatch', model({ extra: 'sweep { optimizer.lr: ⟦uniform(min: 0.001, max: 0.01)⟧ }' }));
  assert.match(diagnostic.message, /trials: N/);
  const { fixed, result } = fixAndRecheck('type-mismatch', model({ extra: 'sweep { optimizer.lr: ⟦0.01⟧ }' }));
  assert.match(fixed, /optimizer\.lr: \[0\.01\]/);
  assert.deepEqual(result.diagnostics, []);
});

test('sweep: it is not inherited, and a child may sweep its own keys', () => {
  const text = model({ extra: 'sweep { train.epochs: [1, 2] }' }) + 'model Child extends M { loss: mae }\nmodel Other extends M {\n  sweep { hidden.units: [[4], [8], [12]] }\n}\n';
  const [base, child, other] = checkText(text).models;
  assert.equal(base.sweep!.count, 2);
  assert.equal(child.sweep, undefined);
  assert.equal(other.sweep!.count, 3);
  assert.equal(expandSweep(other)[2].spec.loss, 'mse');
});

test('sweep sample: the gate ablation checks clean and expands to 8 trials', () => {
  const path = join(SAMPLES_DIR, 'sweep.rnn');
  const result = checkText(readFileSync(path, 'utf8'), { path });
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error').map(describe), []);
  const ablation = expandSweep(result.models[0]);
  assert.equal(ablation.length, 8);
  assert.deepEqual(ablation.map((trial) => trial.spec.hidden.gates.join('+') + (trial.spec.hidden.coupled ? ' coupled' : '')), [
    'input+forget+output', 'input+forget+output', 'input+output', 'input+output',
    'input+forget', 'input+forget', 'input+forget+output coupled', 'input+forget+output coupled',
  ]);
  assert.equal(expandSweep(result.models[1]).length, 6);
});

// ---------------------------------------------------------------- the samples

for (const [name, text] of Object.entries(ISSUE_SAMPLES)) {
  test(`issue sample ${name} checks clean and resolves to a spec`, () => {
    const result = checkText(text, { path: join(SAMPLES_DIR, name) });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map(describe), []);
    for (const m of result.models) assert.ok(m.spec, `${m.name} has a spec`);
  });
}

test('gates sample: only the plain rnn over 50 steps is warned about', () => {
  const result = checkText(ISSUE_SAMPLES['gates.rnn'], { path: join(SAMPLES_DIR, 'gates.rnn') });
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['long-sequence-rnn']);
  const gates = Object.fromEntries(result.models.map((m) => [m.name, m.spec!.hidden.gates]));
  assert.deepEqual(gates, {
    AddingLSTM: ['input', 'forget', 'output'],
    AddingNoForget: ['input', 'output'],
    AddingCoupled: ['input', 'forget', 'output'],
    AddingGRU: ['update', 'reset'],
    AddingRNN: [],
  });
});

test('sine sample resolves with defaults from the schema', () => {
  const spec = checkText(ISSUE_SAMPLES['sine.rnn'], { path: join(SAMPLES_DIR, 'sine.rnn') }).models[0].spec!;
  assert.equal(spec.task, 'regression');
  assert.deepEqual(spec.data, { fn: 'sine', args: { samples: 2000, period: 40, noise: 0.05, amplitude: 1 } });
  assert.equal(spec.hidden.recurrent_dropout, 0);
  assert.equal(spec.hidden.gate_activation, 'sigmoid');
  assert.equal(spec.train.shuffle, true);
  assert.equal(spec.train.seed, 42);
  assert.deepEqual(spec.optimizer.args, { lr: 0.005, clipnorm: 1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  assert.equal(spec.baseDir, SAMPLES_DIR.replace(/\/$/, ''));
  assert.match(spec.source, /^model SineForecast \{[\s\S]*\}$/);
});

test('shakespeare sample: features and output units are the vocabulary size', () => {
  const path = join(SAMPLES_DIR, 'shakespeare.rnn');
  const spec = checkText(ISSUE_SAMPLES['shakespeare.rnn'], { path }).models[0].spec!;
  const vocabulary = new Set(readFileSync(join(SAMPLES_DIR, 'data/tinyshakespeare.txt'), 'utf8')).size;
  assert.equal(spec.task, 'classification');
  assert.equal(spec.input.features, vocabulary);
  assert.equal(spec.output.units, vocabulary);
  assert.deepEqual(spec.generate, { length: 300, temperature: 0.7, prime: 'ROMEO:' });
  assert.equal((spec.data.args as { stride: number }).stride, 64, 'stride defaults to input.timesteps');
});

test('a generate block on non-text data is left out of the spec, as its warning says', () => {
  const result = checkText(model({ extra: 'generate { length: 10 }' }));
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['generate-needs-text']);
  assert.equal(result.models[0].spec!.generate, undefined);
});

// ---------------------------------------------------------------- output.at

test('output.at defaults to last; every_step resolves on series and text data', () => {
  assert.equal(checkText(model()).models[0].spec!.output.at, 'last');
  const everyStep = checkText(model({ output: 'output { units: 1, at: every_step }' }));
  assert.deepEqual(everyStep.diagnostics, []);
  assert.equal(everyStep.models[0].spec!.output.at, 'every_step');
});

test('did you mean: a misspelt output.at value', () => {
  const diagnostic = expectAt('unknown-value', model({ output: 'output { units: 1, at: ⟦everystep⟧ }' }));
  assert.match(diagnostic.message, /did you mean `every_step`/);
});

test('every_step on adding says why (one target per sequence) and is fixed back to last', () => {
  const marked = model({ data: 'data: adding(samples: 100)', input: 'input { timesteps: 20 }', output: 'output { units: 1, at: ⟦every_step⟧ }' });
  const { diagnostic, fixed, result } = fixAndRecheck('every-step-needs-step-targets', marked);
  assert.match(diagnostic.message, /`adding` data has one target per sequence, not one per step/);
  assert.match(fixed, /at: last/);
  assert.deepEqual(result.diagnostics, []);
});

test('every_step with a horizon above 1 is refused on the horizon; the fixes remove it or predict after the last step', () => {
  const marked = model({ output: 'output { units: 1, at: every_step, horizon: ⟦3⟧ }' });
  const { diagnostic, fixed, result } = fixAndRecheck('every-step-horizon', marked);
  assert.match(diagnostic.message, /a model does one or the other/);
  assert.doesNotMatch(fixed, /horizon/);
  assert.deepEqual(result.diagnostics, []);
  const other = applyFix(unmark(marked).text, diagnostic.fixes![1]);
  assert.match(other, /at: last/);
  assert.deepEqual(checkText(other).diagnostics, []);
});

test('every_step with bidirectional layers on next-step data says the model would copy its input; the fixes remove either side', () => {
  const marked = model({ hidden: 'hidden { cell: gru, units: [16], bidirectional: true }', output: 'output { units: 1, at: ⟦every_step⟧ }' });
  const { diagnostic, fixed, result } = fixAndRecheck('every-step-bidirectional', marked);
  assert.match(diagnostic.message, /backward direction has already read/);
  assert.doesNotMatch(fixed, /bidirectional/);
  assert.deepEqual(result.diagnostics, []);
  const other = applyFix(unmark(marked).text, diagnostic.fixes![1]);
  assert.match(other, /at: last/);
  assert.deepEqual(checkText(other).diagnostics, []);
  // Predicting after the last step, a bidirectional layer reads nothing it is asked for.
  assert.deepEqual(checkText(model({ hidden: 'hidden { cell: gru, units: [16], bidirectional: true }' })).diagnostics, []);
});

test('every_step: the last recurrent layer returns its sequence and the output has a time axis; parameters stay', () => {
  const layers = (output: string) => checkText(model({ hidden: 'hidden { cell: lstm, units: [16, 8] }', output })).models[0].layers!;
  const last = layers('output { units: 1 }');
  const every = layers('output { units: 1, at: every_step }');
  assert.deepEqual(last.map((l) => l.outputShape), [[null, 20, 16], [null, 8], [null, 1]]);
  assert.deepEqual(every.map((l) => l.outputShape), [[null, 20, 16], [null, 20, 8], [null, 20, 1]]);
  assert.deepEqual(every.map((l) => l.params), last.map((l) => l.params));
});

test('adding timesteps default to input.timesteps', () => {
  const spec = checkText(model({ data: 'data: adding(samples: 100)', input: 'input { timesteps: 20 }' })).models[0].spec!;
  assert.deepEqual(spec.data, { fn: 'adding', args: { samples: 100, timesteps: 20 } });
  assert.equal(spec.input.features, 2);
});

test('every .rnn file in samples/ checks without errors', () => {
  const files = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.rnn'));
  assert.ok(files.length >= 4);
  for (const file of files) {
    const path = join(SAMPLES_DIR, file);
    const errors = checkText(readFileSync(path, 'utf8'), { path }).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map(describe), [], file);
  }
});

test('blockDefaults gives the hidden block the checker resolves when only cell and units are written', () => {
  const spec = checkText(model({ hidden: 'hidden { cell: gru, units: [16] }' })).models[0].spec!;
  const { cell: _cell, units: _units, gates: _gates, ...resolved } = spec.hidden;
  assert.deepEqual(blockDefaults('hidden'), { cell: 'lstm', ...resolved });
  assert.throws(() => blockDefaults('no_such_block'), /no block named "no_such_block"/);
});

// ---------------------------------------------------------------- labelled sequences, tokens, embeddings (issue 16)

const labelledFiles = () => optionsFor(DIAGNOSTIC_CASES['sequence-length'].files!);

test('did you mean: the new keys, arguments and values are suggested from the schema', () => {
  const options = labelledFiles();
  assert.match(expectAt('unknown-argument', model({ data: 'data: sequences(path: "data/seq.csv", id: "id", ⟦lable⟧: "label")' }), options).message,
    /did you mean `label`\?/);
  assert.match(expectAt('unknown-value', model({ data: 'data: text(path: "t.txt", level: ⟦wrod⟧)' })).message, /did you mean `word`\?/);
  assert.match(expectAt('unknown-key', model({ train: 'train { epochs: 2, ⟦stratfy⟧: true }' })).message, /did you mean `stratify`\?/);
  assert.match(expectAt('unknown-key', model({ extra: '⟦embeding⟧ { dim: 8 }' })).message, /did you mean `embedding`\?/);
  assert.match(expectAt('unknown-function', model({ data: 'data: ⟦sequence⟧(path: "data/seq.csv", label: "label")' })).message, /did you mean `sequences`\?/);
  expectAt('missing-required', model({ extra: 'embedding ⟦{ }⟧' }).replace('embedding ⟦{ }⟧', '⟦embedding⟧ { }'));
});

test('labelled sequences: the checker infers features and units from the data and checks units against the classes', () => {
  const options = labelledFiles();
  const clean = checkText(unmark(DIAGNOSTIC_CASES['loss-target-mismatch'].marked).text.replace('binary_crossentropy', 'sparse_categorical_crossentropy')
    .replace('activation: sigmoid', 'activation: softmax'), options);
  assert.deepEqual(clean.diagnostics, []);
  const spec = clean.models[0].spec!;
  assert.equal(spec.input.features, 1);
  assert.equal(spec.output.units, 2);
  const units = expectAt('output-units-mismatch', model({
    data: 'data: sequences(path: "data/seq.csv", id: "id", label: "label")', input: 'input { timesteps: 5 }',
    output: 'output { units: ⟦3⟧, activation: softmax }', loss: 'loss: sparse_categorical_crossentropy',
  }), options);
  assert.match(units.message, /`units` is 3 but `sequences` provides 2 outputs \(the number of classes: "run", "walk"\)/);
  assert.equal(units.fixes![0].edits[0].newText, '2');
});

test('sequence lengths: timesteps that cut some sequences is an info with the lengths; past the longest, a warning with the fix', () => {
  const options = labelledFiles();
  const cut = expectAt('sequence-length', model({
    data: 'data: sequences(path: "data/seq.csv", id: "id", label: "label")', input: 'input { timesteps: ⟦3⟧ }',
    output: 'output { activation: softmax }', loss: 'loss: sparse_categorical_crossentropy',
  }), options);
  assert.equal(cut.severity, 'info');
  assert.match(cut.message, /^10 of 20 sequences are longer than 3 steps and are cut to it \(lengths 2 to 5\); shorter ones are padded at the end with a mask$/);
  const { diagnostic, fixed, result } = fixAndRecheck('sequence-length', DIAGNOSTIC_CASES['sequence-length'].marked, options);
  assert.equal(diagnostic.severity, 'warning');
  assert.match(diagnostic.message, /the longest sequence has 5 steps, so every sequence is padded past its end to 9/);
  assert.match(fixed, /timesteps: 5/);
  assert.deepEqual(result.diagnostics, []);
});

test('embedding and stratify: the why, and the fix removes what does not apply', () => {
  const embedding = fixAndRecheck('embedding-needs-tokens', DIAGNOSTIC_CASES['embedding-needs-tokens'].marked);
  assert.match(embedding.diagnostic.message, /`embedding` turns tokens into vectors, but `sine` data holds numbers, not tokens/);
  assert.doesNotMatch(embedding.fixed, /embedding/);
  assert.deepEqual(embedding.result.diagnostics, []);
  const stratify = fixAndRecheck('stratify-needs-labels', DIAGNOSTIC_CASES['stratify-needs-labels'].marked);
  assert.equal(stratify.diagnostic.severity, 'warning');
  assert.match(stratify.diagnostic.message, /`sine` data has no class labels: its validation part is the last part in time order/);
  assert.doesNotMatch(stratify.fixed, /stratify/);
  assert.deepEqual(stratify.result.diagnostics, []);
});

test('insight_sample beyond the validation sequences: a warning with the count, and the fix traces the last one', () => {
  const { diagnostic, fixed, result } = fixAndRecheck('insight-sample-out-of-range', DIAGNOSTIC_CASES['insight-sample-out-of-range'].marked);
  assert.equal(diagnostic.severity, 'warning');
  // 500 rows of sine, 20 timesteps: 480 windows, of which 0.2 validation after a gap of 20.
  const [, count, last] = diagnostic.message.match(/^`insight_sample` 500 is beyond the (\d+) validation sequences \(0 to (\d+)\): the insight recording would trace sequence 0$/)!;
  assert.equal(Number(last), Number(count) - 1);
  assert.ok(Number(count) > 80 && Number(count) < 100, count);
  assert.match(fixed, new RegExp(`insight_sample: ${last}\\b`));
  assert.deepEqual(result.diagnostics, []);

  const training = checkText(model({ train: 'train { epochs: 2, validation_split: 0, insight_sample: 480 }' }));
  assert.match(training.diagnostics[0].message, /^`insight_sample` 480 is beyond the 480 training sequences \(0 to 479; there is no validation part\)/);
  // In range, or with the recording off, nothing to say.
  assert.deepEqual(checkText(model({ train: 'train { epochs: 2, validation_split: 0, insight_sample: 479 }' })).diagnostics, []);
  assert.deepEqual(checkText(model({ train: 'train { epochs: 2, insight: false, insight_sample: 500 }' })).diagnostics, []);
});

test('a stratified split that leaves a part empty is reported with the class-wise count', () => {
  const result = checkText(model({
    data: 'data: sequences(path: "data/seq.csv", id: "id", label: "label")', input: 'input { timesteps: 5 }',
    output: 'output { activation: softmax }', loss: 'loss: sparse_categorical_crossentropy',
    train: 'train { validation_split: 0.01, stratify: true }',
  }), labelledFiles());
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['no-validation-samples']);
});

test('an embedding on text: the summary shows it first and its parameters are vocabulary × dim', () => {
  const result = checkText(model({
    data: 'data: text(path: "data/t.txt", level: word, vocabulary: 50)', input: 'input { timesteps: 4 }', extra: 'embedding { dim: 8 }',
    output: 'output { activation: softmax }', loss: 'loss: sparse_categorical_crossentropy',
  }), optionsFor({ 'data/t.txt': Array.from({ length: 300 }, (_, i) => `w${i % 70}`).join(' ') }));
  assert.deepEqual(result.diagnostics, []);
  const { layers, spec } = result.models[0];
  assert.deepEqual(layers![0], { name: 'embedding (Embedding)', outputShape: [null, 4, 8], params: 50 * 8 });
  assert.equal(layers![1].params, 4 * (16 * (8 + 16) + 16));
  assert.deepEqual(spec!.embedding, { dim: 8 });
  assert.equal(spec!.input.features, 50);
});

test('extends: the spec\'s source holds its bases first, so the run\'s model.rnn checks on its own', () => {
  const text = named('A') + 'model B extends A { train { epochs: 5 } }\nmodel C extends B { loss: mae }\n';
  const c = checkText(text).models[2];
  assert.match(c.spec!.source, /^model A \{[\s\S]*\}\n\nmodel B extends A \{ train \{ epochs: 5 \} \}\n\nmodel C extends B \{ loss: mae \}$/);
  const alone = checkText(c.spec!.source).models.find((m) => m.name === 'C')!;
  assert.deepEqual(alone.spec!.train, c.spec!.train);
});

test('checkText indexes the text\'s lines once: the checker goes on with the parser\'s line table', () => {
  // A line table starts by asking whether the text has a \r (positions.ts); count those scans of this text.
  const text = model();
  const lineScans = (run: () => unknown) => {
    const includes = mock.method(String.prototype, 'includes');
    try {
      run();
      return includes.mock.calls.filter((call) => String(call.this) === text && call.arguments[0] === '\r').length;
    } finally {
      includes.mock.restore();
    }
  };
  const parsing = lineScans(() => parse(text));
  assert.ok(parsing >= 1, 'parsing builds a line table');
  assert.equal(lineScans(() => checkText(text)), parsing);
});
