// The backend names are declared once (core/src/shared/backends.ts); the
// extension's `rnn.backend` setting in package.json cannot import them, so
// this test ties it to the list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTO_BACKEND_ORDER, BACKENDS, isBackendPreference } from '../../core/src/shared/backends';

interface SettingSchema {
  enum: string[];
  enumDescriptions: string[];
  default: string;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const setting: SettingSchema = manifest.contributes.configuration.properties['rnn.backend'];

test('the rnn.backend setting offers exactly the backends, in order, each described', () => {
  assert.deepEqual(setting.enum, [...BACKENDS]);
  assert.equal(setting.enumDescriptions.length, BACKENDS.length);
  assert.ok(isBackendPreference(setting.default), `default ${setting.default}`);
});

test('auto tries every other backend, in the listed order', () => {
  assert.deepEqual([...AUTO_BACKEND_ORDER], BACKENDS.filter((b) => b !== 'auto'));
  assert.ok(!isBackendPreference('webgl'));
});
