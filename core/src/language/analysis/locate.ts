// What is under a cursor: walks the syntax tree down to the innermost node
// that holds an offset and resolves it against the schema. Hover, go to
// definition and code actions read this; none of them walks the tree itself.
import type {
  Block, CallValue, Member, ModelDecl, Property, Range, RnnFile, Value,
} from '../syntax/ast';
import type {
  BlockSchema, FunctionSchema, PropertySchema, ValueType,
} from '../schema/types';
import { SCHEMA } from '../schema/schema';
import { findFunction, findMember, listItemType } from './schema-lookup';
import { sweepMembers } from './key-paths';
import { SWEEP_BLOCK_NAME } from '../schema/constructs';

export type TargetKind =
  | 'model-keyword'
  | 'model-name'
  /** The name after `extends`. */
  | 'base-name'
  | 'block-name'
  | 'key'
  | 'value'
  | 'callee'
  | 'argument-key'
  | 'body';

export interface CursorTarget {
  kind: TargetKind;
  model: ModelDecl;
  /** Names of the blocks from the model down to the one holding the cursor (the model itself excluded). */
  path: string[];
  /** The innermost block holding the cursor (the model's schema when `path` is empty); undefined when unknown. */
  blockSchema?: BlockSchema;
  /** The block whose name is under the cursor (kind `block-name`). */
  block?: Block;
  /** The block member property holding the cursor. */
  property?: Property;
  propertySchema?: PropertySchema;
  /** The call holding the cursor and the function it calls, when known. */
  call?: CallValue;
  fn?: FunctionSchema;
  /** The named argument of `call` holding the cursor. */
  argument?: Property;
  argumentSchema?: PropertySchema;
  /** The scalar value under the cursor (a list item when inside a list) and its schema type. */
  value?: Value;
  valueType?: ValueType;
  /** Range of the node under the cursor. */
  range: Range;
}

export function contains(range: Range | undefined, offset: number): boolean {
  return !!range && range.start.offset <= offset && offset <= range.end.offset;
}

export function modelAt(file: RnnFile, offset: number): ModelDecl | undefined {
  return file.models.find((m) => contains(m.range, offset));
}

/** The node under `offset`, or undefined outside every model. */
export function locate(file: RnnFile, offset: number): CursorTarget | undefined {
  const model = modelAt(file, offset);
  if (!model) return undefined;
  if (contains(model.keyword, offset)) return { kind: 'model-keyword', model, path: [], blockSchema: SCHEMA.model, range: model.keyword };
  if (model.name && contains(model.name.range, offset)) {
    return { kind: 'model-name', model, path: [], blockSchema: SCHEMA.model, range: model.name.range };
  }
  const base = model.extends?.base;
  if (base && contains(base.range, offset)) return { kind: 'base-name', model, path: [], blockSchema: SCHEMA.model, range: base.range };
  return inMembers(model.members, { kind: 'body', model, path: [], blockSchema: SCHEMA.model, range: model.bodyRange }, offset);
}

function inMembers(members: Member[], outer: CursorTarget, offset: number): CursorTarget {
  const member = members.find((m) => contains(m.range, offset));
  if (!member) return outer;
  const schema = outer.blockSchema && findMember(outer.blockSchema, member.kind === 'block' ? member.name.name : member.key.name);
  if (member.kind === 'block') {
    // A sweep and its named cases hold key paths (analysis/key-paths.ts).
    const sweepDepth = member.name.name === SWEEP_BLOCK_NAME && outer.path.length === 0 ? 1 : outer.path[0] === SWEEP_BLOCK_NAME ? 2 : 0;
    const blockSchema = sweepDepth ? sweepMembers(sweepDepth) : schema?.kind === 'block' ? schema : undefined;
    if (contains(member.name.range, offset)) {
      return { ...outer, kind: 'block-name', block: member, blockSchema, range: member.name.range };
    }
    const inner: CursorTarget = {
      kind: 'body', model: outer.model, path: [...outer.path, member.name.name], blockSchema, range: member.bodyRange,
    };
    return inMembers(member.members, inner, offset);
  }
  const propertySchema = schema?.kind === 'property' ? schema : undefined;
  const here: CursorTarget = { ...outer, property: member, propertySchema };
  if (contains(member.key.range, offset)) return { ...here, kind: 'key', range: member.key.range };
  if (member.value && contains(member.value.range, offset)) return inValue(member.value, propertySchema?.type, here, offset);
  return { ...here, range: member.range };
}

function inValue(value: Value, type: ValueType | undefined, outer: CursorTarget, offset: number): CursorTarget {
  if (value.kind === 'list') {
    const item = value.items.find((i) => contains(i.range, offset));
    const itemType = type && listItemType(type);
    return item ? inValue(item, itemType, outer, offset) : { ...outer, kind: 'value', range: value.range };
  }
  if (value.kind === 'call') {
    const fn = type && findFunction(type, value.callee.name);
    const inCall: CursorTarget = { ...outer, call: value, fn };
    if (contains(value.callee.range, offset)) return { ...inCall, kind: 'callee', range: value.callee.range };
    const argument = value.args.find((a) => contains(a.range, offset));
    if (!argument) return { ...inCall, kind: 'value', range: value.argsRange };
    const argumentSchema = fn?.args.find((a) => a.key === argument.key.name);
    const inArg: CursorTarget = { ...inCall, argument, argumentSchema };
    if (contains(argument.key.range, offset)) return { ...inArg, kind: 'argument-key', range: argument.key.range };
    if (argument.value && contains(argument.value.range, offset)) {
      return inValue(argument.value, argumentSchema?.type, inArg, offset);
    }
    return { ...inArg, kind: 'value', range: argument.range };
  }
  return { ...outer, kind: 'value', value, valueType: type, range: value.range };
}
