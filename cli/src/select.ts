import type { CheckedModel } from '../../core/src/language';
import type { CheckedSource } from './source';

/** The models a command applies to: the one named by --model, or all of them. */
export function selectModels(source: CheckedSource, name: string | undefined): CheckedModel[] | undefined {
  const models = source.result.models;
  if (models.length === 0) {
    console.error(`${source.displayPath}: error: the file declares no model`);
    return undefined;
  }
  if (name === undefined) return models;
  const found = models.filter((m) => m.name === name);
  if (found.length === 0) {
    console.error(
      `${source.displayPath}: error: no model named '${name}' (the file has: ${models.map((m) => m.name).join(', ')})`,
    );
    return undefined;
  }
  return found;
}
