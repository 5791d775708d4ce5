// Where a failed training's error belongs in the spec, so the editor can put a
// diagnostic there: the training process computes it from the model it trained.
import { trainErrorProperty } from '../../shared';
import type { ModelDecl, Range } from '../syntax/ast';

/** The property a training error is about (`optimizer` for a diverged loss, `data` for a data problem), else the model's name. */
export function trainErrorRange(model: ModelDecl, code: string): Range {
  const key = trainErrorProperty(code);
  const member = key ? model.members.find((m) => m.kind === 'property' && m.key.name === key) : undefined;
  return member?.range ?? model.name?.range ?? model.keyword;
}
