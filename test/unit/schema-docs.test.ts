import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LANGUAGE_DOC_PATHS, renderLanguageReference } from '../../scripts/gen-docs';
import { SCHEMA } from '../../core/src/language/schema/schema';
import type { BlockSchema, ValueType } from '../../core/src/language/schema/types';
import { DIAGNOSTIC_CODES } from '../../core/src/shared/diagnostic';
import { schemaDocs } from '../helpers/schema-docs';
import { docText } from '../../core/src/language/schema/doc-text';
import { useLocale } from '../../core/src/shared/l10n';

for (const [locale, path] of Object.entries(LANGUAGE_DOC_PATHS) as [keyof typeof LANGUAGE_DOC_PATHS, string][]) {
  test(`${path.replace(/.*\/docs\//, 'docs/')} is what the generator writes from the schema (run \`npm run docs\` after a schema change)`, () => {
    assert.equal(readFileSync(path, 'utf8'), renderLanguageReference(locale));
  });
}

/** Every name the schema defines: blocks, keys, functions, arguments and enum values. */
function schemaNames(block: BlockSchema): string[] {
  const fromType = (type: ValueType): string[] => {
    switch (type.kind) {
      case 'enum': return type.values.map((v) => v.name);
      case 'list': return fromType(type.items);
      case 'union': return type.types.flatMap(fromType);
      case 'call': return type.functions.flatMap((f) => [f.name, ...f.args.flatMap((a) => [a.key, ...fromType(a.type)])]);
      default: return [];
    }
  };
  return block.members.flatMap((m) => (m.kind === 'block' ? [m.name, ...schemaNames(m)] : [m.key, ...fromType(m.type)]));
}

test('both manuals mention every key, function, value and diagnostic code', () => {
  for (const locale of ['en', 'zh-cn'] as const) {
    const doc = renderLanguageReference(locale);
    for (const name of [...schemaNames(SCHEMA.model), ...Object.keys(DIAGNOSTIC_CODES)]) {
      assert.ok(doc.includes(`\`${name}`), `the ${locale} manual does not mention \`${name}\``);
    }
  }
});

test('the Chinese manual shows every Chinese doc of the schema, and no English one', () => {
  const zh = renderLanguageReference('zh-cn');
  for (const { where, doc } of schemaDocs()) {
    assert.ok(zh.includes(doc.zh), `docs/language.zh-CN.md lacks the Chinese doc of ${where}`);
    assert.ok(!zh.includes(doc.en), `docs/language.zh-CN.md shows the English doc of ${where}`);
  }
});

test('every schema entry has a Chinese doc: Chinese text, keeping the code of its English doc', () => {
  const han = /\p{Script=Han}/u;
  const codeSpans = (text: string) => (text.match(/`[^`]*`/g) ?? []).sort();
  for (const { where, doc } of schemaDocs()) {
    assert.ok(han.test(doc.zh), `${where}: the Chinese doc "${doc.zh}" has no Chinese in it`);
    assert.notEqual(doc.zh, doc.en, `${where}: the Chinese doc is the English one`);
    assert.deepEqual(codeSpans(doc.zh), codeSpans(doc.en), `${where}: the Chinese doc must keep the English doc's \`code\` as it is`);
  }
});

test('docText answers in the process locale: English, Chinese, or the English in pseudo-locale markers', () => {
  const doc = schemaDocs().find((d) => d.where === 'hidden.cell')!.doc;
  try {
    assert.equal(docText(doc), doc.en);
    useLocale('zh-cn');
    assert.equal(docText(doc), doc.zh);
    useLocale('qps-ploc');
    assert.equal(docText(doc), `⟦${doc.en}⟧`);
  } finally {
    useLocale('en');
  }
});
