import { terminalText } from './terminal-text';
import { formatPosition } from '../../core/src/language';
import type { Diagnostic } from '../../core/src/shared';

/**
 * `file:line:col: severity: message [code]`, 1-based like compilers print,
 * then one `file:line:col: note: ...` line per related location (gcc and
 * rustc style), so the places that explain a problem are on screen too.
 */
export function formatDiagnostic(file: string, diagnostic: Diagnostic): string {
  const lines = [`${file}:${formatPosition(diagnostic.range.start)}: ${diagnostic.severity}: ${diagnostic.message} [${diagnostic.code}]`];
  for (const related of diagnostic.related ?? []) lines.push(`${file}:${formatPosition(related.range.start)}: note: ${related.message}`);
  return lines.map((line) => terminalText(line)).join('\n'); // messages may quote data (a CSV header, a value)
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

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
