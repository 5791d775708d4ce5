// Navigation through the schema for editor features: which block schema
// belongs to a path of block names, which functions or enum values a value
// type admits. It only reads SCHEMA; it holds no knowledge of its own.
import { SCHEMA } from '../schema/schema';
import { namesAllowedBy } from '../schema/facts';
import type {
  BlockSchema, EnumValue, FunctionSchema, MemberSchema, PropertySchema, ValueType,
} from '../schema/types';

export function findMember(block: BlockSchema, name: string): MemberSchema | undefined {
  return block.members.find((m) => (m.kind === 'block' ? m.name : m.key) === name);
}

export function memberName(member: MemberSchema): string {
  return member.kind === 'block' ? member.name : member.key;
}

/** The schema of the block reached by `path`, a list of block names below `model` (empty: the model itself). */
export function blockAtPath(path: readonly string[]): BlockSchema | undefined {
  let block: BlockSchema = SCHEMA.model;
  for (const name of path) {
    const next = findMember(block, name);
    if (!next || next.kind !== 'block') return undefined;
    block = next;
  }
  return block;
}

/** The property schema of `key` inside the block at `path`. */
export function propertyAt(path: readonly string[], key: string): PropertySchema | undefined {
  const block = blockAtPath(path);
  const member = block && findMember(block, key);
  return member?.kind === 'property' ? member : undefined;
}

/** The value types a type stands for: a union is flattened, everything else is itself. */
function alternatives(type: ValueType): ValueType[] {
  return type.kind === 'union' ? type.types.flatMap(alternatives) : [type];
}

/** Callable functions (data sources, optimizers) a value of this type may call. */
export function functionsOf(type: ValueType): FunctionSchema[] {
  return alternatives(type).flatMap((t) => (t.kind === 'call' ? t.functions : []));
}

export function findFunction(type: ValueType, name: string): FunctionSchema | undefined {
  return functionsOf(type).find((f) => f.name === name);
}

/** Identifiers a value of this type may be: enum values and booleans are not included (see `keywordValuesOf`). */
export function enumValuesOf(type: ValueType): EnumValue[] {
  return alternatives(type).flatMap((t) => (t.kind === 'enum' ? t.values : []));
}

export function findEnumValue(type: ValueType, name: string): EnumValue | undefined {
  return enumValuesOf(type).find((v) => v.name === name);
}

export function isBooleanType(type: ValueType): boolean {
  return alternatives(type).some((t) => t.kind === 'boolean');
}

/** The item type of a list type (or of the list alternative of a union). */
export function listItemType(type: ValueType): ValueType | undefined {
  for (const t of alternatives(type)) if (t.kind === 'list') return t.items;
  return undefined;
}

export function isPathType(type: ValueType): boolean {
  return alternatives(type).some((t) => t.kind === 'string' && t.format === 'path');
}

/** A CSV column name, or a list of them. */
export function isColumnType(type: ValueType): boolean {
  const item = listItemType(type);
  return alternatives(item ?? type).some((t) => t.kind === 'string' && t.format === 'column');
}

/** The schema of the property or named argument a value slot stands for. */
export function slotProperty(slot: { path: readonly string[]; key: string; argument?: { callee: string; key: string } }): PropertySchema | undefined {
  const property = propertyAt(slot.path, slot.key);
  if (!property || !slot.argument) return property;
  return findFunction(property.type, slot.argument.callee)?.args.find((a) => a.key === slot.argument!.key);
}

/**
 * The values other properties of a block allow for `key`: for each sibling
 * enum property, the chosen value (or its default) may carry a fact named
 * `key` (see `namesAllowedBy`). Undefined when nothing restricts `key`.
 */
export function restrictedBySiblings(path: readonly string[], key: string, siblings: Record<string, string>): string[] | undefined {
  const block = blockAtPath(path);
  for (const member of block?.members ?? []) {
    if (member.kind !== 'property' || member.key === key) continue;
    const chosenName = siblings[member.key] ?? (typeof member.default === 'string' ? member.default : undefined);
    const allowed = chosenName === undefined ? undefined : namesAllowedBy(findEnumValue(member.type, chosenName), key);
    if (allowed) return allowed;
  }
  return undefined;
}
