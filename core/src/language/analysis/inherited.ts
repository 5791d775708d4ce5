// What a model that extends another gets from its bases: for editors, which
// members of a block the model does not write itself, their text and the model
// each comes from (hover shows them; check/inheritance.ts merges them).
import type { Member, ModelDecl, RnnFile } from '../syntax/ast';
import { ModelFamily } from '../check/inheritance';

export interface InheritedMember {
  /** As written in the base, e.g. `cell: lstm` or `train { ... }`. */
  text: string;
  /** The model it is written in. */
  from: string;
}

const keyName = (member: Member) => (member.kind === 'block' ? member.name.name : member.key.name);

/** The members of the block at `path` (block names below the model; empty: the model) that `model` inherits. */
export function inheritedMembers(file: RnnFile, model: ModelDecl, path: readonly string[]): InheritedMember[] {
  const lineage = new ModelFamily(file.models).lineage(model);
  if (lineage.chain.length < 2) return [];
  let members = lineage.members;
  for (const name of path) {
    const block = members.find((m) => m.kind === 'block' && m.name.name === name);
    if (block?.kind !== 'block') return [];
    members = block.members;
  }
  const text = file.text ?? '';
  const inside = (outer: ModelDecl, member: Member) =>
    member.range.start.offset >= outer.range.start.offset && member.range.end.offset <= outer.range.end.offset;
  return members.flatMap((member) => {
    if (inside(model, member)) return [];
    const from = lineage.chain.find((base) => inside(base, member))?.name?.name ?? '';
    const written = member.kind === 'block' ? `${keyName(member)} { ... }` : text.slice(member.range.start.offset, member.range.end.offset);
    return [{ text: written.replace(/\s*\n\s*/g, ' '), from }];
  });
}
