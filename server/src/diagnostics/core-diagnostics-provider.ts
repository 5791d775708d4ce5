// The core's diagnostics (lexer, parser, schema checks) as LSP diagnostics.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import { formatPosition } from '../../../core/src/language';
import { t, type Diagnostic as CoreDiagnostic, type RelatedLocation, type Severity } from '../../../core/src/shared';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { DiagnosticsProvider } from '../language-services';
import { toLspRange } from '../util/ranges';

export const DIAGNOSTIC_SOURCE = 'rnn';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export class CoreDiagnosticsProvider implements DiagnosticsProvider {
  /** `relatedInformation`: whether the client shows related locations (its publishDiagnostics capability). */
  constructor(private readonly client: () => { relatedInformation: boolean }) {}

  diagnostics(document: AnalyzedDocument): Diagnostic[] {
    const { relatedInformation } = this.client();
    return document.result.diagnostics.map((d) => toLspDiagnostic(d, document.uri, relatedInformation));
  }
}

/**
 * The core's related locations become LSP relatedInformation in `uri` (the
 * core's related locations are always in the diagnostic's own document). A
 * client that cannot show them reads them at the end of the message instead,
 * positioned from the ranges being published, so they are always current.
 */
export function toLspDiagnostic(d: CoreDiagnostic, uri: string, relatedInformation: boolean): Diagnostic {
  const related = d.related ?? [];
  const diagnostic: Diagnostic = {
    range: toLspRange(d.range),
    severity: SEVERITIES[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: relatedInformation ? d.message : [d.message, ...related.map(inlineRelated)].join(' '),
  };
  if (relatedInformation && related.length) {
    diagnostic.relatedInformation = related.map((r): DiagnosticRelatedInformation => ({
      location: { uri, range: toLspRange(r.range) }, message: r.message,
    }));
  }
  return diagnostic;
}

/**
 * "first given here" at 12:3 reads "(first given at 12:3)"; a message without "here" (every message in
 * a language other than English) gets the position after it.
 */
function inlineRelated(related: RelatedLocation): string {
  const position = formatPosition(related.range.start);
  return / here$/.test(related.message)
    ? t('({0} at {1})', related.message.replace(/ here$/, ''), position)
    : t('({0}, at {1})', related.message, position);
}
