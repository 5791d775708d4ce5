// A check result as comparable data, for the tests that compare the language
// server's model-by-model check with a whole-file check.
import type { CheckResult } from '../../core/src/language/check/api';
import type { Diagnostic, Range } from '../../core/src/shared';

const at = (range: Range) => `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;

/** A diagnostic as one readable line: severity, code, range, message and every related location. */
export const shown = (d: Diagnostic) =>
  `${d.severity} ${d.code} ${at(d.range)} ${d.message}${(d.related ?? []).map((r) => ` | ${at(r.range)} ${r.message}`).join('')}`;

/** Everything a feature reads from a check, as comparable data. */
export function essence(result: CheckResult) {
  return {
    diagnostics: result.diagnostics,
    models: result.models.map((m) => ({ name: m.name, decl: m.decl, layers: m.layers, totalParams: m.totalParams, spec: m.spec })),
    file: { models: result.file.models, comments: result.file.comments, range: result.file.range },
  };
}
