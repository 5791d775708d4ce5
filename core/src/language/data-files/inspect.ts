// Cheap facts about a data source for the checker: task, sizes, window
// counts, vocabulary, or the reason the data cannot be used.
import type { DataSpec } from '../../shared';
import type { FileSystem } from '../check/api';
import { dataSourceFacts } from '../schema/facts';
import { numericColumns, parseCsv, selectColumns } from './csv';
import { readDataFile } from './source-file';
import { boundaryGap, splitWindows, windowCount } from './split';
import { limitText, vocabularyOf } from './sources/text';
import { DataError, type DataFacts, type InspectResult } from './types';

function facts(
  source: string,
  sizes: { features: number; outputs: number; vocabulary?: string[] },
  windows: (timesteps: number) => number,
  /** Steps between window starts; undefined for independent sequences (no boundary gap). */
  stride: ((timesteps: number) => number) | undefined,
): DataFacts {
  return {
    task: dataSourceFacts(source)?.task ?? 'regression',
    features: sizes.features,
    outputs: sizes.outputs,
    vocabulary: sizes.vocabulary,
    windows,
    split: (timesteps, validationSplit) =>
      splitWindows(windows(timesteps), validationSplit, stride ? boundaryGap(timesteps, stride(timesteps)) : 0),
  };
}

function inspectOrThrow(data: DataSpec, baseDir: string, fs: FileSystem): DataFacts {
  switch (data.fn) {
    case 'sine': {
      const sizes = { features: dataSourceFacts('sine')?.features ?? 1, outputs: dataSourceFacts('sine')?.outputs ?? 1 };
      return facts('sine', sizes, (t) => windowCount(data.args.samples, t, 1), () => 1);
    }
    case 'adding': {
      const sizes = { features: dataSourceFacts('adding')?.features ?? 2, outputs: dataSourceFacts('adding')?.outputs ?? 1 };
      return facts('adding', sizes, () => data.args.samples, undefined);
    }
    case 'csv': {
      const table = parseCsv(readDataFile(data.args.path, baseDir, fs));
      const columns = selectColumns(table, data.args);
      numericColumns(table, columns, data.args);
      const rows = table.rows.length;
      return facts('csv', { features: columns.length, outputs: columns.length }, (t) => windowCount(rows, t, 1), () => 1);
    }
    case 'text': {
      const text = limitText(readDataFile(data.args.path, baseDir, fs), data.args.max_chars);
      const vocabulary = vocabularyOf(text);
      let length = 0;
      for (const _ of text) length++;
      const sizes = { features: vocabulary.length, outputs: vocabulary.length, vocabulary };
      const stride = (t: number) => data.args.stride ?? t;
      return facts('text', sizes, (t) => windowCount(length, t, stride(t)), stride);
    }
  }
}

export function inspectData(data: DataSpec, timesteps: number, baseDir: string, fs: FileSystem): InspectResult {
  void timesteps; // window counts are a function of timesteps: see DataFacts.windows
  try {
    return { ok: true, facts: inspectOrThrow(data, baseDir, fs) };
  } catch (error) {
    if (error instanceof DataError) {
      return { ok: false, code: error.code, message: error.message, arg: error.arg, item: error.item };
    }
    return { ok: false, code: 'data-unreadable', message: String((error as Error)?.message ?? error), arg: 'path' };
  }
}
