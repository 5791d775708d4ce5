// `rnn export <file.rnn> --to pytorch --out <dir> [--model Name] [--weights <run-folder>]`:
// the export project of one model, and a trained run's weights beside it.
import { copyFileSync, cpSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { EXPORT_TARGETS, ExportError, expandSweep, exportProject, formatPosition, keyRange, type ExportTarget } from '../../../core/src/language';
import { runWeightsFile, selectBackend, writeFileAtomic } from '../../../core/src/engine';
import { t } from '../../../core/src/shared';
import { fileError, severityWord } from '../report';
import { singleCheckedModel } from '../select';
import { loadSource, type DataAccess } from '../source';
import { UsageError, notOneOf } from '../usage';

export interface ExportCommandOptions {
  model?: string;
  to?: string;
  out?: string;
  weights?: string;
  access?: DataAccess;
}

/** The weights file an export holds when --weights gives a run (its train.py --weights and predict.py read it). */
export const EXPORTED_WEIGHTS_FILE = 'weights.safetensors';

export async function runExport(files: string[], options: ExportCommandOptions): Promise<number> {
  if (files.length !== 1) throw new UsageError(t('export takes exactly one .rnn file'));
  if (options.to === undefined) throw new UsageError(t('export needs --to ({0})', EXPORT_TARGETS.join(' | ')));
  if (!(EXPORT_TARGETS as readonly string[]).includes(options.to)) throw notOneOf('to', EXPORT_TARGETS, options.to);
  if (options.out === undefined) throw new UsageError(t('export needs --out <dir>, the folder to write the project to'));
  const source = loadSource(files[0], options.access);
  if (!source) return 1;
  const model = singleCheckedModel(source, options.model, (errors) => t("not exporting: {0} to fix first (see above, or run 'rnn check')", errors));
  if (!model) return 1;
  const spec = model.spec!;
  let project;
  try {
    project = exportProject(spec, options.to as ExportTarget, expandSweep(model));
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    const at = formatPosition(keyRange(model.decl, error.key).start);
    console.error(`${source.displayPath}:${at}: ${severityWord('error')}: ${error.message}`);
    return 1;
  }
  const out = resolve(options.out);
  if (statSync(out, { throwIfNoEntry: false })?.isFile()) {
    console.error(fileError(options.out, t('--out names a file; it must be a folder (new or an earlier export)')));
    return 1;
  }
  let weights: Awaited<ReturnType<typeof runWeightsFile>> | undefined;
  if (options.weights !== undefined) {
    await selectBackend('cpu');
    try {
      weights = await runWeightsFile(options.weights, spec);
    } catch (error) {
      console.error(fileError(options.weights, (error as Error).message));
      return 1;
    }
  }
  // The project's own files are replaced whole; anything else in the folder (runs/, a venv) is left alone.
  for (const file of project.files) {
    const path = join(out, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, file.content);
  }
  for (const stale of project.staleFiles) rmSync(join(out, stale), { force: true });
  for (const data of project.dataFiles) {
    const path = join(out, data.path);
    mkdirSync(dirname(path), { recursive: true });
    // A text folder is copied whole: its class folders and their texts; links are copied as the files they name.
    if (data.folder) cpSync(data.source, path, { recursive: true, dereference: true });
    else copyFileSync(data.source, path);
  }
  if (weights) writeFileAtomic(join(out, EXPORTED_WEIGHTS_FILE), weights.bytes);
  console.log(t('Exported {0} to {1} ({2})', spec.name, options.out, options.to));
  if (weights) {
    console.log(
      weights.epoch !== undefined
        ? t('with the weights of {0} (epoch {1}) in {2}', options.weights!, weights.epoch, EXPORTED_WEIGHTS_FILE)
        : t('with the weights of {0} in {1}', options.weights!, EXPORTED_WEIGHTS_FILE),
    );
  }
  console.log(t('Next: see {0}', join(options.out, 'README.md')));
  return 0;
}
