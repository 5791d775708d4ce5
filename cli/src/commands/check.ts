import { loadSource } from '../source';
import { countBySeverity, formatDiagnostic, plural } from '../report';
import { UsageError } from '../usage';

/** Prints every diagnostic of every file; exit code 1 when any file has an error or cannot be read. */
export function runCheck(files: string[]): number {
  if (files.length === 0) throw new UsageError('check needs at least one .rnn file');
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const source = loadSource(file);
    if (!source) {
      errors++;
      continue;
    }
    for (const diagnostic of source.result.diagnostics) console.log(formatDiagnostic(file, diagnostic));
    const counts = countBySeverity(source.result.diagnostics);
    errors += counts.errors;
    warnings += counts.warnings;
  }
  const summary = `${plural(files.length, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  console.error(summary);
  return errors > 0 ? 1 : 0;
}
