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
import { typeText } from '../analysis/describe';
import { memberName } from '../analysis/schema-lookup';
import type { Fix } from '../../shared';
import { insertMemberEdit, removeListItemEdit, removeMemberEdit, replaceFix, snippetToText } from './edits';
import type { Reporter } from './reporter';
import { closestName, didYouMean } from './suggest';

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

function boundsPhrase(bounds: NumericBounds): string {
  const parts: string[] = [];
  if (bounds.min !== undefined) parts.push(`at least ${bounds.min}`);
  if (bounds.greaterThan !== undefined) parts.push(`greater than ${bounds.greaterThan}`);
  if (bounds.max !== undefined) parts.push(`at most ${bounds.max}`);
  if (bounds.lessThan !== undefined) parts.push(`less than ${bounds.lessThan}`);
  return parts.join(' and ');
}

export function withinBounds(value: number, bounds: NumericBounds): boolean {
  return (bounds.min === undefined || value >= bounds.min)
    && (bounds.max === undefined || value <= bounds.max)
    && (bounds.greaterThan === undefined || value > bounds.greaterThan)
    && (bounds.lessThan === undefined || value < bounds.lessThan);
}

/** "integer ≥ 1" -> "an integer ≥ 1", for messages. */
function withArticle(typeDescription: string): string {
  if (/^(integer)/.test(typeDescription)) return `an ${typeDescription}`;
  if (/^(list|number|string|file path|call)/.test(typeDescription)) return `a ${typeDescription}`;
  return typeDescription;
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
    const label = decl.name ? `model \`${decl.name.name}\`` : 'the model';
    const tree = this.members(decl.members, SCHEMA.model.members, '', {
      label, anchor: decl.name?.range ?? decl.keyword, block: decl,
    });
    this.fillDerived();
    return { decl, tree, values: this.values, nodes: this.nodes, invalid: this.invalid };
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
          `\`${key.name}\` is already given in ${container.label}`,
          [{ title: `Remove the second \`${key.name}\``, edits: [removeMemberEdit(this.lines, member)] }],
          [{ range: keyOf(seen.get(key.name)!).range, message: 'first given here' }]);
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
        this.reporter.error('type-mismatch', key.range, `\`${key.name}\` is a block: write \`${key.name} { ... }\``);
        return INVALID;
      }
      const label = `the block \`${key.name}\``;
      return { ok: true, value: this.members(member.members, schema.members, path, { label, anchor: key.range, block: member }) };
    }
    if (member.kind === 'block') {
      this.reporter.error('type-mismatch', key.range, `\`${key.name}\` is a property, not a block: write \`${key.name}: value\``);
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
    const fixes: Fix[] = suggestion ? [replaceFix(`Change to \`${suggestion}\``, key.range, suggestion)] : [];
    if (container.call) {
      const known = names.length ? ` (it takes ${names.map((n) => `\`${n}\``).join(', ')})` : ' (it takes no arguments)';
      this.reporter.error('unknown-argument', key.range,
        `\`${container.call.callee.name}\` has no argument \`${key.name}\`${suggestion ? didYouMean(suggestion) : known}`, fixes);
    } else {
      // `units` written at the top of a model belongs in a block: say which.
      const homes = schemas.filter((s): s is BlockSchema => s.kind === 'block' && s.members.some((m) => memberName(m) === key.name));
      const hint = !suggestion && homes.length ? `: it belongs in ${homes.map((b) => `\`${b.name} { ... }\``).join(' or ')}` : '';
      this.reporter.error('unknown-key', key.range, `unknown key \`${key.name}\` in ${container.label}${didYouMean(suggestion)}${hint}`, fixes);
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
          `\`${schema.key}\` and \`${other}\` cannot be given together in ${container.label}`,
          [{ title: `Remove \`${schema.key}\``, edits: [removeMemberEdit(this.lines, member)] }],
          [{ range: keyOf(otherMember).range, message: `\`${other}\` is given here` }]);
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
        const value = this.members([], schema.members, memberPath, { label: `the block \`${name}\``, anchor: container.anchor, absent: true });
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
    const fixes = edit ? [{ title: `Add \`${name}\``, edits: [edit] }] : [];
    const what = schema.kind === 'block' ? `the block \`${name} { ... }\`` : `\`${name}\``;
    const message = container.call
      ? `\`${container.call.callee.name}\` needs the argument \`${name}\``
      : `${container.label} is missing ${what} (required)`;
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
    const owner = container.call ? ` for \`${container.call.callee.name}\`` : '';
    this.reporter.warning('unusual-learning-rate', node.range,
      `\`${schema.key}\` ${value} is outside the usual range${owner} (${boundsPhrase(schema.usual)}): training may ${value > (schema.usual.max ?? Infinity) ? 'diverge' : 'barely move'}`);
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
          ? [replaceFix(`Quote it: "${value.name}"`, value.range, JSON.stringify(value.name))] : []);
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
    this.reporter.error('type-mismatch', value.range, `${label} must be ${withArticle(typeText(type))}, not ${this.describeValue(value)}`, fixes);
    return INVALID;
  }

  private describeValue(value: Value): string {
    switch (value.kind) {
      case 'number': return `the number ${value.text}`;
      case 'string': return 'a string';
      case 'boolean': return `\`${value.value}\``;
      case 'identifier-value': return `the identifier \`${value.name}\``;
      case 'list': return 'a list';
      case 'call': return `a call of \`${value.callee.name}\``;
    }
  }

  private number(value: Value, type: ValueType & NumericBounds & { kind: 'integer' | 'number' }, label: string): Checked {
    if (value.kind !== 'number') return this.mismatch(value, type, label);
    if (!Number.isFinite(value.value)) {
      this.reporter.error('out-of-range', value.range, `${label}: ${value.text} is too large to be a number`);
      return INVALID;
    }
    if (type.kind === 'integer' && !Number.isInteger(value.value)) {
      const rounded = String(Math.round(value.value));
      this.reporter.error('not-an-integer', value.range, `${label} must be a whole number, not ${value.text}`,
        [replaceFix(`Change to ${rounded}`, value.range, rounded)]);
      return INVALID;
    }
    if (!withinBounds(value.value, type)) {
      this.reporter.error('out-of-range', value.range, `${label} must be ${boundsPhrase(type)}, not ${value.text}`);
      return INVALID;
    }
    return { ok: true, value: value.value };
  }

  private enumValue(value: Value, names: string[], label: string, type: ValueType): Checked {
    if (value.kind === 'identifier-value') {
      if (names.includes(value.name)) return { ok: true, value: value.name };
      const suggestion = closestName(value.name, names);
      const choices = names.length <= 8 ? ` (expected ${typeText(type)})` : '';
      this.reporter.error('unknown-value', value.range,
        `unknown value \`${value.name}\` for ${label}${suggestion ? didYouMean(suggestion) : choices}`,
        suggestion ? [replaceFix(`Change to \`${suggestion}\``, value.range, suggestion)] : []);
      return INVALID;
    }
    if (value.kind === 'string' && names.includes(value.value)) {
      return this.mismatch(value, type, label, [replaceFix(`Remove the quotes: ${value.value}`, value.range, value.value)]);
    }
    return this.mismatch(value, type, label);
  }

  private list(value: Value, type: ValueType & { kind: 'list' }, path: string, label: string): Checked {
    if (value.kind !== 'list') {
      const text = this.lines.text.slice(value.range.start.offset, value.range.end.offset);
      const wrap = fitsSyntax(value, type.items) ? [replaceFix(`Make it a list: [${text}]`, value.range, `[${text}]`)] : [];
      return this.mismatch(value, type, label, wrap);
    }
    let ok = true;
    const items: unknown[] = [];
    value.items.forEach((item) => {
      const checked = this.value(item, type.items, path, `an item of ${label}`);
      if (checked.ok) items.push(checked.value);
      else ok = false;
    });
    if (type.minItems !== undefined && value.items.length < type.minItems) {
      this.reporter.error('empty-list', value.range, `${label} needs at least ${type.minItems} item${type.minItems === 1 ? '' : 's'}`);
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
      this.reporter.error('duplicate-item', item.range, `\`${text}\` appears twice in ${label}`,
        [{ title: `Remove the repeated \`${text}\``, edits: [removeListItemEdit(this.lines, list.items, index)] }],
        [{ range: first.range, message: 'first listed here' }]);
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
      this.reporter.error('unknown-function', nameNode.range,
        `unknown function \`${nameNode.name}\` for ${label}${suggestion ? didYouMean(suggestion) : ` (expected one of ${names.map((n) => `\`${n}\``).join(', ')})`}`,
        suggestion ? [replaceFix(`Change to \`${suggestion}\``, nameNode.range, suggestion)] : []);
      return INVALID;
    }
    const before = this.reporter.diagnostics.length;
    const container: Container = value.kind === 'call'
      ? { label: `\`${fn.name}\``, anchor: value.callee.range, call: value }
      : { label: `\`${fn.name}\``, anchor: value.range };
    if (value.kind === 'identifier-value') {
      const required = fn.args.filter((a) => a.required).map((a) => a.key);
      if (required.length) {
        this.reporter.error('missing-required', value.range, `\`${fn.name}\` needs the argument${required.length > 1 ? 's' : ''} ${required.map((k) => `\`${k}\``).join(', ')}: write \`${fn.name}(${required.map((k) => `${k}: ...`).join(', ')})\``);
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
        `\`${property.key.name}\` is ${String(actual)} but \`${from}\` is ${String(expected)}: they must be equal`,
        [replaceFix(`Change to ${String(expected)}`, property.value.range, String(expected))]);
      this.invalid.add(path);
    }
  }
}
