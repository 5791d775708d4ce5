// The core's diagnostics (lexer, parser, schema checks) as LSP diagnostics.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Diagnostic as CoreDiagnostic, Severity } from '../../../core/src/shared';
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
  diagnostics(document: AnalyzedDocument): Diagnostic[] {
    return document.result.diagnostics.map(toLspDiagnostic);
  }
}

export function toLspDiagnostic(d: CoreDiagnostic): Diagnostic {
  return {
    range: toLspRange(d.range),
    severity: SEVERITIES[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
  };
}
