// The spec a saved run was trained with: its copy (model.rnn), checked where
// the run's .rnn file was, since data paths are relative to that folder
// (summary.json's specDir; the run folder for runs written before it).
import { join } from 'node:path';
import { checkText, type DataAccessPolicy } from '../../language';
import { readSpecCopy, SPEC_FILE, type RunSummary } from '../../run-store';
import { t, type ModelSpec } from '../../shared';

/** The run's spec cannot be had; the message says why (without naming the run: the caller does). */
export class RunSpecError extends Error {}

export function runSpec(runDir: string, summary: RunSummary, dataAccess: DataAccessPolicy): ModelSpec {
  const source = readSpecCopy(runDir);
  if (source === undefined) throw new RunSpecError(t('its copy of the spec, {0}, is missing', SPEC_FILE));
  const checked = checkText(source, { path: join(summary.specDir ?? runDir, SPEC_FILE), dataAccess });
  const model = checked.models.find((m) => m.name === summary.model);
  const error = checked.diagnostics.find((d) => d.severity === 'error');
  if (!model?.spec || error) {
    const reason = error ? t('line {0}: {1}', error.range.start.line + 1, error.message) : t("no model named '{0}'", summary.model);
    throw new RunSpecError(t('its copy of the spec does not check ({0})', reason));
  }
  return model.spec;
}
