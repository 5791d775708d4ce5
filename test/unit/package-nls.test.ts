// The manifest's contributions in the display language: every %key% that
// package.json uses is in package.nls.json (English, what VS Code shows by
// default) and in package.nls.zh-cn.json, no key is left over, and every
// Chinese text is a translation, not a copy of the English.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>;
const manifest = read('package.json');
const english = read('package.nls.json') as Record<string, string>;
const chinese = read('package.nls.zh-cn.json') as Record<string, string>;

/** Every "%key%" string anywhere in the manifest. */
function placeholders(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    const match = /^%(.+)%$/.exec(value);
    if (match) found.add(match[1]);
  } else if (value && typeof value === 'object') {
    for (const child of Object.values(value)) placeholders(child, found);
  }
  return found;
}

test('every %key% of package.json is in both nls files, and no nls key is unused', () => {
  const used = [...placeholders(manifest)].sort();
  assert.ok(used.includes('rnn.train.title'), 'the command titles are localised');
  assert.deepEqual(Object.keys(english).sort(), used);
  assert.deepEqual(Object.keys(chinese).sort(), used);
});

test('the Chinese texts are translations: none equals its English, each is written in Chinese', () => {
  for (const [key, text] of Object.entries(chinese)) {
    assert.notEqual(text, english[key], key);
    assert.match(text, /\p{Script=Han}/u, key);
  }
});

test('what is shown to people is localised: command titles, setting descriptions and enum descriptions', () => {
  const contributes = manifest.contributes as {
    commands: { title: string }[];
    configuration: { properties: Record<string, { description: string; enumDescriptions?: string[] }> };
  };
  for (const command of contributes.commands) assert.match(command.title, /^%.+%$/);
  for (const [name, setting] of Object.entries(contributes.configuration.properties)) {
    assert.match(setting.description, /^%.+%$/, name);
    for (const description of setting.enumDescriptions ?? []) assert.match(description, /^%.+%$/, name);
  }
  assert.equal(manifest.l10n, './dist/l10n', 'VS Code finds the runtime bundles where scripts/build.mjs writes them');
});
