import { errorsInModel, layerTable } from '../../../core/src/language';
import { loadSource, type DataAccess } from '../source';
import { formatDiagnostic } from '../report';
import { t } from '../../../core/src/shared';
import { UsageError } from '../usage';
import { selectModels } from '../select';

export function runSummary(files: string[], options: { model?: string; access?: DataAccess }): number {
  if (files.length !== 1) throw new UsageError(t('summary takes exactly one .rnn file'));
  const source = loadSource(files[0], options.access);
  if (!source) return 1;
  const models = selectModels(source, options.model);
  if (!models) return 1;
  let status = 0;
  for (const model of models) {
    if (!model.layers || model.totalParams === undefined) {
      const own = errorsInModel(source.result.diagnostics, model.decl);
      for (const d of own) console.error(formatDiagnostic(source.displayPath, d));
      console.error(`${source.displayPath}: ${t('model {0}: the layers cannot be worked out until these errors are fixed', model.name)}`);
      status = 1;
      continue;
    }
    console.log(layerTable(model.name, model.layers, model.totalParams, model.resources));
    if (model.bases) console.log(t('Extends: {0}', model.bases.join(' → ')));
    if (model.sweep) console.log(model.sweep.count === 1 ? t('Sweep: 1 trial') : t('Sweep: {0} trials', model.sweep.count));
    console.log('');
    if (!model.spec) {
      // The table stands (its parts resolved), but the model is not trainable as written.
      console.error(`${source.displayPath}: ${t("model {0} has errors; run 'rnn check {1}'", model.name, source.displayPath)}`);
      status = 1;
    }
  }
  return status;
}
