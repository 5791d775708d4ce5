// The generic half of the checker: walks a model's members against the
// schema, reports unknown, duplicate, conflicting and missing members and
// every value of the wrong type or range, and resolves what is valid into a
// tree shaped like the schema with defaults filled in. It knows no key names:
// everything comes from SCHEMA.
import type { Block, CallValue, ListValue, Member, ModelDecl, Property, Range, Value } from '../syntax/ast';
import type { LineIndex } from '../syntax/positions';
import type {
  BlockSchema, FunctionSchema, MemberSchema, NumericBounds, PropertySchema, ValueType,
} from '../schema/types';
import { SCHEMA } from '../schema/schema';
import { eitherOf, typeText } from '../analysis/describe';
import { memberName } from '../analysis/schema-lookup';
import { t, type Fix } from '../../shared';
import { insertMemberEdit, removeListItemEdit, removeMemberEdit, replaceFix, snippetToText } from './edits';
import type { Reporter } from './reporter';
import { closestName, didYouMean } from './suggest';
import { blockLabel, modelLabel } from '../syntax/labels';

export interface ResolvedModel {
  decl: ModelDecl;
  /** Valid values and defaults as a tree shaped like the schema: blocks are objects, calls are { fn, args }. */
  tree: Record<string, unknown>;
  /** The same values by dotted path ('hidden.units', 'data', 'data.path'). */
  values: Map<string, unknown>;
  /** The source member (property, argument or block) behind each path that was written. */
  nodes: Map<string, Member>;
  /** Paths that are invalid or missing (and already reported): rules leave them alone. */
  invalid: Set<string>;
}

/** Where a list of members lives: for messages, codes and quick fixes. */
interface Container {
  /** e.g. "model `Sine`", "the block `hidden`", "`adam`". */
  label: string;
  /** Where a missing required member is reported. */
  anchor: Range;
  /** Set when the members are the arguments of a call. */
  call?: CallValue;
  block?: ModelDecl | Block;
  /** The block is not written at all: its required members are not reported one by one. */
  absent?: boolean;
}

type Checked = { ok: true; value: unknown } | { ok: false };
const INVALID: Checked = { ok: false };

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);
const keyOf = (member: Member) => (member.kind === 'block' ? member.name : member.key);
/** Names as code, e.g. "`lstm`, `gru`": a list of code reads the same in every language. */
const codeList = (names: string[]) => names.map((n) => `\`${n}\``).join(', ');
const changeTo = (range: Range, suggestion: string) => replaceFix(t('Change to `{0}`', suggestion), range, suggestion);

function boundsPhrase(bounds: NumericBounds): string {
  const parts: string[] = [];
  if (bounds.min !== undefined) parts.push(t('at least {0}', bounds.min));
  if (bounds.greaterThan !== undefined) parts.push(t('greater than {0}', bounds.greaterThan));
  if (bounds.max !== undefined) parts.push(t('at most {0}', bounds.max));
  if (bounds.lessThan !== undefined) parts.push(t('less than {0}', bounds.lessThan));
  // Not allOf: conditions in words join differently from symbols in some languages ("至少为 0 且小于 1").
  return parts.length ? parts.reduce((joined, part) => t({ message: '{0} and {1}', args: [joined, part], comment: ['conditions in words'] })) : '';
}

export function withinBounds(value: number, bounds: NumericBounds): boolean {
  return (bounds.min === undefined || value >= bounds.min)
    && (bounds.max === undefined || value <= bounds.max)
    && (bounds.greaterThan === undefined || value > bounds.greaterThan)
    && (bounds.lessThan === undefined || value < bounds.lessThan);
}

/** "integer ≥ 1" -> "an integer ≥ 1", for messages (the article is English grammar: other languages drop it). */
function withArticle(type: ValueType): string {
  const first = type.kind === 'union' ? type.types[0] : type;
  if (first.kind === 'integer') return t('an {0}', typeText(type));
  if (first.kind === 'enum' || first.kind === 'boolean') return typeText(type);
  return t('a {0}', typeText(type));
}

/** Whether a value's syntax can be of this type (unions pick the first such type). */
function fitsSyntax(value: Value, type: ValueType): boolean {
  switch (type.kind) {
    case 'integer':
    case 'number': return value.kind === 'number';
    case 'string': return value.kind === 'string';
    case 'boolean': return value.kind === 'boolean';
    case 'enum': return value.kind === 'identifier-value';
    case 'list': return value.kind === 'list';
    case 'call': return value.kind === 'call' || value.kind === 'identifier-value';
    case 'union': return type.types.some((t) => fitsSyntax(value, t));
  }
}

