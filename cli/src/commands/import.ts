// `rnn import <weights.safetensors> --spec <file.rnn> [--model Name] [--runs-dir runs]`:
// weights trained elsewhere (an exported PyTorch project) become a run.
import { importWeights, selectBackend } from '../../../core/src/engine';
import { t } from '../../../core/src/shared';
import { countBySeverity, errorCount, fileError, formatDiagnostic } from '../report';
import { selectModels } from '../select';
import { loadSource, type DataAccess } from '../source';
import { UsageError, parseIntegerOption } from '../usage';

export interface ImportCommandOptions {
  spec?: string;
  model?: string;
  runsDir?: string;
  seed?: string;
  access?: DataAccess;
}

export async function runImport(files: string[], options: ImportCommandOptions): Promise<number> {
  if (files.length !== 1) throw new UsageError(t('import takes exactly one weights file (.safetensors)'));
  if (options.spec === undefined) throw new UsageError(t('import needs --spec <file.rnn>, the spec the weights were trained for'));
  const seed = parseIntegerOption('seed', options.seed, 0);
  const source = loadSource(options.spec, options.access);
  if (!source) return 1;
  const { errors } = countBySeverity(source.result.diagnostics);
  if (errors > 0) {
    for (const d of source.result.diagnostics) console.error(formatDiagnostic(source.displayPath, d));
    console.error(`${source.displayPath}: ${t("not importing: {0} to fix first (see above, or run 'rnn check')", errorCount(errors))}`);
    return 1;
  }
  const models = selectModels(source, options.model);
  if (!models) return 1;
  if (models.length > 1) {
    console.error(fileError(source.displayPath, t('the file has several models ({0}): choose one with --model', models.map((m) => m.name).join(', '))));
    return 1;
  }
  await selectBackend('cpu');
  try {
    const { runDir, final } = await importWeights(models[0].spec!, files[0], options.runsDir ?? 'runs', seed);
    console.log(t('Imported {0} as a run of {1}: {2}', files[0], models[0].name, runDir));
    const metrics = Object.entries(final).map(([k, v]) => `${k} ${v.toPrecision(4)}`);
    if (metrics.length > 0) console.log(`  ${metrics.join('  ')}`);
    return 0;
  } catch (error) {
    console.error(fileError(files[0], (error as Error).message));
    return 1;
  }
}
