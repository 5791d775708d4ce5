import type { CheckedModel } from '../../core/src/language';
import type { CheckedSource } from './source';
import { countBySeverity, errorCount, fileError, formatDiagnostic } from './report';
import { t } from '../../core/src/shared';

/** The models a command applies to: the one named by --model, or all of them. */
export function selectModels(source: CheckedSource, name: string | undefined): CheckedModel[] | undefined {
  const models = source.result.models;
  if (models.length === 0) {
    console.error(fileError(source.displayPath, t('the file declares no model')));
    return undefined;
  }
  if (name === undefined) return models;
  const found = models.filter((m) => m.name === name);
  if (found.length === 0) {
    const names = models.map((m) => m.name).join(', ');
    console.error(fileError(source.displayPath, t("no model named '{0}' (the file has: {1})", name, names)));
    return undefined;
  }
  return found;
}

/**
 * The one model a command that takes a single model works on (export, import): the file must check without
 * errors, and name one model or choose it with --model. Undefined, with the reason printed, otherwise;
 * `refusal` says what is not done, given the count of errors ("not exporting: 2 errors to fix first ...").
 */
export function singleCheckedModel(source: CheckedSource, name: string | undefined, refusal: (errors: string) => string): CheckedModel | undefined {
  const { errors } = countBySeverity(source.result.diagnostics);
  if (errors > 0) {
    for (const d of source.result.diagnostics) console.error(formatDiagnostic(source.displayPath, d));
    console.error(`${source.displayPath}: ${refusal(errorCount(errors))}`);
    return undefined;
  }
  const models = selectModels(source, name);
  if (!models) return undefined;
  if (models.length > 1) {
    console.error(fileError(source.displayPath, t('the file has several models ({0}): choose one with --model', models.map((m) => m.name).join(', '))));
    return undefined;
  }
  return models[0];
}
