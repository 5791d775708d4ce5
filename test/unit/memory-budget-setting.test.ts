// The extension's `rnn.memoryBudget` setting is validated by a pattern in
// package.json, which cannot import the checker's size reader
// (core/src/language/check/byte-size.ts); this test ties the two, so a unit
// added to one and not the other fails here instead of in a user's settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MEMORY_BUDGET, parseByteSize } from '../../core/src/language';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const setting: { pattern: string; default: string } = manifest.contributes.configuration.properties['rnn.memoryBudget'];
const pattern = new RegExp(setting.pattern);

const NUMBERS = ['0', '1', '8', '2048', '1.5', '.5', '0.25', '1e3', '-1', '1.', '', 'x'];
const UNITS = ['', 'b', 'B', 'kb', 'KB', 'kib', 'KiB', 'mb', 'MiB', 'gb', 'GB', 'GiB', 'gib', 'tb', 'TiB', 'pb', 'PiB', 'ki', 'g', 'bytes'];
const SPACES = ['', ' '];

test('the setting accepts exactly the sizes the checker reads (less than one byte aside, which the checker refuses)', () => {
  const disagreements: string[] = [];
  for (const number of NUMBERS) {
    for (const unit of UNITS) {
      for (const space of SPACES) {
        const text = `${space}${number}${space}${unit}${space}`;
        const read = parseByteSize(text);
        const accepted = pattern.test(text);
        // The pattern cannot tell a size below one byte (0, 0.5 B); the checker refuses it with a usage error.
        const belowOneByte = accepted && (Number(number) === 0 || (/^b?$/i.test(unit) && Number(number) < 1));
        if (accepted !== (read !== undefined) && !belowOneByte) disagreements.push(`${JSON.stringify(text)}: pattern ${accepted}, checker ${read}`);
      }
    }
  }
  assert.deepEqual(disagreements, []);
});

test("the setting's default is the checker's default budget", () => {
  assert.equal(parseByteSize(setting.default), DEFAULT_MEMORY_BUDGET);
});
