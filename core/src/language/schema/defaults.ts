// Defaults of a block, read from the schema, for code that builds a resolved
// spec without going through the checker (the benchmark, engine tests).
import { SCHEMA } from './schema';
import type { BlockSchema } from './types';

/** Key → default of every member of the block `name` (nested anywhere in `model`) that has a plain default. */
export function blockDefaults(name: string): Record<string, unknown> {
  const block = findBlock(SCHEMA.model, name);
  if (!block) throw new Error(`schema: no block named "${name}"`);
  const defaults: Record<string, unknown> = {};
  for (const member of block.members) if (member.kind === 'property' && member.default !== undefined) defaults[member.key] = member.default;
  return defaults;
}

function findBlock(block: BlockSchema, name: string): BlockSchema | undefined {
  if (block.name === name) return block;
  for (const member of block.members) {
    const found = member.kind === 'block' ? findBlock(member, name) : undefined;
    if (found) return found;
  }
  return undefined;
}
