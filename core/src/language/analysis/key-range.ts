// Where a dotted key of a checked spec (`hidden.cell`, `data.csv.normalize`,
// `output.at`) is written in its model, for messages about the key that are
// not the checker's own (the export's refusals): the deepest part of the path
// that the source spells out, else the model's name.
import type { Member, ModelDecl, Range } from '../syntax/ast';

export function keyRange(model: ModelDecl, path: string): Range {
  let members: readonly Member[] = model.members;
  let found: Range = model.name?.range ?? model.keyword;
  for (const part of path.split('.')) {
    const member = members.find((m) => (m.kind === 'property' ? m.key.name : m.name.name) === part);
    if (!member) {
      // A call's arguments (data: csv(normalize: ...)) are the next level of a property.
      continue;
    }
    found = member.range;
    if (member.kind === 'block') members = member.members;
    else if (member.value?.kind === 'call') members = member.value.args;
    else members = [];
  }
  return found;
}
