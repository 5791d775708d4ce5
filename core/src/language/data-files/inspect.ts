// Cheap facts about a data source for the checker: task, sizes, window
// counts, vocabulary, or the reason the data cannot be used.
import type { DataSpec } from '../../shared';
import type { FileSystem } from '../check/api';
import { dataSourceFacts } from '../schema/facts';
import { numericColumns, parseCsv, quoteBounded, selectColumns } from './csv';
import { t } from '../../shared';
import { readDataHead, type DataAccessPolicy } from './source-file';
import { boundaryGap, splitWindows, windowCount } from './split';
import { checkVocabulary, limitText, vocabularyOf } from './sources/text';
import { csvMemory, floatsInMemory, textInMemory, type DataMemory } from './streaming';
import { classCounts, classesOf, classIds } from './sources/labels';
import { readSequences } from './sources/sequences';
import { checkTokenVocabulary, textAsRead, tokenize, vocabularyOfTokens, type Tokenization } from './sources/tokens';
import { CHECK_FOLDER_BYTES, listClassFolders, readClassTexts, refuseEmptyTexts } from './source-folder';
import { splitLabelled } from './split';
import { DataError, type DataFacts, type InspectResult } from './types';

function facts(
  source: string,
  sizes: { features: number; outputs: number; vocabulary?: string[]; partial?: boolean; memory?: DataMemory },
  windows: (timesteps: number, horizon: number) => number,
  /** Steps between window starts; undefined for independent sequences (no boundary gap). */
  stride: ((timesteps: number) => number) | undefined,
): DataFacts {
  return {
    task: dataSourceFacts(source)?.task ?? 'regression',
    features: sizes.features,
    outputs: sizes.outputs,
    vocabulary: sizes.vocabulary,
    partial: sizes.partial,
    memory: sizes.memory,
    windows: (timesteps, horizon = 1) => windows(timesteps, horizon),
    split: (timesteps, validationSplit, horizon = 1) =>
      splitWindows(windows(timesteps, horizon), validationSplit, stride ? boundaryGap(timesteps, stride(timesteps), horizon) : 0),
  };
}

/**
 * The checker sees a bounded head of a file: a cut-off last line is dropped,
 * and sizes are scaled up from the head (enough for the window checks, which
 * only fail on small data, and a head this large is never small).
 */
function headOf(path: string, baseDir: string, fs: FileSystem, policy: DataAccessPolicy | undefined): { text: string; truncated: boolean; fileBytes: number } {
  const head = readDataHead(path, baseDir, fs, policy);
  const text = head.truncated ? head.text.slice(0, head.text.lastIndexOf('\n') + 1) : head.text;
  return { text, truncated: head.truncated, fileBytes: head.size >= 0 ? head.size : Buffer.byteLength(head.text) };
}

/** Rows of the whole file, scaled up from the head's when the checker saw only a head. */
function estimatedRows(head: { text: string; truncated: boolean; fileBytes: number }, headRows: number): number {
  return head.truncated ? Math.ceil((headRows * head.fileBytes) / Math.max(1, Buffer.byteLength(head.text))) : headRows;
}

/** A column with one value everywhere: scaling it divides by a spread of zero, and it holds nothing to learn. */
function checkNotConstant(table: ReturnType<typeof parseCsv>, columns: number[], series: Float32Array, normalize: string): void {
  if (normalize === 'none' || table.rows.length < 2) return;
  columns.forEach((column, k) => {
    const first = series[k];
    for (let r = 1; r < table.rows.length; r++) if (series[r * columns.length + k] !== first) return;
    throw new DataError('data-unusable',
      t('column {0} has the same value on every row: normalize: {1} cannot scale it and it holds nothing to learn; choose other columns or use normalize: none', quoteBounded(table.header[column]), normalize),
      'path');
  });
}

