// Every Chinese text uses the glossary's term wherever its English uses the
// glossary's word: the catalogs of every component (l10n/zh-cn/*.json), the
// schema's docs and the manual's diagnostic meanings. A learner who reads 梯度消失
// in a textbook reads the same word in a diagnostic, a hover and the panel.
//
// The rules (also in the glossary's $comment):
// - a word is found case-insensitively, as a whole word, singular or plural
//   (epoch/epochs, batch/batches), words of a term joined by spaces or hyphens;
// - code is not text: `backtick spans`, {placeholders}, --flags and dotted key
//   paths (input.timesteps) are skipped, and snake_case keys (validation_split)
//   never match a whole word;
// - every term found is checked, a shorter term inside a longer one too: "forget
//   gates" asks for 遗忘门 and for 门. The glossary keeps this consistent by giving
//   a longer term a Chinese that contains the shorter term's (checked below).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIAGNOSTIC_CODES, DIAGNOSTIC_CODES_ZH_CN, type DiagnosticCode, type L10nBundle } from '../../core/src/shared';
import { schemaDocs } from '../helpers/schema-docs';

const root = join(import.meta.dirname, '..', '..');
const glossary = JSON.parse(readFileSync(join(root, 'l10n', 'glossary.zh-cn.json'), 'utf8')) as { terms: Record<string, string> };
const TERMS = Object.entries(glossary.terms);

interface Pair {
  where: string;
  en: string;
  zh: string;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The whole-word, case-insensitive pattern of a term, with its plural. */
function termPattern(term: string): RegExp {
  return new RegExp(`\\b${term.split(/[\s-]+/).map(escape).join('[\\s-]+')}(?:s|es)?\\b`, 'i');
}

/**
 * The text without its code: backtick spans, placeholders, command-line flags and dotted key paths;
 * and without "language features" (an editor's, VS Code's term), which is not the glossary's feature of the data (特征).
 */
function prose(text: string): string {
  return text
    .replace(/\blanguage features?\b/gi, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/--[\w-]+/g, ' ')
    .replace(/\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+/g, ' ');
}

/** The glossary terms `en` uses whose Chinese `zh` lacks. */
function missingTerms(en: string, zh: string, terms: [string, string][] = TERMS): [string, string][] {
  const english = prose(en);
  const chinese = prose(zh);
  return terms.filter(([word, term]) => termPattern(word).test(english) && !chinese.includes(term));
}

function report(pairs: Pair[]): string[] {
  return pairs.flatMap(({ where, en, zh }) =>
    missingTerms(en, zh).map(([word, term]) => `${where}: "${en}" uses "${word}", so its Chinese must use ${term}: "${zh}"`));
}

/** A catalog's pairs; a commented entry's key is `English/comment` and its value `{ message: Chinese, comment }`. */
function catalogPairs(file: string): Pair[] {
  const catalog = JSON.parse(readFileSync(join(root, 'l10n', 'zh-cn', file), 'utf8')) as L10nBundle;
  return Object.entries(catalog).map(([key, value]) => {
    if (typeof value === 'string') return { where: file, en: key, zh: value };
    const suffix = `/${value.comment.join('')}`;
    return { where: file, en: key.endsWith(suffix) ? key.slice(0, -suffix.length) : key, zh: value.message };
  });
}

test('the matcher: whole words, plurals, code skipped, nested terms', () => {
  const terms: [string, string][] = [['epoch', '轮'], ['gate', '门'], ['forget gate', '遗忘门'], ['validation', '验证'], ['time step', '时间步']];
  const missing = (en: string, zh: string) => missingTerms(en, zh, terms).map(([word]) => word);
  assert.deepEqual(missing('Stop after 3 epochs', '3 轮后停止'), []);
  assert.deepEqual(missing('Stop after 3 epochs', '3 个周期后停止'), ['epoch']);
  assert.deepEqual(missing('EPOCH {0}', '第 {0} 个周期'), ['epoch']);
  assert.deepEqual(missing('Values per time-step', '每步的值'), ['time step']);
  assert.deepEqual(missing('Set `epochs` to {epochs} with --epochs', '设为 {epochs}'), []);
  assert.deepEqual(missing('validation_split is 0 and input.validation too', '为 0'), []);
  assert.deepEqual(missing('Gated units are epochal', '门控单元'), []);
  assert.deepEqual(missing('forget gates', '遗忘门'), []);
  assert.deepEqual(missing('the forget gate', '遗忘的门'), ['forget gate']);
  assert.deepEqual(missing('the forget gate', '`gate`'), ['gate', 'forget gate']);
});

test('the glossary: a longer term\'s Chinese contains the Chinese of every term inside it', () => {
  const problems = TERMS.flatMap(([word, term]) => TERMS
    .filter(([inner, innerTerm]) => inner !== word && termPattern(inner).test(word) && !term.includes(innerTerm))
    .map(([inner, innerTerm]) => `"${word}" (${term}) contains "${inner}", but ${term} does not contain ${innerTerm}`));
  assert.deepEqual(problems, []);
});

for (const file of readdirSync(join(root, 'l10n', 'zh-cn')).filter((f) => f.endsWith('.json')).sort()) {
  test(`l10n/zh-cn/${file} uses the glossary's terms`, () => {
    assert.deepEqual(report(catalogPairs(file)), []);
  });
}

test('the schema\'s Chinese docs use the glossary\'s terms', () => {
  assert.deepEqual(report(schemaDocs().map(({ where, doc }) => ({ where: `schema ${where}`, en: doc.en, zh: doc.zh }))), []);
});

test('the manual\'s Chinese diagnostic meanings use the glossary\'s terms', () => {
  const pairs = (Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[])
    .map((code) => ({ where: `diagnostic ${code}`, en: DIAGNOSTIC_CODES[code], zh: DIAGNOSTIC_CODES_ZH_CN[code] }));
  assert.deepEqual(report(pairs), []);
});
