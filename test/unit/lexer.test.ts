import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lex, unescapeString } from '../../core/src/language/syntax/lexer';
import { LineIndex } from '../../core/src/language/syntax/positions';

const lexText = (text: string) => lex(text, new LineIndex(text));
const kinds = (text: string) => lexText(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

test('tokens of a member line', () => {
  assert.deepEqual(kinds('optimizer: adam(lr: 0.005, clipnorm: 1.0)'), [
    'Identifier:optimizer', 'Colon::', 'Identifier:adam', 'LParen:(', 'Identifier:lr', 'Colon::', 'Number:0.005',
    'Identifier:clipnorm', 'Colon::', 'Number:1.0', 'RParen:)',
  ]);
});

test('numbers: integers, decimals, exponents and negatives', () => {
  assert.deepEqual(kinds('64 0.005 1e-3 -2 .5 2E+4'), ['Number:64', 'Number:0.005', 'Number:1e-3', 'Number:-2', 'Number:.5', 'Number:2E+4']);
});

test('keywords are model, true and false only; longer words are identifiers', () => {
  assert.deepEqual(kinds('model models true truex false lstm'), [
    'Model:model', 'Identifier:models', 'True:true', 'Identifier:truex', 'False:false', 'Identifier:lstm',
  ]);
});

test('newlines and commas are separators, kept aside in order', () => {
  const { tokens, separators } = lexText('a: 1,\r\nb: 2\n');
  assert.deepEqual(tokens.map((t) => t.image), ['a', ':', '1', 'b', ':', '2']);
  assert.deepEqual(separators.map((t) => t.image), [',', '\r\n', '\n']);
});

test('comments with # and // are collected with their ranges', () => {
  const { comments, tokens } = lexText('# first\nloss: mse // second\n');
  assert.deepEqual(comments.map((c) => c.text), ['# first', '// second']);
  assert.deepEqual(comments[1].range.start, { line: 1, character: 10, offset: 18 });
  assert.deepEqual(tokens.map((t) => t.image), ['loss', ':', 'mse']);
});

test('strings unescape \\" \\\\ and \\n', () => {
  const { tokens } = lexText(String.raw`"a \"quoted\" \\ path\n"`);
  assert.equal(tokens.length, 1);
  assert.equal(unescapeString(tokens[0].image, true), 'a "quoted" \\ path\n');
});

test('an unexpected character is reported with its range and the rest still lexes', () => {
  const { tokens, diagnostics } = lexText('loss: m$e\nunits: 1');
  assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.character, d.range.end.character, d.message]), [
    ['unexpected-character', 7, 8, 'unexpected character `$`'],
  ]);
  assert.deepEqual(tokens.map((t) => t.image), ['loss', ':', 'm', 'e', 'units', ':', '1']);
});

test('control characters are shown as code points', () => {
  const { diagnostics } = lexText('a\u0001\u0002');
  assert.equal(diagnostics[0].message, 'unexpected characters U+0001 U+0002');
});

test('an unterminated string runs to the end of its line only', () => {
  const { tokens, diagnostics } = lexText('prime: "ROMEO:\nlength: 3');
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].code, 'unterminated-string');
  assert.deepEqual([diagnostics[0].range.start.character, diagnostics[0].range.end.character], [7, 14]);
  assert.equal(unescapeString(tokens[2].image, false), 'ROMEO:');
  assert.deepEqual(tokens.slice(3).map((t) => t.image), ['length', ':', '3']);
});

test('columns count UTF-16 code units, as LSP expects', () => {
  const { diagnostics } = lexText('prime: "😀" $');
  // The emoji is two UTF-16 code units: `$` is at character 12.
  assert.equal(diagnostics[0].range.start.character, 12);
});

test('line numbers follow \\n, \\r\\n and lone \\r', () => {
  const text = 'a\r\nb\rc\nd $';
  const { diagnostics } = lexText(text);
  assert.deepEqual(diagnostics[0].range.start, { line: 3, character: 2, offset: text.indexOf('$') });
});
