// Keys of a model addressed by their block path, as a sweep writes them:
// `hidden.units`, `train.batch_size`, and an argument of the function a key
// calls, `optimizer.lr`, `data.noise`. Everything comes from SCHEMA.
import { SCHEMA } from '../schema/schema';
import { SWEEP_BLOCK } from '../schema/constructs';
import type { BlockSchema, PropertySchema } from '../schema/types';
import { findMember, functionsOf } from './schema-lookup';

/** The property (or function argument) a dotted path names, if any. */
export function propertyAtKeyPath(path: string): PropertySchema | undefined {
  const parts = path.split('.');
  let block: BlockSchema = SCHEMA.model;
  for (let i = 0; i < parts.length; i++) {
    const member = findMember(block, parts[i]);
    if (!member) return undefined;
    if (member.kind === 'block') {
      block = member;
      continue;
    }
    const rest = parts.length - i - 1;
    if (rest === 0) return member;
    if (rest > 1) return undefined;
    return functionsOf(member.type).flatMap((fn) => fn.args).find((arg) => arg.key === parts[i + 1]);
  }
  return undefined;
}

/** Every path a sweep may address, in the schema's order (for did-you-mean and completion). */
export function keyPaths(): string[] {
  const paths: string[] = [];
  const walk = (block: BlockSchema, prefix: string) => {
    for (const member of block.members) {
      const name = member.kind === 'block' ? member.name : member.key;
      const path = prefix ? `${prefix}.${name}` : name;
      if (member.kind === 'block') {
        walk(member, path);
        continue;
      }
      paths.push(path);
      for (const arg of new Set(functionsOf(member.type).flatMap((fn) => fn.args.map((a) => a.key)))) paths.push(`${path}.${arg}`);
    }
  };
  walk(SCHEMA.model, '');
  return paths;
}

/**
 * What may be written inside a `sweep` block at `depth` (1: the block itself, 2: a named case in it): its
 * settings (in the block only), then every key path with the docs of the key it names; in the block a path
 * takes a list of the key's values, in a case one value.
 */
export function sweepMembers(depth: number): BlockSchema {
  const paths = keyPaths().map((path): PropertySchema => {
    const { default: _none, defaultFrom: _from, sameAs: _same, inferred: _inferred, ...schema } = propertyAtKeyPath(path)!;
    return { ...schema, key: path, required: false, type: depth === 1 ? { kind: 'list', items: schema.type } : schema.type };
  });
  return { ...SWEEP_BLOCK, members: [...(depth === 1 ? SWEEP_BLOCK.members : []), ...paths] };
}
