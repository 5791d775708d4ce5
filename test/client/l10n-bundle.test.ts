// VS Code loads one bundle per language (dist/l10n/bundle.l10n.zh-cn.json,
// which scripts/build.mjs merges from every component's catalog), and the
// panel and the training worker get merged bundles too. A message that two
// catalogs hold must read the same in both, or which one shows would depend on
// the merge order. (Each catalog against its sources: test/unit/l10n.test.ts.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CATALOG_COMPONENTS, type L10nBundle } from '../../core/src/shared';

const root = join(import.meta.dirname, '..', '..');
const textOf = (entry: L10nBundle[string]) => (typeof entry === 'string' ? entry : entry.message);

test('a message more than one zh-cn catalog holds is translated the same in each', () => {
  const seen = new Map<string, { component: string; text: string }>();
  const differing: string[] = [];
  let shared = 0;
  for (const component of CATALOG_COMPONENTS) {
    const catalog = JSON.parse(readFileSync(join(root, 'l10n', 'zh-cn', `${component}.json`), 'utf8')) as L10nBundle;
    for (const [key, entry] of Object.entries(catalog)) {
      const first = seen.get(key);
      if (!first) {
        seen.set(key, { component, text: textOf(entry) });
        continue;
      }
      shared++;
      if (first.text !== textOf(entry)) differing.push(`${key}: ${first.component} "${first.text}", ${component} "${textOf(entry)}"`);
    }
  }
  assert.ok(shared > 0, 'the catalogs share messages (ETA {0}, epoch {0}/{1}), which is what this guards');
  assert.deepEqual(differing, []);
});

test('the bundle VS Code loads holds every extension and panel message', () => {
  const bundle = JSON.parse(readFileSync(join(root, 'dist', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as L10nBundle;
  for (const component of ['extension', 'panel']) {
    const catalog = JSON.parse(readFileSync(join(root, 'l10n', 'zh-cn', `${component}.json`), 'utf8')) as L10nBundle;
    for (const key of Object.keys(catalog)) assert.ok(key in bundle, `${component}: ${key} (run npm run build)`);
  }
});
