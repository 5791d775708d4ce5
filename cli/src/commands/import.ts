// `rnn import <weights.safetensors> --spec <file.rnn> [--model Name] [--runs-dir runs]`:
// weights trained elsewhere (an exported PyTorch project) become a run.
import { importWeights, selectBackend } from '../../../core/src/engine';
import { t } from '../../../core/src/shared';
import { fileError } from '../report';
import { singleCheckedModel } from '../select';
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
  const model = singleCheckedModel(source, options.model, (errors) => t("not importing: {0} to fix first (see above, or run 'rnn check')", errors));
  if (!model) return 1;
  await selectBackend('cpu');
  try {
    const { runDir, final } = await importWeights(model.spec!, files[0], options.runsDir ?? 'runs', seed);
    console.log(t('Imported {0} as a run of {1}: {2}', files[0], model.name, runDir));
    const metrics = Object.entries(final).map(([k, v]) => `${k} ${v.toPrecision(4)}`);
    if (metrics.length > 0) console.log(`  ${metrics.join('  ')}`);
    return 0;
  } catch (error) {
    console.error(fileError(files[0], (error as Error).message));
    return 1;
  }
}
