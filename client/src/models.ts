// Where the models of a .rnn document are, for code lenses and "the model under the cursor".
import { parse } from '../../core/src/language';
import type { ModelDecl, Range } from '../../core/src/language';
import { trainErrorProperty } from '../../core/src/shared';

export interface ModelLocation {
  name: string;
  /** The whole `model Name { ... }` declaration. */
  range: Range;
  decl: ModelDecl;
}

export function locateModels(text: string): ModelLocation[] {
  return parse(text).file.models.flatMap((decl) => (decl.name ? [{ name: decl.name.name, range: decl.range, decl }] : []));
}

/** The model whose declaration contains `line`, if any. */
export function modelAtLine(models: readonly ModelLocation[], line: number): ModelLocation | undefined {
  return models.find((m) => m.range.start.line <= line && line <= m.range.end.line);
}

/**
 * The range a training error belongs on: the property it is about
 * (`optimizer` for a diverged loss, `data` for a data problem), else the model's name.
 */
export function errorRange(model: ModelDecl, code: string): Range {
  const key = trainErrorProperty(code);
  const member = key ? model.members.find((m) => m.kind === 'property' && m.key.name === key) : undefined;
  return member?.range ?? model.name?.range ?? model.keyword;
}