function inspectOrThrow(data: DataSpec, timesteps: number, baseDir: string, fs: FileSystem, policy: DataAccessPolicy | undefined): DataFacts {
  switch (data.fn) {
    case 'sine': {
      const sizes = {
        features: dataSourceFacts('sine')?.features ?? 1, outputs: dataSourceFacts('sine')?.outputs ?? 1,
        memory: floatsInMemory(data.args.samples),
      };
      return facts('sine', sizes, (t, horizon) => windowCount(data.args.samples, t, 1, horizon), () => 1);
    }
    case 'adding': {
      const features = dataSourceFacts('adding')?.features ?? 2;
      const sizes = {
        features, outputs: dataSourceFacts('adding')?.outputs ?? 1,
        memory: floatsInMemory(data.args.samples * (data.args.timesteps * features + 1)),
      };
      return facts('adding', sizes, () => data.args.samples, undefined);
    }
    case 'csv': {
      const head = headOf(data.args.path, baseDir, fs, policy);
      const table = parseCsv(head.text);
      const columns = selectColumns(table, data.args);
      const series = numericColumns(table, columns, data.args);
      // Only the whole file shows that a column is constant; training start checks the rest.
      if (!head.truncated) checkNotConstant(table, columns, series, data.args.normalize);
      const rows = head.truncated ? Number.MAX_SAFE_INTEGER : table.rows.length;
      const memory = csvMemory(data.args.stream, head.fileBytes, estimatedRows(head, table.rows.length), table.header.length, columns.length);
      return facts('csv', { features: columns.length, outputs: columns.length, memory }, (t, horizon) => windowCount(rows, t, 1, horizon), () => 1);
    }
    case 'text': {
      if (data.args.level !== 'char' || data.args.vocabulary !== undefined) return tokenTextFacts(data.args, baseDir, fs, policy);
      const head = headOf(data.args.path, baseDir, fs, policy);
      const text = textAsRead(limitText(head.text, data.args.max_chars), data.args.lowercase);
      let length = 0;
      for (const _ of text) length++;
      // A head cut by the limit rather than by max_chars may miss characters: the vocabulary is then training's to find.
      const partial = head.truncated && (data.args.max_chars === undefined || length < data.args.max_chars);
      const vocabulary = vocabularyOf(text);
      if (!partial) checkVocabulary(vocabulary);
      if (partial) length = Number.MAX_SAFE_INTEGER;
      const chars = Math.min(head.fileBytes, data.args.max_chars ?? Infinity);
      const sizes = { features: vocabulary.length, outputs: vocabulary.length, vocabulary, partial, memory: textInMemory(chars) };
      const stride = (t: number) => data.args.stride ?? t;
      return facts('text', sizes, (t) => windowCount(length, t, stride(t)), stride);
    }
    case 'sequences': {
      const head = headOf(data.args.path, baseDir, fs, policy);
      const sequences = readSequences(parseCsv(head.text), data.args, timesteps, !head.truncated);
      const classes = classesOf(sequences.labels);
      const lengths = sequences.values.map((v) => v.length / sequences.features);
      const counts = classCounts(classIds(sequences.labels, classes), classes.length);
      return labelledFacts('sequences', { classes, counts, lengths },
        { features: sequences.features, partial: head.truncated, partialClasses: head.truncated });
    }
    case 'text_folder': {
      const classes = listClassFolders(data.args.path, baseDir, fs, policy);
      const read = readClassTexts(classes, fs, CHECK_FOLDER_BYTES);
      const tokens = read.texts.map((text) => tokenize(text, data.args));
      refuseEmptyTexts(tokens, read.files);
      const partial = read.unread > 0;
      const vocabulary = vocabularyOfTokens(tokens, data.args.vocabulary);
      if (!partial) checkTokenVocabulary(vocabulary, data.args.path);
      // The classes are the folders, all listed; only the texts are a head.
      const labelled = { classes: classes.map((folder) => folder.name), counts: classes.map((folder) => folder.files.length), lengths: tokens.map((list) => list.length) };
      return labelledFacts('text_folder', labelled, { features: vocabulary.length, vocabulary, partial, partialClasses: false });
    }
  }
}

/** Word-level text, or text with a vocabulary limit: windows of tokens. */
function tokenTextFacts(args: Tokenization & { path: string; max_chars?: number; stride?: number }, baseDir: string, fs: FileSystem, policy: DataAccessPolicy | undefined): DataFacts {
  const head = headOf(args.path, baseDir, fs, policy);
  const text = limitText(head.text, args.max_chars);
  const tokens = tokenize(text, args);
  const partial = head.truncated && (args.max_chars === undefined || Array.from(text).length < args.max_chars);
  const vocabulary = vocabularyOfTokens([tokens], args.vocabulary);
  if (!partial) checkTokenVocabulary(vocabulary, args.path);
  const length = partial ? Number.MAX_SAFE_INTEGER : tokens.length;
  const chars = Math.min(head.fileBytes, args.max_chars ?? Infinity);
  const sizes = { features: vocabulary.length, outputs: vocabulary.length, vocabulary, partial, memory: textInMemory(chars) };
  const stride = (t: number) => args.stride ?? t;
  return facts('text', sizes, (t) => windowCount(length, t, stride(t)), stride);
}

/**
 * Facts of labelled sequences: one window per sequence, a random or
 * stratified split of whole sequences, the classes and their counts, and
 * every sequence's length. From a head of a file (`partialClasses`) the count
 * of sequences is unknown but large: the split checks only fail on small data.
 */
function labelledFacts(
  source: 'sequences' | 'text_folder', labelled: { classes: string[]; counts: number[]; lengths: number[] },
  sizes: { features: number; partial: boolean; partialClasses: boolean; vocabulary?: string[] },
): DataFacts {
  const total = labelled.counts.reduce((a, b) => a + b, 0);
  const windows = sizes.partialClasses ? Number.MAX_SAFE_INTEGER : total;
  return {
    ...facts(source, { ...sizes, outputs: labelled.classes.length }, () => windows, undefined),
    classes: labelled.classes,
    partialClasses: sizes.partialClasses,
    classCounts: labelled.counts,
    lengths: [...labelled.lengths].sort((a, b) => a - b),
    split: (_timesteps, validationSplit, _horizon, stratify = false) =>
      sizes.partialClasses ? splitWindows(windows, validationSplit, 0) : splitLabelled(labelled.counts, validationSplit, stratify),
  };
}

export function inspectData(data: DataSpec, timesteps: number, baseDir: string, fs: FileSystem, policy?: DataAccessPolicy): InspectResult {
  try {
    // Window counts are a function of timesteps (DataFacts.windows); wide sequences need it to split their rows into steps.
    return { ok: true, facts: inspectOrThrow(data, timesteps, baseDir, fs, policy) };
  } catch (error) {
    if (error instanceof DataError) {
      return { ok: false, code: error.code, message: error.message, arg: error.arg, item: error.item };
    }
    return { ok: false, code: 'data-unreadable', message: String((error as Error)?.message ?? error), arg: 'path' };
  }
}