/** The value a default stands for: a call type's default names a function, used with all its defaults. */
function defaultValue(schema: PropertySchema): unknown {
  const type = schema.type;
  if (type.kind === 'call' && typeof schema.default === 'string') {
    const fn = type.functions.find((f) => f.name === schema.default);
    if (fn) return { fn: fn.name, args: Object.fromEntries(fn.args.filter((a) => a.default !== undefined).map((a) => [a.key, a.default])) };
  }
  return schema.default;
}

/** Text for a quick fix that inserts a missing required member. */
function memberTemplate(schema: MemberSchema): string | undefined {
  if (schema.kind === 'block') return schema.snippet ? snippetToText(schema.snippet) : `${schema.name} {\n}`;
  const value = schema.example ?? (schema.default !== undefined ? String(schema.default) : undefined);
  return value === undefined ? undefined : `${schema.key}: ${value}`;
}

export class ModelResolver {
  private readonly values = new Map<string, unknown>();
  private readonly nodes = new Map<string, Member>();
  private readonly invalid = new Set<string>();
  /** Absent properties whose value comes from another path, filled once everything is resolved. */
  private readonly derived: { owner: Record<string, unknown>; key: string; path: string; from: string }[] = [];
  /** Given properties that must equal another path. */
  private readonly sameAs: { path: string; from: string; property: Property }[] = [];

  constructor(private readonly reporter: Reporter, private readonly lines: LineIndex) {}

  resolve(decl: ModelDecl): ResolvedModel {
    const label = modelLabel(decl.name?.name);
    const tree = this.members(decl.members, SCHEMA.model.members, '', {
      label, anchor: decl.name?.range ?? decl.keyword, block: decl,
    });
    this.fillDerived();
    return { decl, tree, values: this.values, nodes: this.nodes, invalid: this.invalid };
  }

  /** The settings of a construct's block (e.g. `sweep`) checked against its own schema, defaults filled in. */
  settings(block: Block, members: Member[], schema: BlockSchema): Record<string, unknown> {
    return this.members(members, schema.members, '', { label: blockLabel(block.name.name), anchor: block.name.range, block });
  }

