// How `rnn` reads a .rnn file's bytes (issue 13, finding 6): a file that is
// not UTF-8 (saved as Latin-1) gets a message saying so, at the first byte
// that is not UTF-8, instead of "unexpected character".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { model } from '../helpers/diagnostic-cases';
import { decodeUtf8 } from '../../cli/src/utf8';

const rnnBin = join(resolve(__dirname, '..', '..'), 'bin', 'rnn.js');

test('a Latin-1 file: rnn check says it is not UTF-8, at the byte', () => {
  // "café" in a comment on line 2, as a Latin-1 editor saves it (é = 0xE9).
  const text = model().replace('model M {\n', 'model M {\n  # café\n');
  const dir = mkdtempSync(join(tmpdir(), 'rnn-latin1-'));
  writeFileSync(join(dir, 'latin1.rnn'), Buffer.from(text, 'latin1'));
  const result = spawnSync(process.execPath, [rnnBin, 'check', 'latin1.rnn'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /^latin1\.rnn:2:8: error: the file is not UTF-8 text \(byte 0xE9 here\); save it as UTF-8$/m);
  assert.doesNotMatch(result.stdout + result.stderr, /unexpected character|unexpected-character/);
});

test('decodeUtf8 drops a BOM, keeps valid text, and finds the first bad byte after multi-byte characters', () => {
  assert.deepEqual(decodeUtf8(Buffer.from('\uFEFFmodel 模型', 'utf8')), { ok: true, text: 'model 模型' });
  const bytes = Buffer.concat([Buffer.from('模型\nab', 'utf8'), Buffer.from([0xff]), Buffer.from('c', 'utf8')]);
  assert.deepEqual(decodeUtf8(bytes), { ok: false, line: 2, column: 3, byte: 'FF' });
});
