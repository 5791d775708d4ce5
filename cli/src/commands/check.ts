import { loadSource, type DataAccess } from '../source';
import { countBySeverity, errorCount, fileCount, formatDiagnostic, warningCount } from '../report';
import { t } from '../../../core/src/shared';
import { UsageError } from '../usage';

/** Prints every diagnostic of every file; exit code 1 when any file has an error or cannot be read. */
export function runCheck(files: string[], access: DataAccess = {}): number {
  if (files.length === 0) throw new UsageError(t('check needs at least one .rnn file'));
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const source = loadSource(file, access);
    if (!source) {
      errors++;
      continue;
    }
    for (const diagnostic of source.result.diagnostics) console.log(formatDiagnostic(file, diagnostic));
    const counts = countBySeverity(source.result.diagnostics);
    errors += counts.errors;
    warnings += counts.warnings;
  }
  console.error(t('{0} checked: {1}, {2}', fileCount(files.length), errorCount(errors), warningCount(warnings)));
  return errors > 0 ? 1 : 0;
}
