import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LANGUAGE_DOC_PATH, renderLanguageReference } from '../../scripts/gen-docs';
import { SCHEMA } from '../../core/src/language/schema/schema';
import type { BlockSchema, ValueType } from '../../core/src/language/schema/types';
import { DIAGNOSTIC_CODES } from '../../core/src/shared/diagnostic';

test('docs/language.md is what the generator writes from the schema (run `npm run docs` after a schema change)', () => {
  assert.equal(readFileSync(LANGUAGE_DOC_PATH, 'utf8'), renderLanguageReference());
});

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

test('the manual mentions every key, function, value and diagnostic code', () => {
  const doc = renderLanguageReference();
  for (const name of [...schemaNames(SCHEMA.model), ...Object.keys(DIAGNOSTIC_CODES)]) {
    assert.ok(doc.includes(`\`${name}`), `docs/language.md does not mention \`${name}\``);
  }
});
