// Completeness of the translations: each component's zh-cn catalog against
// the messages @vscode/l10n-dev extracts from that component's sources.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bundlesFor, CATALOG_COMPONENTS, DIAGNOSTIC_CODES, DIAGNOSTIC_CODES_ZH_CN, t, useLocale, type CatalogComponent, type L10nBundle,
} from '../../core/src/shared';
import { componentMessages, readCatalog, scanSource } from '../helpers/l10n-messages';

/**
 * The components whose catalogs must be complete. The others are translated in
 * parallel: their checks run as todo (reported, not failing) until they are
 * added here.
 */
const COMPLETE: readonly CatalogComponent[] = ['language', 'server', 'engine', 'cli', 'extension', 'panel'];

after(() => useLocale('en'));

const PLACEHOLDER = /\{(\w+)\}/g;
const placeholders = (message: string) => [...new Set([...message.matchAll(PLACEHOLDER)].map((m) => m[1]))].sort();
const translationOf = (entry: L10nBundle[string]) => (typeof entry === 'string' ? entry : entry.message);
/** Letters outside placeholders and `code`: a message without any is a code or a name and may stay as it is. */
const hasWords = (message: string) => /\p{L}/u.test(message.replace(/`[^`]*`/g, '').replace(PLACEHOLDER, ''));

/** A message formatted with `bundle` (English without one), with a marked value per placeholder. */
function formatted(key: string, english: string, bundle: L10nBundle): { text: string; values: string[] } {
  const names = placeholders(english);
  const values = names.map((name) => `\u0001${name}\u0001`);
  const numbered = names.every((name, i) => name === String(i));
  const named = Object.fromEntries(names.map((name, i) => [name, values[i]]));
  useLocale('zh-cn', bundle);
  try {
    const comment = key === english ? undefined : key.slice(english.length + 1);
    const text = comment !== undefined ? t({ message: english, args: numbered ? values : named, comment: [comment] })
      : numbered ? t(english, ...values) : t(english, named);
    return { text, values };
  } finally {
    useLocale('en');
  }
}

for (const component of CATALOG_COMPONENTS) {
  const todo = COMPLETE.includes(component) ? false : 'catalog not complete yet (not in COMPLETE)';

  test(`${component}: every message passed to t is a literal`, async () => {
    const { nonLiteral } = await componentMessages(component);
    assert.deepEqual(nonLiteral, [], 'the extractor cannot see these messages');
  });

  test(`${component}: every message has a zh-cn entry, and no entry is stale`, { todo }, async () => {
    const { messages } = await componentMessages(component);
    const catalog = readCatalog(component);
    assert.deepEqual([...messages.keys()].filter((key) => !(key in catalog)), [], 'messages without a translation');
    assert.deepEqual(Object.keys(catalog).filter((key) => !messages.has(key)), [], 'entries no source uses');
  });

  test(`${component}: translations are translated and keep the placeholders`, { todo }, async () => {
    const { messages } = await componentMessages(component);
    const catalog = readCatalog(component);
    const problems: string[] = [];
    for (const [key, english] of messages) {
      const entry = catalog[key];
      if (entry === undefined) continue;
      const translation = translationOf(entry);
      if (translation === english && hasWords(english)) problems.push(`left in English: ${key}`);
      if (placeholders(translation).join() !== placeholders(english).join()) problems.push(`placeholders differ: ${key} -> ${translation}`);
    }
    assert.deepEqual(problems, []);
  });

  // @vscode/l10n reads `{` up to the next `}` as one placeholder, so a literal `{` before a
  // placeholder swallows it: "expected '{' after {0}" would never show its argument.
  test(`${component}: every placeholder is filled in English and in Chinese`, { todo }, async () => {
    const { messages } = await componentMessages(component);
    const catalog = readCatalog(component);
    const problems: string[] = [];
    for (const [key, english] of messages) {
      for (const [language, bundle] of [['en', {}], ['zh-cn', catalog]] as const) {
        const { text, values } = formatted(key, english, bundle);
        if (values.some((value) => !text.includes(value))) problems.push(`${language}: ${key} -> ${text}`);
      }
    }
    assert.deepEqual(problems, []);
  });
}

test('every diagnostic code has a Chinese description', () => {
  assert.deepEqual(Object.keys(DIAGNOSTIC_CODES_ZH_CN).sort(), Object.keys(DIAGNOSTIC_CODES).sort());
  for (const [code, description] of Object.entries(DIAGNOSTIC_CODES_ZH_CN)) {
    assert.match(description, /\p{Script=Han}/u, `${code} is described in Chinese`);
  }
});

test('the extraction finds the product t, aliased or not, and flags a message that is not a literal', () => {
  const { text, nonLiteral } = scanSource('x.ts', [
    "import { t, type Locale } from '../../shared';",
    "import { t as tr } from './l10n';",
    "const a = t('one {0}', 1), b = tr('two');",
    'const c = t(message);',
    "const d = other.t('not ours'), e = list.map((t) => t);",
  ].join('\n'));
  assert.deepEqual(nonLiteral, ['x.ts:4']);
  assert.match(text, /^import \* as l10n from '@vscode\/l10n';/);
  assert.match(text, /l10n\.t\('one \{0\}', 1\), b = l10n\.t\('two'\)/);
  assert.match(text, /other\.t\('not ours'\), e = list\.map\(\(t\) => t\)/);
});

test('the pseudo-locale marks the text of a message, not the arguments put into it', () => {
  useLocale('qps-ploc', ...bundlesFor('qps-ploc', ['language']));
  try {
    const message = t('{0}, found {1}', t('expected {0}', "')'"), 'the end of the file');
    assert.equal(message, "⟦expected ⟧')'⟦, found ⟧the end of the file");
  } finally {
    useLocale('en');
  }
});
