// `rnn predict <run-folder>`: a saved run's predictions as CSV (printed, or
// written with --out): on the validation part of its spec's data, on new
// data (--data), or N steps past the end of the series (--forecast N); text
// models generate text instead (--length, --temperature, --prime).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  forecastTable, generateFromRun, generatesText, openSavedModel, PredictError, predictionCsv, selectBackend, seriesFromCsv, seriesTable, validationTable,
  writeFileAtomic, type PredictionTable, type SavedModel,
} from '../../../core/src/engine';
import { BACKENDS, isBackendPreference, t } from '../../../core/src/shared';
import { fileError } from '../report';
import type { DataAccess } from '../source';
import { terminalText } from '../terminal-text';
import { notOneOf, parseIntegerOption, UsageError } from '../usage';

export interface PredictCommandOptions {
  data?: string;
  out?: string;
  forecast?: string;
  length?: string;
  temperature?: string;
  prime?: string;
  seed?: string;
  backend?: string;
  access?: DataAccess;
}

export async function runPredict(folders: string[], options: PredictCommandOptions): Promise<number> {
  if (folders.length !== 1) throw new UsageError(t('predict takes exactly one run folder'));
  const backend = options.backend ?? 'auto';
  if (!isBackendPreference(backend)) throw notOneOf('backend', BACKENDS, options.backend);
  const forecast = parseIntegerOption('forecast', options.forecast, 1);
  const length = parseIntegerOption('length', options.length, 1);
  const seed = parseIntegerOption('seed', options.seed, 0);
  const temperature = options.temperature === undefined ? undefined : Number(options.temperature);
  if (temperature !== undefined && !(temperature > 0)) throw new UsageError(t("--temperature must be a number > 0, got '{0}'", String(options.temperature)));
  const generating = length !== undefined || temperature !== undefined || options.prime !== undefined;
  if (generating && forecast !== undefined) throw new UsageError(t('--forecast rolls a series; --length, --temperature and --prime generate text: give one or the other'));

  const runDir = folders[0];
  await selectBackend(backend);
  try {
    const saved = await openSavedModel(resolve(runDir), { allowOutside: options.access?.allowOutside === true });
    if (generating || (generatesText(saved) && forecast === undefined && options.data === undefined)) {
      const text = generateFromRun(saved, { length, temperature, prime: options.prime, seed });
      return emit(options.out, `${text}\n`, () => console.log(terminalText(text, { multiline: true })));
    }
    const table = predictionTable(saved, forecast, options.data);
    for (const note of table.notes) console.error(`${runDir}: ${t('note')}: ${note}`);
    return emit(options.out, predictionCsv(table), (text) => process.stdout.write(terminalText(text, { multiline: true })));
  } catch (error) {
    if (!(error instanceof PredictError)) throw error;
    console.error(fileError(runDir, terminalText(error.message)));
    return 1;
  }
}

function predictionTable(saved: SavedModel, forecast: number | undefined, dataFile: string | undefined): PredictionTable {
  const input = dataFile === undefined ? undefined : seriesFromCsv(saved, readData(dataFile), dataFile);
  if (forecast !== undefined) return forecastTable(saved, forecast, input);
  return input ? seriesTable(saved, input) : validationTable(saved);
}

function readData(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new PredictError(t('{0}: cannot read the file: {1}', file, (error as Error).message));
  }
}

/** Writes `text` to `out` (whole, or not at all), else prints it. */
function emit(out: string | undefined, text: string, print: (text: string) => void): number {
  if (out === undefined) {
    print(text);
    return 0;
  }
  try {
    writeFileAtomic(out, text);
  } catch (error) {
    console.error(fileError(out, t('cannot write the file: {0}', (error as Error).message)));
    return 1;
  }
  console.error(t('Written to {0}', out));
  return 0;
}
