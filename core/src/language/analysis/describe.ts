// Markdown documentation of schema entries, shared by hover and completion
// (and any other editor front end). Everything shown comes from the schema.
import type {
  BlockSchema, EnumValue, FunctionSchema, NumericBounds, PropertySchema, ValueType,
} from '../schema/types';
import { docText, inferredText } from '../schema/doc-text';
import { memberName } from './schema-lookup';

export function boundsText(b: NumericBounds): string {
  const parts: string[] = [];
  if (b.min !== undefined) parts.push(`≥ ${b.min}`);
  if (b.greaterThan !== undefined) parts.push(`> ${b.greaterThan}`);
  if (b.max !== undefined) parts.push(`≤ ${b.max}`);
  if (b.lessThan !== undefined) parts.push(`< ${b.lessThan}`);
  return parts.join(' and ');
}

/** A short human description of a value type, e.g. "integer ≥ 1" or "one of `lstm`, `gru`". */
export function typeText(type: ValueType): string {
  switch (type.kind) {
    case 'integer':
    case 'number': {
      const bounds = boundsText(type);
      return bounds ? `${type.kind} ${bounds}` : type.kind;
    }
    case 'string':
      return type.format === 'path' ? 'file path (string, relative to the .rnn file)' : 'string';
    case 'boolean':
      return '`true` or `false`';
    case 'enum':
      return `one of ${type.values.map((v) => `\`${v.name}\``).join(', ')}`;
    case 'list': {
      const extra = [type.minItems ? `at least ${type.minItems}` : '', type.unique ? 'no repeats' : '']
        .filter(Boolean).join(', ');
      return `list of ${typeText(type.items)}${extra ? ` (${extra})` : ''}`;
    }
    case 'call':
      return `call: ${type.functions.map((f) => `\`${f.name}(...)\``).join(', ')}`;
    case 'union':
      return type.types.map(typeText).join(' or ');
  }
}

function valueText(value: unknown): string {
  return typeof value === 'string' && value === '' ? '`""`' : `\`${String(value)}\``;
}

/** The facts line of a property: type, default (or how it is inferred), usual range. */
export function propertyFacts(p: PropertySchema): string[] {
  const lines = [`Type: ${typeText(p.type)}`];
  if (p.required) lines.push('Required.');
  if (p.default !== undefined) lines.push(`Default: ${valueText(p.default)}`);
  else if (p.inferred) lines.push(`Default: ${inferredText(p.inferred)}`);
  if (p.usual) lines.push(`Usual range: ${boundsText(p.usual)}`);
  if (p.conflictsWith?.length) lines.push(`Not together with: ${p.conflictsWith.map((k) => `\`${k}\``).join(', ')}`);
  return lines;
}

export function describeProperty(p: PropertySchema, owner?: string): string {
  const title = owner ? `**${p.key}** (in \`${owner}\`)` : `**${p.key}**`;
  return [`${title} — ${docText(p.doc)}`, propertyFacts(p).join('  \n')].join('\n\n');
}

export function describeBlock(b: BlockSchema): string {
  const members = b.members.map((m) => `\`${memberName(m)}\``).join(', ');
  return [`**${b.name}** block${b.required ? ' (required)' : ''} — ${docText(b.doc)}`, `Members: ${members}`].join('\n\n');
}

export function describeEnumValue(v: EnumValue, key?: string): string {
  return key ? `\`${v.name}\` (${key}) — ${docText(v.doc)}` : `\`${v.name}\` — ${docText(v.doc)}`;
}

/** A function's signature line, e.g. `adam(lr: 0.001, beta1: 0.9, ...)`. */
export function signature(f: FunctionSchema): string {
  return signatureParts(f).label;
}

/** The signature line and where each argument sits in it ([start, end) offsets, in the order of `f.args`). */
export function signatureParts(f: FunctionSchema): { label: string; parameters: [number, number][] } {
  let label = `${f.name}(`;
  const parameters: [number, number][] = [];
  f.args.forEach((a, i) => {
    if (i > 0) label += ', ';
    const text = a.default !== undefined ? `${a.key}: ${String(a.default)}` : a.key;
    parameters.push([label.length, label.length + text.length]);
    label += text;
  });
  return { label: `${label})`, parameters };
}

export function describeFunction(f: FunctionSchema): string {
  const args = f.args.map((a) => `- \`${a.key}\`${a.required ? ' (required)' : ''}: ${docText(a.doc)} — ${typeText(a.type)}${
    a.default !== undefined ? `, default ${valueText(a.default)}` : ''}`);
  return [`\`\`\`rnn\n${signature(f)}\n\`\`\``, docText(f.doc), args.join('\n')].filter(Boolean).join('\n\n');
}
