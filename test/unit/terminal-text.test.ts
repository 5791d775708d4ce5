// Terminal safety: text from data or a model reaches the terminal with its
// control characters shown as escapes, never obeyed (issue 13, finding 6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as fc from 'fast-check';
import { terminalSafeEvent, terminalText } from '../../cli/src/terminal-text';
import { formatDiagnostic } from '../../cli/src/report';
import { propertyParameters } from '../helpers/property-runs';

const root = resolve(__dirname, '..', '..');
// What a terminal acts on: C0 controls, DEL and C1 controls; and the bidi overrides and isolates.
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const RAW_CONTROL_BUT_LINES = /\r(?!\n)|[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('control characters are shown as escapes: ESC, BEL, NUL, DEL, C1 and bidi overrides', () => {
  assert.equal(terminalText('a\x1b[31mred\x1b[0m\x07\x00z'), 'a\\x1b[31mred\\x1b[0m\\x07\\x00z');
  assert.equal(terminalText('\x7f\x9b2J\u202egnp.exe'), '\\x7f\\x9b2J\\u202egnp.exe');
  assert.equal(terminalText('one\ntwo\tthree\r\n'), 'one\\ntwo\\tthree\\r\\n');
  assert.equal(terminalText('one\ntwo\tthree\r\nfour\roverwritten', { multiline: true }), 'one\ntwo\tthree\r\nfour\\roverwritten');
  assert.equal(terminalText('plain text, C:\\path, "quotes", 中文 and é'), 'plain text, C:\\path, "quotes", 中文 and é');
});

test('property: no raw control character survives, and text without one is unchanged', () => {
  const anyText = fc.string({ unit: 'binary', maxLength: 100 });
  fc.assert(
    fc.property(anyText, fc.boolean(), (text, multiline) => {
      const shown = terminalText(text, { multiline });
      assert.doesNotMatch(shown, multiline ? RAW_CONTROL_BUT_LINES : RAW_CONTROL);
      if (!(multiline ? RAW_CONTROL_BUT_LINES : RAW_CONTROL).test(text)) assert.equal(shown, text);
    }),
    propertyParameters(300),
  );
});

test('training events and diagnostics are made safe where the CLI prints them', () => {
  const end = terminalSafeEvent({ type: 'end', status: 'completed', epochs: 1, seconds: 1, final: {}, reason: 'x\x1b]0;title\x07', sample: 'ab\x00\ncd', time: 0 });
  assert.ok(end.type === 'end');
  assert.equal(end.sample, 'ab\\x00\ncd');
  assert.equal(end.reason, 'x\\x1b]0;title\\x07');
  const log = terminalSafeEvent({ type: 'log', level: 'warning', message: 'column "\x1b[2J"', time: 0 });
  assert.ok(log.type === 'log' && log.message === 'column "\\x1b[2J"');
  const range = { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 1, offset: 1 } };
  const shown = formatDiagnostic('f.rnn', {
    range, severity: 'error', code: 'data-column-missing', message: 'no column `y` (columns: "\x1b[8mhidden")',
    related: [{ range, message: 'header\x07' }],
  });
  assert.equal(shown, 'f.rnn:1:1: error: no column `y` (columns: "\\x1b[8mhidden") [data-column-missing]\nf.rnn:1:1: note: header\\x07');
});

test('rnn train prints the generated sample of a text model whose data holds ESC, BEL and NUL with them escaped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-terminal-'));
  // Few distinct characters, each often: the sample of a barely trained model at a high temperature holds them all.
  const pieces = ['ab', '\x1b[31m', '\x07', '\x00', 'c\n'];
  let data = '';
  for (let i = 0; data.length < 3000; i++) data += pieces[(i * 7 + (i >> 2)) % pieces.length];
  writeFileSync(join(dir, 'hostile.txt'), data);
  writeFileSync(join(dir, 'hostile.rnn'), `model Hostile {
  data: text(path: "hostile.txt", level: char)
  input { timesteps: 8 }
  hidden { cell: gru, units: [4] }
  output { activation: softmax }
  loss: sparse_categorical_crossentropy
  train { epochs: 1, batch_size: 32, seed: 1 }
  generate { length: 400, temperature: 3, prime: "ab" }
}
`);
  const result = spawnSync(process.execPath, [join(root, 'bin', 'rnn.js'), 'train', 'hostile.rnn', '--steps-per-epoch', '2', '--backend', 'cpu', '--runs-dir', 'runs'], {
    cwd: dir, encoding: 'utf8', timeout: 300_000,
  });
  const output = result.stdout + result.stderr;
  assert.equal(result.status, 0, output);
  const sample = /Sample:\n([\s\S]*)\nRun saved in/.exec(result.stdout)?.[1];
  assert.ok(sample !== undefined, result.stdout);
  for (const [raw, escaped] of [['\x1b', '\\x1b'], ['\x07', '\\x07'], ['\x00', '\\x00']]) {
    assert.ok(!output.includes(raw), `the output holds a raw ${JSON.stringify(raw)}`);
    assert.ok(sample.includes(escaped), `the sample shows ${escaped}: ${sample}`);
  }
});
