// The errors that belong to one model of a file: the editor's model list
// counts them, `rnn summary` prints them.
import type { Diagnostic } from '../../shared';
import type { ModelDecl } from '../syntax/ast';

/** The errors inside the model's declaration, `model` to its closing brace. */
export function errorsInModel(diagnostics: readonly Diagnostic[], model: ModelDecl): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error'
    && d.range.start.offset >= model.range.start.offset && d.range.end.offset <= model.range.end.offset);
}
