// One walk over a syntax tree that resolves each block and property against
// the schema on the way down, for features that look at every node (outline,
// folding, semantic tokens, links). Recovery may leave parts missing; the
// walk skips what is absent.
import type { Block, CallValue, Member, ModelDecl, Property, RnnFile, Value } from '../syntax/ast';
import type { BlockSchema, FunctionSchema, PropertySchema, ValueType } from '../schema/types';
import { SCHEMA } from '../schema/schema';
import { findFunction, findMember, listItemType } from './schema-lookup';

export interface BlockVisit {
  model: ModelDecl;
  /** Block names from the model down to this block's parent. */
  path: string[];
  block: Block;
  schema?: BlockSchema;
}

export interface PropertyVisit {
  model: ModelDecl;
  /** Block names from the model down to the block holding the property. */
  path: string[];
  property: Property;
  schema?: PropertySchema;
  /** Set for a named argument: the call it belongs to and its function. */
  call?: CallValue;
  fn?: FunctionSchema;
}

export interface ValueVisit {
  /** The property (or argument) whose value this is, or holds it in a list or call. */
  owner: PropertyVisit;
  value: Value;
  type?: ValueType;
}

export interface Visitor {
  model?(model: ModelDecl): void;
  block?(visit: BlockVisit): void;
  property?(visit: PropertyVisit): void;
  /** Every value, including list items and calls (then their arguments are visited as properties). */
  value?(visit: ValueVisit): void;
}

export function walk(file: RnnFile, visitor: Visitor): void {
  for (const model of file.models) {
    visitor.model?.(model);
    walkMembers(model, model.members, [], SCHEMA.model, visitor);
  }
}

function walkMembers(
  model: ModelDecl, members: Member[], path: string[], schema: BlockSchema | undefined, visitor: Visitor,
): void {
  for (const member of members) {
    const name = member.kind === 'block' ? member.name.name : member.key.name;
    const memberSchema = schema && findMember(schema, name);
    if (member.kind === 'block') {
      const blockSchema = memberSchema?.kind === 'block' ? memberSchema : undefined;
      visitor.block?.({ model, path, block: member, schema: blockSchema });
      walkMembers(model, member.members, [...path, name], blockSchema, visitor);
    } else {
      walkProperty({ model, path, property: member, schema: memberSchema?.kind === 'property' ? memberSchema : undefined }, visitor);
    }
  }
}

function walkProperty(visit: PropertyVisit, visitor: Visitor): void {
  visitor.property?.(visit);
  if (visit.property.value) walkValue(visit, visit.property.value, visit.schema?.type, visitor);
}

function walkValue(owner: PropertyVisit, value: Value, type: ValueType | undefined, visitor: Visitor): void {
  visitor.value?.({ owner, value, type });
  if (value.kind === 'list') {
    const itemType = type && listItemType(type);
    for (const item of value.items) walkValue(owner, item, itemType, visitor);
  } else if (value.kind === 'call') {
    const fn = type && findFunction(type, value.callee.name);
    for (const arg of value.args) {
      const schema = fn?.args.find((a) => a.key === arg.key.name);
      walkProperty({ model: owner.model, path: owner.path, property: arg, schema, call: value, fn }, visitor);
    }
  }
}
