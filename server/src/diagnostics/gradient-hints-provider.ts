// Results of the last run brought back into the spec (issue #10): where the
// latest finished run of a model saw a layer's gradient vanish or explode going
// back through time, an information diagnostic on the model's `cell:` line says
// so with the figure and the run. A diagnostic rather than an inlay hint: the
// sentence (figure, run, advice) is too long to sit inside the line, it shows
// in the Problems list and in every LSP editor without hints turned on, and it
// carries a code (`gradient-vanishing`, `gradient-exploding`) a client can filter on.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { keyRange } from '../../../core/src/language';
import {
  comparedSteps, formatRatio, gradientAdvice, lastGradient, layerName, t,
} from '../../../core/src/shared';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { DiagnosticsProvider } from '../language-services';
import type { RunInsightLookup } from '../saved-runs/run-insight';
import { toLspRange } from '../util/ranges';
import { DIAGNOSTIC_SOURCE } from './core-diagnostics-provider';

export class GradientHintsProvider implements DiagnosticsProvider {
  constructor(private readonly insight: RunInsightLookup) {}

  diagnostics(document: AnalyzedDocument): Diagnostic[] {
    const hints: Diagnostic[] = [];
    for (const checked of document.result.models) {
      const found = this.insight.latest(document.uri, checked.name);
      if (!found) continue;
      for (const layer of found.report.layers) {
        // The advice is about the cell the run trained: once the spec names another, it no longer applies.
        if (checked.spec && layer.cell && checked.spec.hidden.cell !== layer.cell) continue;
        const end = lastGradient(layer);
        const advice = end && gradientAdvice(end.verdict, layer.cell);
        if (!end || !advice) continue;
        const [first, last] = comparedSteps(layer.direction, end.steps);
        const args = [layerName(layer), first, formatRatio(end.ratio), last, end.epoch, found.runName, advice] as const;
        // Not the checker's codes (DIAGNOSTIC_CODES): these come from a run, not from the text; docs/editor-protocol.md lists them.
        const code = end.verdict === 'vanishing' ? 'gradient-vanishing' : 'gradient-exploding';
        hints.push({
          range: toLspRange(keyRange(checked.decl, 'hidden.cell')),
          severity: DiagnosticSeverity.Information,
          code,
          source: DIAGNOSTIC_SOURCE,
          message: end.verdict === 'vanishing'
            ? t("{0}: the gradient at step {1} is {2} of step {3}'s after epoch {4} (run {5}): {6}", ...args)
            : t("{0}: the gradient at step {1} is {2} times step {3}'s after epoch {4} (run {5}): {6}", ...args),
        });
      }
    }
    return hints;
  }
}
