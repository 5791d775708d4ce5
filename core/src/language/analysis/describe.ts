// Markdown documentation of schema entries, shared by hover and completion
// (and any other editor front end). Everything shown comes from the schema.
import type {
  BlockSchema, EnumValue, FunctionSchema, NumericBounds, PropertySchema, ValueType,
} from '../schema/types';
import { t } from '../../shared';
import { docText, inferredText } from '../schema/doc-text';
import { memberName } from './schema-lookup';

/** "a and b and c": each pair joined by the translated "and" (word order is the translation's). */
export function allOf(parts: string[]): string {
  return parts.length ? parts.reduce((joined, part) => t('{0} and {1}', joined, part)) : '';
}

/** "a or b or c". */
export function eitherOf(parts: string[]): string {
  return parts.length ? parts.reduce((joined, part) => t('{0} or {1}', joined, part)) : '';
}

/** Bounds in symbols, e.g. "≥ 0 and < 1". */
export function boundsText(b: NumericBounds): string {
  const parts: string[] = [];
  if (b.min !== undefined) parts.push(`≥ ${b.min}`);
  if (b.greaterThan !== undefined) parts.push(`> ${b.greaterThan}`);
  if (b.max !== undefined) parts.push(`≤ ${b.max}`);
  if (b.lessThan !== undefined) parts.push(`< ${b.lessThan}`);
  return allOf(parts);
}

/** A short human description of a value type, e.g. "integer ≥ 1" or "one of `lstm`, `gru`". */
export function typeText(type: ValueType): string {
  switch (type.kind) {
    case 'integer':
    case 'number': {
      const bounds = boundsText(type);
      if (type.kind === 'integer') return bounds ? t('integer {0}', bounds) : t('integer');
      return bounds ? t('number {0}', bounds) : t('number');
    }
    case 'string':
      return type.format === 'path' ? t('file path (string, relative to the .rnn file)') : t('string');
    case 'boolean':
      return t('`true` or `false`');
    case 'enum':
      return t('one of {0}', type.values.map((v) => `\`${v.name}\``).join(', '));
    case 'list': {
      const items = typeText(type.items);
      if (type.minItems && type.unique) return t('list of {0} (at least {1}, no repeats)', items, type.minItems);
      if (type.minItems) return t('list of {0} (at least {1})', items, type.minItems);
      if (type.unique) return t('list of {0} (no repeats)', items);
      return t('list of {0}', items);
    }
    case 'call':
      return t('call: {0}', type.functions.map((f) => `\`${f.name}(...)\``).join(', '));
    case 'union':
      return eitherOf(type.types.map(typeText));
  }
}

function valueText(value: unknown): string {
  return typeof value === 'string' && value === '' ? '`""`' : `\`${String(value)}\``;
}

/** The facts line of a property: type, default (or how it is inferred), usual range. */
export function propertyFacts(p: PropertySchema): string[] {
  const lines = [t('Type: {0}', typeText(p.type))];
  if (p.required) lines.push(t('Required.'));
  if (p.default !== undefined) lines.push(t('Default: {0}', valueText(p.default)));
  else if (p.inferred) lines.push(t('Default: {0}', inferredText(p.inferred)));
  if (p.usual) lines.push(t('Usual range: {0}', boundsText(p.usual)));
  if (p.conflictsWith?.length) lines.push(t('Not together with: {0}', p.conflictsWith.map((k) => `\`${k}\``).join(', ')));
  return lines;
}

export function describeProperty(p: PropertySchema, owner?: string): string {
  const title = owner ? t('**{0}** (in `{1}`)', p.key, owner) : `**${p.key}**`;
  return [`${title} — ${docText(p.doc)}`, propertyFacts(p).join('  \n')].join('\n\n');
}

export function describeBlock(b: BlockSchema): string {
  const members = b.members.map((m) => `\`${memberName(m)}\``).join(', ');
  const title = b.required ? t('**{0}** block (required)', b.name) : t('**{0}** block', b.name);
  return [`${title} — ${docText(b.doc)}`, t('Members: {0}', members)].join('\n\n');
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
  const args = f.args.map((a) => {
    const name = a.required ? t('`{0}` (required)', a.key) : `\`${a.key}\``;
    const type = a.default !== undefined ? t('{0}, default {1}', typeText(a.type), valueText(a.default)) : typeText(a.type);
    return `- ${name}: ${docText(a.doc)} — ${type}`;
  });
  return [`\`\`\`rnn\n${signature(f)}\n\`\`\``, docText(f.doc), args.join('\n')].filter(Boolean).join('\n\n');
}
