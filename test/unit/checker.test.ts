import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkText } from '../../core/src/language/check/checker';
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

test('a gate the cell lacks is removed by its fix', () => {
  const { fixed, result } = fixAndRecheck('gate-not-in-cell', model({ hidden: 'hidden { cell: gru, units: [16], gates: [update, ⟦forget⟧] }' }));
  assert.match(fixed, /gates: \[update\]/);
  assert.deepEqual(result.diagnostics, []);
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

test('a loss that does not fit the activation is changed to one of the same task that fits', () => {
  const TEXT_PATH = '/virtual/data/t.txt';
  const options = { path: '/virtual/model.rnn', fs: memoryFs({ [TEXT_PATH]: 'abcabcabd'.repeat(40) }) };
  const marked = model({
    data: 'data: text(path: "data/t.txt")', input: 'input { timesteps: 8 }', output: 'output { activation: sigmoid }', loss: 'loss: ⟦categorical_crossentropy⟧',
  });
  const { diagnostic, result } = fixAndRecheck('loss-activation-mismatch', marked, options);
  assert.match(diagnostic.message, /`categorical_crossentropy` does not fit the output activation `sigmoid`; it needs `softmax`/);
  assert.equal(diagnostic.fixes![0].edits[0].newText, 'binary_crossentropy');
  assert.match(diagnostic.fixes![1].title, /activation to `softmax`/);
  assert.deepEqual(result.diagnostics, []);
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
