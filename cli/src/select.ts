import type { CheckedModel } from '../../core/src/language';
import type { CheckedSource } from './source';
import { fileError } from './report';
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
