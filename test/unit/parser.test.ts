import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_NESTING, parse } from '../../core/src/language/syntax/parser';
import { validateGrammar } from '../../core/src/language/syntax/grammar';
import type { Block, Member, Property, Range, Value } from '../../core/src/language/syntax/ast';
import type { Diagnostic } from '../../core/src/shared/diagnostic';
import { ISSUE_SAMPLES } from './issue-samples';

const at = (range: Range) => `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
/** Related locations after the message: ` | 4:12-4:13 opened here`. */
const notes = (d: Diagnostic) => (d.related ?? []).map((r) => ` | ${at(r.range)} ${r.message}`).join('');
const errors = (text: string) => parse(text).diagnostics.map((d: Diagnostic) => `${at(d.range)} ${d.message}${notes(d)}`);
const names = (members: Member[]): string[] => members.map((m) => (m.kind === 'block' ? m.name.name : m.key.name));
const member = (members: Member[], name: string) => members.find((m) => (m.kind === 'block' ? m.name.name : m.key.name) === name);
const slice = (text: string, range: Range) => text.slice(range.start.offset, range.end.offset);

function plain(value: Value | undefined): unknown {
  if (!value) return undefined;
  switch (value.kind) {
    case 'identifier-value': return value.name;
    case 'list': return value.items.map(plain);
    case 'call': return { [value.callee.name]: Object.fromEntries(value.args.map((a) => [a.key.name, plain(a.value)])) };
    default: return value.value;
  }
}

test('the issue samples parse without diagnostics', () => {
  for (const [name, text] of Object.entries(ISSUE_SAMPLES)) {
    assert.deepEqual(parse(text).diagnostics, [], name);
  }
});

test('a model: members, blocks, values and calls with exact ranges', () => {
  const text = ISSUE_SAMPLES['sine.rnn'];
  const { file } = parse(text);
  assert.equal(file.models.length, 1);
  const model = file.models[0];
  assert.equal(model.name?.name, 'SineForecast');
  assert.equal(slice(text, model.range), text.slice(text.indexOf('model'), text.lastIndexOf('}') + 1));
  assert.deepEqual(names(model.members), ['data', 'input', 'hidden', 'output', 'loss', 'optimizer', 'train']);
  const data = member(model.members, 'data') as Property;
  assert.deepEqual(plain(data.value), { sine: { samples: 2000, period: 40, noise: 0.05 } });
  assert.equal(slice(text, data.range), 'data: sine(samples: 2000, period: 40, noise: 0.05)');
  assert.equal(data.value?.kind === 'call' && slice(text, data.value.argsRange), '(samples: 2000, period: 40, noise: 0.05)');
  const hidden = member(model.members, 'hidden') as Block;
  assert.deepEqual(names(hidden.members), ['cell', 'units', 'gates', 'dropout']);
  assert.deepEqual(plain((member(hidden.members, 'gates') as Property).value), ['input', 'forget', 'output']);
  assert.equal(slice(text, hidden.bodyRange).startsWith('{') && slice(text, hidden.bodyRange).endsWith('}'), true);
  assert.deepEqual(hidden.name.range.start, { line: 9, character: 2, offset: text.indexOf('hidden') });
  assert.deepEqual(file.comments.map((c) => c.text), ['# Forecast the next point of a noisy sine wave from the previous 50.']);
});

test('value kinds: numbers as written, strings, booleans, identifiers, lists, calls', () => {
  const { file, diagnostics } = parse('model A {\n  a: 1e-3, b: -2, c: "x\\"y", d: true, e: false, f: lstm, g: [1, 2,], h: adam\n  i: [\n    1\n    2\n  ]\n}');
  assert.deepEqual(diagnostics, []);
  const values = Object.fromEntries(file.models[0].members.map((m) => [(m as Property).key.name, (m as Property).value]));
  assert.deepEqual(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, plain(v)])), {
    a: 0.001, b: -2, c: 'x"y', d: true, e: false, f: 'lstm', g: [1, 2], h: 'adam', i: [1, 2],
  });
  assert.equal(values.a?.kind === 'number' && values.a.text, '1e-3');
});

test('blank lines, trailing commas and several models per file', () => {
  const { file, diagnostics } = parse('\n\nmodel A {\n\n  a: 1,\n\n}\n\nmodel B { b: 2, }\n');
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(file.models.map((m) => [m.name?.name, names(m.members)]), [['A', ['a']], ['B', ['b']]]);
});

test('two members on one line need a comma', () => {
  assert.deepEqual(errors('model A {\n  a: 1 b: 2\n}'), ['2:8-2:9 expected a newline or comma before `b`']);
  assert.deepEqual(errors('model A { l: [1 2] }'), ['1:17-1:18 expected a newline or comma before `2`']);
});

test('a key with a colon and nothing after it keeps the next line as the next member', () => {
  const { file, diagnostics } = parse('model A {\n  a:\n  b: 2\n}');
  assert.deepEqual(diagnostics.map((d) => `${at(d.range)} ${d.message}`), ['2:4-2:5 expected a value after `a:`']);
  assert.deepEqual(names(file.models[0].members), ['a', 'b']);
  assert.equal((file.models[0].members[0] as Property).value, undefined);
});

test('recovery: several errors in one file are all reported, and later members survive', () => {
  const text = [
    'model A {',            // 1
    '  hidden {',           // 2
    '    cell: ]] 5',       // 3
    '    units: [64, 32',   // 4  (unclosed list)
    '    dropout: 0.1',     // 5
    '    @ gates: [input]', // 6
    '  }',                  // 7
    '  loss mse',           // 8
    '  optimizer: adam(lr: 0.1',   // 9 (unclosed call)
    '  train { epochs: 3 }',       // 10
    '}',
    'model B { x: 1 }',
  ].join('\n');
  const { file, diagnostics } = parse(text);
  assert.deepEqual(diagnostics.map((d) => `${at(d.range)} ${d.code} ${d.message}${notes(d)}`), [
    '3:9-3:10 syntax-error expected a value after `cell:`',
    '3:11-3:15 syntax-error unexpected `]` in the block `hidden`: a member is `key: value` or `name { ... }`',
    "5:5-5:12 syntax-error expected ']' to close the list, found `dropout` | 4:12-4:13 opened here",
    '6:5-6:6 unexpected-character unexpected character `@`',
    "8:3-8:7 syntax-error expected ':' after `loss`",
    "10:3-10:8 syntax-error expected ')' to close the arguments of `adam`, found `train` | 9:14-9:18 opened here",
  ]);
  assert.deepEqual(file.models.map((m) => m.name?.name), ['A', 'B']);
  const a = file.models[0];
  assert.deepEqual(names(a.members), ['hidden', 'loss', 'optimizer', 'train']);
  assert.equal(plain((member(a.members, 'loss') as Property).value), 'mse', '`loss mse` is read as `loss: mse`');
  assert.deepEqual(names((member(a.members, 'hidden') as Block).members), ['cell', 'units', 'dropout', 'gates']);
  assert.deepEqual(plain((member((member(a.members, 'hidden') as Block).members, 'units') as Property).value), [64, 32]);
  assert.deepEqual(plain((member(a.members, 'optimizer') as Property).value), { adam: { lr: 0.1 } });
  assert.deepEqual(names((member(a.members, 'train') as Block).members), ['epochs']);
});

test("an unclosed block names itself and where it opened", () => {
  assert.deepEqual(errors('model A {\n  data: sine()\n  hidden {\n    units: [4]\n  loss: mse\n'), [
    "6:1-6:1 expected '}' to close the block `hidden`, found the end of the file | 3:3-3:9 opened here",
    "6:1-6:1 expected '}' to close model `A`, found the end of the file | 1:1-1:6 opened here",
  ]);
  assert.deepEqual(errors('model A { l: [1, f(a: [2'), [
    "1:25-1:25 expected ']' to close the list, found the end of the file | 1:23-1:24 opened here",
    "1:25-1:25 expected ')' to close the arguments of `f`, found the end of the file | 1:18-1:19 opened here",
    "1:25-1:25 expected ']' to close the list, found the end of the file | 1:14-1:15 opened here",
    "1:25-1:25 expected '}' to close model `A`, found the end of the file | 1:1-1:6 opened here",
  ]);
  assert.deepEqual(errors('model A {\n  a: 1\nmodel B { b: 2 }'), ["3:1-3:6 expected '}' to close model `A`, found `model` | 1:1-1:6 opened here"]);
});

test('stray tokens outside models, and models without a name', () => {
  const { file, diagnostics } = parse('foo bar\nmodel { a: 1 }\n}');
  assert.deepEqual(diagnostics.map((d) => `${at(d.range)} ${d.message}`), [
    '1:1-1:8 expected `model Name { ... }`, found `foo`',
    '2:1-2:6 expected a model name after `model`, e.g. `model Forecast { ... }`',
    '3:1-3:2 expected `model Name { ... }`, found `}`',
  ]);
  assert.equal(file.models.length, 1);
  assert.equal(file.models[0].name, undefined);
  assert.deepEqual(names(file.models[0].members), ['a']);
});

test('deep nesting is cut off with one diagnostic instead of overflowing the stack', () => {
  const depth = 50_000;
  const text = `model A { a: ${'['.repeat(depth)}1${']'.repeat(depth)}\n b: 2 }`;
  const { file, diagnostics } = parse(text);
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0].message, new RegExp(`nesting deeper than ${MAX_NESTING} levels`));
  assert.deepEqual(names(file.models[0].members), ['a', 'b']);
  const deepBraces = parse('model A {' + ' b {'.repeat(depth));
  assert.ok(deepBraces.diagnostics.length >= 1);
});

test('never throws, whatever the input', () => {
  const inputs = ['', '}', '{{{{', 'model', 'model A', 'model A {', ':', '"', 'model A { a: b(c: d(e: [f, g(h: 1)])) }', '\u0000\uffff\ud800', ')))]]]'];
  for (const input of inputs) {
    const result = parse(input);
    assert.equal(result.file.kind, 'file', JSON.stringify(input));
    for (const d of result.diagnostics) assert.ok(d.range.start.offset <= d.range.end.offset && d.range.end.offset <= input.length);
  }
});

test('Windows line endings parse like Unix ones, with the same lines and columns', () => {
  const unix = ISSUE_SAMPLES['airline.rnn'];
  const windows = unix.replace(/\n/g, '\r\n');
  const a = parse(unix);
  const b = parse(windows);
  assert.deepEqual(b.diagnostics, []);
  const positions = (file: typeof a.file) => file.models[0].members.map((m) => [m.range.start.line, m.range.start.character, m.range.end.line, m.range.end.character]);
  assert.deepEqual(positions(b.file), positions(a.file));
});

test('chevrotain finds no mistake in the grammar (the shipped parser skips this validation to start faster)', () => {
  assert.doesNotThrow(validateGrammar);
});
