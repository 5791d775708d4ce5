// The extension activates, and so starts its language server (extension.ts
// starts it in activate), when a folder holding .rnn files opens, before any
// is opened, so the server's idle warm-up has run when the user opens one; and
// when a .rnn file opens in a folder without any. Never for every folder.
// test/e2e/activation.test.ts watches the server process in code-server.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { activationEvents?: string[] };

test('the extension activates for a folder with .rnn files at any depth, and for an opened .rnn file, not for every folder', () => {
  const events = manifest.activationEvents ?? [];
  assert.ok(events.includes('workspaceContains:**/*.rnn'), events.join(', '));
  assert.ok(events.includes('onLanguage:rnn'), events.join(', '));
  assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), `activates for every folder: ${events.join(', ')}`);
});