  private members(members: Member[], schemas: MemberSchema[], path: string, container: Container): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const seen = new Map<string, Member>();
    for (const member of members) {
      const key = keyOf(member);
      const schema = schemas.find((s) => memberName(s) === key.name);
      if (!schema) {
        this.reportUnknownMember(member, schemas, container);
        continue;
      }
      if (seen.has(key.name)) {
        this.reporter.error('duplicate-key', key.range,
          t('`{0}` is already given in {1}', key.name, container.label),
          [{ title: t('Remove the second `{0}`', key.name), edits: [removeMemberEdit(this.lines, member)] }],
          [{ range: keyOf(seen.get(key.name)!).range, message: t('first given here') }]);
        continue;
      }
      seen.set(key.name, member);
      const memberPath = join(path, key.name);
      this.nodes.set(memberPath, member);
      const value = this.member(member, schema, memberPath, container);
      if (value.ok) {
        result[key.name] = value.value;
        this.values.set(memberPath, value.value);
      } else {
        this.invalid.add(memberPath);
      }
    }
    this.reportConflicts(schemas, seen, container, path, result);
    this.fillAbsent(schemas, seen, path, container, result);
    return result;
  }

  private member(member: Member, schema: MemberSchema, path: string, container: Container): Checked {
    const key = keyOf(member);
    if (schema.kind === 'block') {
      if (member.kind !== 'block') {
        this.reporter.error('type-mismatch', key.range, t('`{0}` is a block: write `{0} { ... }`', key.name));
        return INVALID;
      }
      const label = blockLabel(key.name);
      return { ok: true, value: this.members(member.members, schema.members, path, { label, anchor: key.range, block: member }) };
    }
    if (member.kind === 'block') {
      this.reporter.error('type-mismatch', key.range, t('`{0}` is a property, not a block: write `{0}: value`', key.name));
      return INVALID;
    }
    // A missing value was reported by the parser.
    if (!member.value) return INVALID;
    const label = container.call ? `\`${container.call.callee.name}(${key.name})\`` : `\`${key.name}\``;
    const checked = this.value(member.value, schema.type, path, label);
    if (checked.ok) {
      this.warnUnusual(member.value, checked.value, schema, container);
      if (schema.sameAs) this.sameAs.push({ path, from: schema.sameAs, property: member });
    }
    return checked;
  }

  private reportUnknownMember(member: Member, schemas: MemberSchema[], container: Container) {
    const key = keyOf(member);
    const names = schemas.map(memberName);
    const suggestion = closestName(key.name, names);
    const fixes: Fix[] = suggestion ? [changeTo(key.range, suggestion)] : [];
    if (container.call) {
      const message = t('`{0}` has no argument `{1}`', container.call.callee.name, key.name);
      const known = names.length ? t('{0} (it takes {1})', message, codeList(names)) : t('{0} (it takes no arguments)', message);
      this.reporter.error('unknown-argument', key.range, suggestion ? didYouMean(message, suggestion) : known, fixes);
    } else {
      // `units` written at the top of a model belongs in a block: say which.
      const homes = schemas.filter((s): s is BlockSchema => s.kind === 'block' && s.members.some((m) => memberName(m) === key.name));
      const message = didYouMean(t('unknown key `{0}` in {1}', key.name, container.label), suggestion);
      const hinted = !suggestion && homes.length ? t('{0}: it belongs in {1}', message, eitherOf(homes.map((b) => `\`${b.name} { ... }\``))) : message;
      this.reporter.error('unknown-key', key.range, hinted, fixes);
    }
  }

  private reportConflicts(schemas: MemberSchema[], seen: Map<string, Member>, container: Container, path: string, result: Record<string, unknown>) {
    for (const schema of schemas) {
      if (schema.kind !== 'property' || !schema.conflictsWith || !seen.has(schema.key)) continue;
      const member = seen.get(schema.key)!;
      for (const other of schema.conflictsWith) {
        const otherMember = seen.get(other);
        // Report each pair once, on the later of the two.
        if (!otherMember || otherMember.range.start.offset > member.range.start.offset) continue;
        this.reporter.error('conflicting-keys', keyOf(member).range,
          t('`{0}` and `{1}` cannot be given together in {2}', schema.key, other, container.label),
          [{ title: t('Remove `{0}`', schema.key), edits: [removeMemberEdit(this.lines, member)] }],
          [{ range: keyOf(otherMember).range, message: t('`{0}` is given here', other) }]);
        const memberPath = join(path, schema.key);
        this.invalid.add(memberPath);
        this.values.delete(memberPath);
        delete result[schema.key];
      }
    }
  }

  /** Missing members: required ones are reported, the others take their default. */
  private fillAbsent(schemas: MemberSchema[], seen: Map<string, Member>, path: string, container: Container, result: Record<string, unknown>) {
    for (const schema of schemas) {
      const name = memberName(schema);
      if (seen.has(name)) continue;
      const memberPath = join(path, name);
      if (schema.required) {
        this.invalid.add(memberPath);
        if (!container.absent) this.reportMissing(schema, container);
      }
      if (schema.kind === 'block') {
        const value = this.members([], schema.members, memberPath, { label: blockLabel(name), anchor: container.anchor, absent: true });
        result[name] = value;
        this.values.set(memberPath, value);
      } else if (schema.default !== undefined) {
        result[name] = defaultValue(schema);
        this.values.set(memberPath, result[name]);
      } else if (schema.defaultFrom ?? schema.sameAs) {
        this.derived.push({ owner: result, key: name, path: memberPath, from: (schema.defaultFrom ?? schema.sameAs)! });
      }
    }
  }

  private reportMissing(schema: MemberSchema, container: Container) {
    const name = memberName(schema);
    const template = memberTemplate(schema);
    const edit = template === undefined ? undefined
      : container.call ? this.insertArgumentEdit(container.call, template)
      : container.block ? insertMemberEdit(this.lines, container.block, template)
      : undefined;
    const fixes = edit ? [{ title: t('Add `{0}`', name), edits: [edit] }] : [];
    const message = container.call
      ? t('`{0}` needs the argument `{1}`', container.call.callee.name, name)
      : schema.kind === 'block'
        ? t('{0} is missing the block `{1} { ... }` (required)', container.label, name)
        : t('{0} is missing `{1}` (required)', container.label, name);
    this.reporter.error('missing-required', container.anchor, message, fixes);
  }

  private insertArgumentEdit(call: CallValue, template: string) {
    const close = call.argsRange.end.offset - 1;
    if (this.lines.text[close] !== ')') return undefined;
    const last = call.args[call.args.length - 1];
    const at = last ? last.range.end.offset : close;
    return { range: this.lines.range(at, at), newText: last ? `, ${template}` : template };
  }

  private warnUnusual(node: Value, value: unknown, schema: PropertySchema, container: Container) {
    if (!schema.usual || typeof value !== 'number' || withinBounds(value, schema.usual)) return;
    const outside = container.call
      ? t('`{0}` {1} is outside the usual range for `{2}` ({3})', schema.key, value, container.call.callee.name, boundsPhrase(schema.usual))
      : t('`{0}` {1} is outside the usual range ({2})', schema.key, value, boundsPhrase(schema.usual));
    this.reporter.warning('unusual-learning-rate', node.range, value > (schema.usual.max ?? Infinity)
      ? t('{0}: training may diverge', outside)
      : t('{0}: training may barely move', outside));
  }

  // ------------------------------------------------------------ values

  private value(value: Value, type: ValueType, path: string, label: string): Checked {
    switch (type.kind) {
      case 'union': {
        const chosen = type.types.find((t) => fitsSyntax(value, t));
        return chosen ? this.value(value, chosen, path, label) : this.mismatch(value, type, label);
      }
      case 'integer':
      case 'number':
        return this.number(value, type, label);
      case 'string':
        if (value.kind === 'string') return { ok: true, value: value.value };
        return this.mismatch(value, type, label, value.kind === 'identifier-value'
          ? [replaceFix(t('Quote it: "{0}"', value.name), value.range, JSON.stringify(value.name))] : []);
      case 'boolean':
        return value.kind === 'boolean' ? { ok: true, value: value.value } : this.mismatch(value, type, label);
      case 'enum':
        return this.enumValue(value, type.values.map((v) => v.name), label, type);
      case 'list':
        return this.list(value, type, path, label);
      case 'call':
        return this.call(value, type.functions, path, label, type);
    }
  }

  private mismatch(value: Value, type: ValueType, label: string, fixes: Fix[] = []): Checked {
    this.reporter.error('type-mismatch', value.range, t('{0} must be {1}, not {2}', label, withArticle(type), this.describeValue(value)), fixes);
    return INVALID;
  }

  private describeValue(value: Value): string {
    switch (value.kind) {
      case 'number': return t('the number {0}', value.text);
      case 'string': return t('a string');
      case 'boolean': return `\`${value.value}\``;
      case 'identifier-value': return t('the identifier `{0}`', value.name);
      case 'list': return t('a list');
      case 'call': return t('a call of `{0}`', value.callee.name);
    }
  }

  private number(value: Value, type: ValueType & NumericBounds & { kind: 'integer' | 'number' }, label: string): Checked {
    if (value.kind !== 'number') return this.mismatch(value, type, label);
    if (!Number.isFinite(value.value)) {
      this.reporter.error('out-of-range', value.range, t('{0}: {1} is too large to be a number', label, value.text));
      return INVALID;
    }
    if (type.kind === 'integer' && !Number.isInteger(value.value)) {
      const rounded = String(Math.round(value.value));
      this.reporter.error('not-an-integer', value.range, t('{0} must be a whole number, not {1}', label, value.text),
        [replaceFix(t('Change to {0}', rounded), value.range, rounded)]);
      return INVALID;
    }
    if (!withinBounds(value.value, type)) {
      this.reporter.error('out-of-range', value.range,
        t({ message: '{0} must be {1}, not {2}', args: [label, boundsPhrase(type), value.text], comment: ['{1} is a range, e.g. "at least 0 and less than 1"'] }));
      return INVALID;
    }
    return { ok: true, value: value.value };
  }

  private enumValue(value: Value, names: string[], label: string, type: ValueType): Checked {
    if (value.kind === 'identifier-value') {
      if (names.includes(value.name)) return { ok: true, value: value.name };
      const suggestion = closestName(value.name, names);
      const message = t('unknown value `{0}` for {1}', value.name, label);
      const choices = names.length <= 8 ? t('{0} (expected {1})', message, typeText(type)) : message;
      this.reporter.error('unknown-value', value.range, suggestion ? didYouMean(message, suggestion) : choices,
        suggestion ? [changeTo(value.range, suggestion)] : []);
      return INVALID;
    }
    if (value.kind === 'string' && names.includes(value.value)) {
      return this.mismatch(value, type, label, [replaceFix(t('Remove the quotes: {0}', value.value), value.range, value.value)]);
    }
    return this.mismatch(value, type, label);
  }

  private list(value: Value, type: ValueType & { kind: 'list' }, path: string, label: string): Checked {
    if (value.kind !== 'list') {
      const text = this.lines.text.slice(value.range.start.offset, value.range.end.offset);
      const wrap = fitsSyntax(value, type.items) ? [replaceFix(t('Make it a list: [{0}]', text), value.range, `[${text}]`)] : [];
      return this.mismatch(value, type, label, wrap);
    }
    let ok = true;
    const items: unknown[] = [];
    value.items.forEach((item) => {
      const checked = this.value(item, type.items, path, t('an item of {0}', label));
      if (checked.ok) items.push(checked.value);
      else ok = false;
    });
    if (type.minItems !== undefined && value.items.length < type.minItems) {
      this.reporter.error('empty-list', value.range, type.minItems === 1
        ? t('{0} needs at least 1 item', label)
        : t('{0} needs at least {1} items', label, type.minItems));
      ok = false;
    }
    if (type.unique) ok = this.reportRepeats(value, label) && ok;
    return ok ? { ok: true, value: items } : INVALID;
  }

  private reportRepeats(list: ListValue, label: string): boolean {
    const firsts = new Map<string, Value>();
    let ok = true;
    list.items.forEach((item, index) => {
      const text = this.lines.text.slice(item.range.start.offset, item.range.end.offset);
      const first = firsts.get(text);
      if (!first) {
        firsts.set(text, item);
        return;
      }
      ok = false;
      this.reporter.error('duplicate-item', item.range, t('`{0}` appears twice in {1}', text, label),
        [{ title: t('Remove the repeated `{0}`', text), edits: [removeListItemEdit(this.lines, list.items, index)] }],
        [{ range: first.range, message: t('first listed here') }]);
    });
    return ok;
  }

  private call(value: Value, functions: FunctionSchema[], path: string, label: string, type: ValueType): Checked {
    if (value.kind !== 'call' && value.kind !== 'identifier-value') return this.mismatch(value, type, label);
    const nameNode = value.kind === 'call' ? value.callee : value;
    const fn = functions.find((f) => f.name === nameNode.name);
    if (!fn) {
      const names = functions.map((f) => f.name);
      const suggestion = closestName(nameNode.name, names);
      const message = t('unknown function `{0}` for {1}', nameNode.name, label);
      this.reporter.error('unknown-function', nameNode.range,
        suggestion ? didYouMean(message, suggestion) : t('{0} (expected one of {1})', message, codeList(names)),
        suggestion ? [changeTo(nameNode.range, suggestion)] : []);
      return INVALID;
    }
    const before = this.reporter.diagnostics.length;
    const container: Container = value.kind === 'call'
      ? { label: `\`${fn.name}\``, anchor: value.callee.range, call: value }
      : { label: `\`${fn.name}\``, anchor: value.range };
    if (value.kind === 'identifier-value') {
      const required = fn.args.filter((a) => a.required).map((a) => a.key);
      if (required.length) {
        const written = `${fn.name}(${required.map((k) => `${k}: ...`).join(', ')})`;
        this.reporter.error('missing-required', value.range, required.length > 1
          ? t('`{0}` needs the arguments {1}: write `{2}`', fn.name, codeList(required), written)
          : t('`{0}` needs the argument {1}: write `{2}`', fn.name, codeList(required), written));
        return INVALID;
      }
    }
    const args = this.members(value.kind === 'call' ? value.args : [], fn.args, path, container);
    const clean = !this.reporter.diagnostics.slice(before).some((d) => d.severity === 'error');
    return clean ? { ok: true, value: { fn: fn.name, args } } : INVALID;
  }

  // ------------------------------------------------------------ derived values

  private fillDerived() {
    for (const { owner, key, path, from } of this.derived) {
      const value = this.values.get(from);
      if (value === undefined) continue;
      owner[key] = value;
      this.values.set(path, value);
    }
    for (const { path, from, property } of this.sameAs) {
      const expected = this.values.get(from);
      const actual = this.values.get(path);
      if (expected === undefined || actual === undefined || expected === actual || !property.value) continue;
      this.reporter.error('timesteps-mismatch', property.value.range,
        t('`{0}` is {1} but `{2}` is {3}: they must be equal', property.key.name, String(actual), from, String(expected)),
        [replaceFix(t('Change to {0}', String(expected)), property.value.range, String(expected))]);
      this.invalid.add(path);
    }
  }
}
