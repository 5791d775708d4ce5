// Generates core/src/shared/spec.generated.ts, the TypeScript types of a
// checked model's members, from the schema: every block, key, value type and
// enum is declared once, in the schema, and the types follow. The ground
// floor (core/src/shared) cannot import the language, so the types are
// written out rather than derived. test/unit/spec-types.test.ts fails when
// the committed file drifts from this output: run `npm run docs` after
// changing the schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA } from '../core/src/language';
import type { BlockSchema, FunctionSchema, PropertySchema, ValueType } from '../core/src/language';

const HEADER = `// Generated from the schema (core/src/language/schema/schema.ts) by
// scripts/gen-spec-types.ts: do not edit. Run \`npm run docs\` after a schema change.
// The types of a checked model's members; spec.ts adds what the checker adds.
`;

/** The name of the interface of the model's own members. */
export const MODEL_MEMBERS_TYPE = 'ModelMembersSpec';

/**
 * Whether a checked spec always has the property: the resolver fills in a
 * default, a `defaultFrom` or `sameAs` value, and the checker what it infers;
 * a required property is there because the model checked. Any other property
 * is there only when the source gives it.
 */
export function inCheckedSpec(property: PropertySchema): boolean {
  return Boolean(property.required || property.default !== undefined || property.defaultFrom || property.sameAs || property.checkerInfers);
}

const pascal = (name: string) => name.replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
const quote = (name: string) => `'${name}'`;

function docComment(doc: string, indent: string): string {
  if (doc.includes('*/')) throw new Error(`gen-spec-types: a doc contains "*/": ${doc}`);
  return `${indent}/** ${doc.replace(/\s*\n\s*/g, ' ')} */\n`;
}

class SpecTypesWriter {
  private readonly declarations = new Map<string, string>();

  render(): string {
    this.block(SCHEMA.model, MODEL_MEMBERS_TYPE);
    return [HEADER, ...this.declarations.values()].join('\n');
  }

  /** Declares `name` once; a second schema entry with the same type name must declare the same type. */
  private declare(name: string, text: string) {
    const known = this.declarations.get(name);
    if (known !== undefined && known !== text) throw new Error(`gen-spec-types: two different types are named ${name}`);
    this.declarations.set(name, text);
  }

  private block(block: BlockSchema, name: string): string {
    const fields = block.members.map((member) => {
      if (member.kind === 'block') return `${docComment(member.doc.en, '  ')}  ${member.name}: ${this.block(member, `${pascal(member.name)}Spec`)};\n`;
      return this.field(member);
    });
    this.declare(name, `${docComment(block.doc.en, '')}export interface ${name} {\n${fields.join('')}}\n`);
    return name;
  }

  private field(property: PropertySchema): string {
    const optional = inCheckedSpec(property) ? '' : '?';
    return `${docComment(property.doc.en, '  ')}  ${property.key}${optional}: ${this.type(property.type)};\n`;
  }

  private type(type: ValueType): string {
    switch (type.kind) {
      case 'integer':
      case 'number': return 'number';
      case 'string': return 'string';
      case 'boolean': return 'boolean';
      case 'enum': {
        const union = type.values.map((v) => quote(v.name)).join(' | ');
        if (!type.typeName) return union;
        this.declare(type.typeName, `export type ${type.typeName} = ${union};\n`);
        return type.typeName;
      }
      case 'list': {
        const items = this.type(type.items);
        return /[|&]/.test(items) ? `(${items})[]` : `${items}[]`;
      }
      case 'union': return type.types.map((t) => this.type(t)).join(' | ');
      case 'call': {
        const calls = type.functions.map((fn) => `{ fn: ${quote(fn.name)}; args: ${this.args(fn)} }`);
        if (!type.typeName) return calls.join(' | ');
        this.declare(type.typeName, `export type ${type.typeName} =\n${calls.map((c) => `  | ${c}`).join('\n')};\n`);
        return type.typeName;
      }
    }
  }

  /** A function's arguments as an interface named after it, e.g. `AdamArgs`. */
  private args(fn: FunctionSchema): string {
    const name = `${pascal(fn.name)}Args`;
    this.declare(name, `${docComment(`The arguments of \`${fn.name}(...)\`.`, '')}export interface ${name} {\n${fn.args.map((a) => this.field(a)).join('')}}\n`);
    return name;
  }
}

export function renderSpecTypes(): string {
  return new SpecTypesWriter().render();
}

export const SPEC_TYPES_PATH = join(__dirname, '..', 'core', 'src', 'shared', 'spec.generated.ts');

if (process.argv[1]?.endsWith('gen-spec-types.ts')) {
  writeFileSync(SPEC_TYPES_PATH, renderSpecTypes());
}
