// Defaults of a block or of a function's arguments, read from the schema, for
// code that builds a resolved spec without going through the checker (the
// benchmark, engine tests).
import { SCHEMA } from './schema';
import type { BlockSchema, MemberSchema } from './types';

function plainDefaults(members: MemberSchema[]): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const member of members) {
    if (member.kind !== 'property' || member.default === undefined) continue;
    // A call's default is a bare function name, which means the call with its defaults (as the checker resolves it).
    const call = member.type.kind === 'call' ? member.type.functions.find((f) => f.name === member.default) : undefined;
    defaults[member.key] = call ? { fn: call.name, args: plainDefaults(call.args) } : member.default;
  }
  return defaults;
}

/** Key → default of every member of the block `name` (nested anywhere in `model`) that has a plain default. */
export function blockDefaults(name: string): Record<string, unknown> {
  const block = findBlock(SCHEMA.model, name);
  if (!block) throw new Error(`schema: no block named "${name}"`);
  return plainDefaults(block.members);
}

/** Argument → default of the function `fn` that the model's property `key` calls, e.g. ('optimizer', 'adam'). */
export function callDefaults(key: string, fn: string): Record<string, unknown> {
  const property = SCHEMA.model.members.find((m) => m.kind === 'property' && m.key === key);
  const schema = property?.kind === 'property' && property.type.kind === 'call' ? property.type.functions.find((f) => f.name === fn) : undefined;
  if (!schema) throw new Error(`schema: \`${key}\` calls no function named "${fn}"`);
  return plainDefaults(schema.args);
}

function findBlock(block: BlockSchema, name: string): BlockSchema | undefined {
  if (block.name === name) return block;
  for (const member of block.members) {
    const found = member.kind === 'block' ? findBlock(member, name) : undefined;
    if (found) return found;
  }
  return undefined;
}
