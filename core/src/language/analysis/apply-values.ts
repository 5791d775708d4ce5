// "Use these settings": the edits that give a model of a spec text the values
// of a saved run, key by key where they differ, keeping the rest of the text
// (comments, layout, values that already agree) as it is. Which syntax a value
// needs (a quoted string, a bare identifier, a call, a list) comes from the
// schema, so no key is named here.
import type { Fix } from '../../shared';
import { insertMemberEdit } from '../check/edits';
import { callDefaults } from '../schema/defaults';
import type { PropertySchema, ValueType } from '../schema/types';
import { parse } from '../syntax/parser';
import { LineIndex } from '../syntax/positions';
import type { Block, CallValue, Member, ModelDecl, Property } from '../syntax/ast';
import { blockAtPath, findFunction, listItemType } from './schema-lookup';
import { runSpecValues, type SpecValues } from './spec-values';

type Edit = Fix['edits'][number];

/**
 * Edits to `source` after which model `model` has `values` (flattened block
 * paths, as flattenSpec gives them) wherever they differ from its own. Keys
 * the schema does not know are left out. Empty when the model is not there.
 */
export function applyValuesEdits(source: string, model: string, values: SpecValues): Edit[] {
  const decl = parse(source).file.models.find((m) => m.name?.name === model);
  const current = runSpecValues({ model, specSource: source });
  if (!decl || !current) return [];
  const lines = new LineIndex(source);
  const differs = (key: string) => key in values && JSON.stringify(values[key]) !== JSON.stringify(current[key]);
  const edits: Edit[] = [];
  /** New members per container, inserted together so that they land in order. */
  const inserts = new Map<ModelDecl | Block, string[]>();
  const insert = (container: ModelDecl | Block, text: string) => inserts.set(container, [...(inserts.get(container) ?? []), text]);

  for (const member of blockAtPath([])!.members) {
    if (member.kind === 'block') {
      const keys = member.members.filter((p): p is PropertySchema => p.kind === 'property' && differs(`${member.name}.${p.key}`));
      if (keys.length === 0) continue;
      const block = decl.members.find((m): m is Block => m.kind === 'block' && m.name.name === member.name);
      const texts = keys.map((p) => `${p.key}: ${valueSource(values[`${member.name}.${p.key}`], p.type)}`);
      if (!block) {
        insert(decl, `${member.name} {\n${texts.map((text) => `\t${text}`).join('\n')}\n}`);
        continue;
      }
      for (const [i, p] of keys.entries()) {
        const written = propertyOf(block.members, p.key);
        if (written?.value) edits.push({ range: written.value.range, newText: valueSource(values[`${member.name}.${p.key}`], p.type) });
        else insert(block, texts[i]);
      }
      continue;
    }
    if (member.type.kind === 'call') {
      const text = callEdit(member, decl, values, differs, lines);
      if (text) edits.push(...text.edits);
      if (text?.insert) insert(decl, text.insert);
      continue;
    }
    if (!differs(member.key)) continue;
    const written = propertyOf(decl.members, member.key);
    const text = valueSource(values[member.key], member.type);
    if (written?.value) edits.push({ range: written.value.range, newText: text });
    else insert(decl, `${member.key}: ${text}`);
  }
  for (const [container, texts] of inserts) {
    // Members of a block written on one line are separated by commas; on lines of their own, by the line breaks.
    const last = container.members.at(-1);
    const oneLine = last ? last.range.end.line === container.bodyRange.end.line : container.bodyRange.start.line === container.bodyRange.end.line;
    const edit = insertMemberEdit(lines, container, texts.join(oneLine ? ', ' : '\n'));
    if (edit) edits.push(edit);
  }
  return edits;
}

/** A call-valued property (`optimizer: adam(lr: 0.01)`): its function and its arguments. */
function callEdit(
  property: PropertySchema, decl: ModelDecl, values: SpecValues, differs: (key: string) => boolean, lines: LineIndex,
): { edits: Edit[]; insert?: string } | undefined {
  const key = property.key;
  const fnName = values[key];
  if (typeof fnName !== 'string') return undefined;
  const fn = findFunction(property.type, fnName);
  if (!fn) return undefined;
  const changedArgs = fn.args.filter((arg) => differs(`${key}.${arg.key}`));
  if (!differs(key) && changedArgs.length === 0) return undefined;
  const written = propertyOf(decl.members, key);
  if (differs(key) || !written?.value) {
    // Another function (or none written): the whole call, with the arguments that are not its defaults.
    const defaults = callDefaults(key, fnName);
    const args = fn.args.filter((arg) => `${key}.${arg.key}` in values && JSON.stringify(values[`${key}.${arg.key}`]) !== JSON.stringify(defaults[arg.key]));
    const call = args.length === 0 ? fnName : `${fnName}(${args.map((arg) => `${arg.key}: ${valueSource(values[`${key}.${arg.key}`], arg.type)}`).join(', ')})`;
    return written?.value ? { edits: [{ range: written.value.range, newText: call }] } : { edits: [], insert: `${key}: ${call}` };
  }
  const value = written.value;
  const argText = (arg: PropertySchema) => `${arg.key}: ${valueSource(values[`${key}.${arg.key}`], arg.type)}`;
  if (value.kind !== 'call') {
    // A bare name (`optimizer: adam`) becomes a call with the arguments that differ.
    return { edits: [{ range: value.range, newText: `${fnName}(${changedArgs.map(argText).join(', ')})` }] };
  }
  const edits: Edit[] = [];
  const added: string[] = [];
  for (const arg of changedArgs) {
    const given = value.args.find((a) => a.key.name === arg.key);
    if (given?.value) edits.push({ range: given.value.range, newText: valueSource(values[`${key}.${arg.key}`], arg.type) });
    else added.push(argText(arg));
  }
  if (added.length > 0) edits.push(appendArguments(value, added, lines));
  return { edits };
}

function appendArguments(call: CallValue, args: string[], lines: LineIndex): Edit {
  const last = call.args.at(-1);
  const at = last ? last.range.end.offset : call.argsRange.start.offset + 1;
  return { range: lines.range(at, at), newText: `${last ? ', ' : ''}${args.join(', ')}` };
}

function propertyOf(members: readonly Member[], key: string): Property | undefined {
  return members.find((m): m is Property => m.kind === 'property' && m.key.name === key);
}

/** A JSON value as the language writes it for a property of `type`. */
export function valueSource(value: unknown, type: ValueType): string {
  if (Array.isArray(value)) {
    const items = listItemType(type) ?? type;
    return `[${value.map((item) => valueSource(item, items)).join(', ')}]`;
  }
  if (typeof value === 'string') return acceptsIdentifier(type, value) ? value : JSON.stringify(value);
  return String(value);
}

/** Whether `type` takes `name` unquoted: one of its enum values or functions. */
function acceptsIdentifier(type: ValueType, name: string): boolean {
  switch (type.kind) {
    case 'enum': return type.values.some((v) => v.name === name);
    case 'call': return type.functions.some((f) => f.name === name);
    case 'union': return type.types.some((t) => acceptsIdentifier(t, name));
    case 'list': return acceptsIdentifier(type.items, name);
    default: return false;
  }
}

