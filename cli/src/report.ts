import { terminalText } from './terminal-text';
import { formatPosition } from '../../core/src/language';
import { t, type Diagnostic, type Severity } from '../../core/src/shared';

/** The word before a message, as compilers print it (gcc says 错误/警告/附注 in zh_CN); `note` introduces a related location. */
export function severityWord(severity: Severity | 'note'): string {
  switch (severity) {
    case 'error':
      return t('error');
    case 'warning':
      return t('warning');
    case 'info':
      return t('info');
    case 'note':
      return t('note');
  }
}

/**
 * `file:line:col: severity: message [code]`, 1-based like compilers print,
 * then one `file:line:col: note: ...` line per related location (gcc and
 * rustc style), so the places that explain a problem are on screen too.
 */
export function formatDiagnostic(file: string, diagnostic: Diagnostic): string {
  const at = (range: Diagnostic['range']) => `${file}:${formatPosition(range.start)}`;
  const lines = [`${at(diagnostic.range)}: ${severityWord(diagnostic.severity)}: ${diagnostic.message} [${diagnostic.code}]`];
  for (const related of diagnostic.related ?? []) lines.push(`${at(related.range)}: ${severityWord('note')}: ${related.message}`);
  return lines.map((line) => terminalText(line)).join('\n'); // messages may quote data (a CSV header, a value)
}

/** `file: error: message`, for a problem with a whole file. */
export function fileError(file: string, message: string): string {
  return `${file}: ${severityWord('error')}: ${message}`;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}

// Counted nouns: English has two forms, Chinese one (with its measure word),
// so each count is a pair of whole messages chosen here, as VS Code does.
export const fileCount = (n: number) => (n === 1 ? t('1 file') : t('{0} files', n));
export const errorCount = (n: number) => (n === 1 ? t('1 error') : t('{0} errors', n));
export const warningCount = (n: number) => (n === 1 ? t('1 warning') : t('{0} warnings', n));
export const epochCount = (n: number) => (n === 1 ? t('1 epoch') : t('{0} epochs', n));
