// Collects the diagnostics of one model, so the checker knows whether that
// model is clean enough to become a spec.
import type { Range } from '../syntax/ast';
import type { Diagnostic, DiagnosticCode, Fix } from '../../shared';

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  private errors = 0;

  error(code: DiagnosticCode, range: Range, message: string, fixes?: Fix[]): void {
    this.errors++;
    this.diagnostics.push({ range, severity: 'error', code, message, ...(fixes?.length ? { fixes } : {}) });
  }

  warning(code: DiagnosticCode, range: Range, message: string, fixes?: Fix[]): void {
    this.diagnostics.push({ range, severity: 'warning', code, message, ...(fixes?.length ? { fixes } : {}) });
  }

  get hasErrors(): boolean {
    return this.errors > 0;
  }
}
