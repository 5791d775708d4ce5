// Collects the diagnostics of one model, so the checker knows whether that
// model is clean enough to become a spec.
import type { Range } from '../syntax/ast';
import type { Diagnostic, DiagnosticCode, Fix, RelatedLocation } from '../../shared';

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  private errors = 0;

  error(code: DiagnosticCode, range: Range, message: string, fixes?: Fix[], related?: RelatedLocation[]): void {
    this.errors++;
    this.diagnostics.push(diagnostic('error', code, range, message, fixes, related));
  }

  warning(code: DiagnosticCode, range: Range, message: string, fixes?: Fix[], related?: RelatedLocation[]): void {
    this.diagnostics.push(diagnostic('warning', code, range, message, fixes, related));
  }

  info(code: DiagnosticCode, range: Range, message: string): void {
    this.diagnostics.push(diagnostic('info', code, range, message));
  }

  get hasErrors(): boolean {
    return this.errors > 0;
  }
}

function diagnostic(
  severity: Diagnostic['severity'], code: DiagnosticCode, range: Range, message: string, fixes?: Fix[], related?: RelatedLocation[],
): Diagnostic {
  return { range, severity, code, message, ...(fixes?.length ? { fixes } : {}), ...(related?.length ? { related } : {}) };
}
