// Loading a model's data for training: the windows split in time order,
// normalised with training statistics.
import type { ModelSpec, NormalizationMethod } from '../../shared';
import type { FileSystem } from '../../language';
import { numericColumns, parseCsv, selectColumns } from '../../language';
import { dataSourceFacts } from '../../language';
import { applyNormalization, fitNormalization, rowsInMemory } from './normalize';
import { streamedCsvRows, type SeriesRows } from './streamed/streamed-series';
import { openableDataPath, readDataFile } from '../../language';
import { boundaryGap, splitWindows, windowCount } from '../../language';
import { addingSequences, sineSeries } from './sources/generated';
import { checkVocabulary, encodeText, limitText, vocabularyOf } from '../../language';
import type { Dataset, Normalization } from '../../language';
import { SequenceSet, SeriesWindows, TokenWindows, splitSources, type WindowSet } from './windows';
import { classIds, classesOf, encodeTokens, listClassFolders, readClassTexts, readSequences, refuseEmptyTexts, textAsRead, tokenize, vocabularyOfTokens } from '../../language';
import { checkTokenVocabulary, type Tokenization } from '../../language';
import { labelledOrder, PaddedSequences, type LabelledData, type StepEncoding } from './labelled';

/** A series held whole; normalising it scales the array in place. */
function seriesInMemory(series: Float32Array, width: number, columns: string[]): SeriesRows {
  return {
    rows: series.length / width,
    width,
    columns,
    visit: rowsInMemory(series, width),
    values: series,
    windows: (timesteps, horizon, normalization, targetSteps) => {
      if (normalization) applyNormalization(series, width, normalization);
      return new SeriesWindows(series, width, timesteps, horizon, targetSteps);
    },
  };
}

/** Loads the data of `spec`; `seed` seeds generated data that has no seed of its own. Throws DataError. */
export function loadDataset(spec: ModelSpec, seed: number, fs: FileSystem): Dataset {
  const { data } = spec;
  const timesteps = spec.input.timesteps;
  const validationSplit = spec.train.validation_split;
  // The checker refuses `every_step` for sources without a target at every step (adding).
  const targetSteps = spec.output.at;

  const horizon = spec.output.horizon ?? 1;
  const seriesDataset = (series: SeriesRows, normalize: NormalizationMethod, season?: number): Dataset => {
    const split = splitWindows(windowCount(series.rows, timesteps, 1, horizon), validationSplit, boundaryGap(timesteps, 1, horizon));
    // Training windows touch rows 0 .. train+timesteps+horizon-2 (the last ones as targets).
    const normalization = normalize !== 'none' && split.train > 0
      ? fitNormalization(normalize, series.visit, series.width, split.train + timesteps + horizon - 1, series.columns)
      : undefined;
    const windows = series.windows(timesteps, horizon, normalization, targetSteps);
    return {
      task: 'regression',
      timesteps,
      features: series.width,
      outputs: series.width,
      targets: 'dense',
      targetSteps,
      split,
      normalization,
      horizon,
      streamed: series.streamed,
      // A streamed series is not held, so it has no forecast view or seasonal baseline.
      series: series.values && { values: series.values, width: series.width, columns: series.columns, season, validationStart: split.train + split.gap },
      ...splitSources(windows, split),
    };
  };

  switch (data.fn) {
    case 'sine':
      // A whole-number period is the wave's season; a fractional one has no seasonal-naive lag.
      return seriesDataset(seriesInMemory(sineSeries(data.args, data.args.seed ?? seed), 1, ['value']), 'none',
        Number.isInteger(data.args.period) ? data.args.period : undefined);
    case 'csv': {
      // The checker decides (memory budget); a spec built without it streams only when it says always.
      if (spec.streamData ?? data.args.stream === 'always') {
        return seriesDataset(streamedCsvRows(openableDataPath(data.args.path, spec.baseDir, fs), data.args), data.args.normalize, data.args.season);
      }
      const table = parseCsv(readDataFile(data.args.path, spec.baseDir, fs));
      const indices = selectColumns(table, data.args);
      // Also checks every value fits float32 (the checker saw only a head): an error names the line and column.
      const series = numericColumns(table, indices, data.args);
      return seriesDataset(seriesInMemory(series, indices.length, indices.map((i) => table.header[i])), data.args.normalize, data.args.season);
    }
    case 'adding': {
      const features = dataSourceFacts('adding')?.features ?? 2;
      const { inputs, targets } = addingSequences(data.args.samples, timesteps, data.args.seed ?? seed);
      const windows: WindowSet = new SequenceSet(inputs, targets, timesteps * features, 1);
      const split = splitWindows(windows.size, validationSplit, 0);
      return { task: 'regression', timesteps, features, outputs: 1, targets: 'dense', split, ...splitSources(windows, split) };
    }
    case 'text': {
      const read = limitText(readDataFile(data.args.path, spec.baseDir, fs), data.args.max_chars);
      if (data.args.level !== 'char' || data.args.vocabulary !== undefined || spec.embedding) return tokenTextDataset(spec, read, data.args);
      const text = textAsRead(read, data.args.lowercase);
      const vocabulary = vocabularyOf(text);
      // The checker saw only a head of the file: the whole vocabulary is known here, before the first batch.
      checkVocabulary(vocabulary);
      // The checker fills in stride (default: timesteps, non-overlapping windows as in char-rnn).
      const stride = data.args.stride ?? timesteps;
      const windows = new TokenWindows(encodeText(text, vocabulary), vocabulary.length, timesteps, stride, false, targetSteps);
      const split = splitWindows(windows.size, validationSplit, boundaryGap(timesteps, stride));
      return {
        task: 'classification',
        timesteps,
        features: vocabulary.length,
        outputs: vocabulary.length,
        targets: 'sparse',
        targetSteps,
        split,
        vocabulary,
        ...splitSources(windows, split),
      };
    }
    case 'sequences': {
      const table = parseCsv(readDataFile(data.args.path, spec.baseDir, fs));
      const sequences = readSequences(table, data.args, timesteps);
      const classes = classesOf(sequences.labels);
      const labelled = { sequences: sequences.values, labels: classIds(sequences.labels, classes), classes: classes.length };
      const { order, split } = labelledOrder(labelled.labels, classes.length, validationSplit, spec.train.stratify, seed);
      const normalization = data.args.normalize === 'none' || split.train === 0 ? undefined
        : normalizeSequences(labelled, order.slice(0, split.train), sequences.features, timesteps, sequences.columns, data.args.normalize);
      const windows = new PaddedSequences(labelled, order, timesteps, sequences.features, 'values');
      return {
        task: 'classification', timesteps, features: sequences.features, outputs: classes.length, targets: 'sparse', split, normalization, classes,
        ...splitSources(windows, split),
      };
    }
    case 'text_folder': {
      const folders = listClassFolders(data.args.path, spec.baseDir, fs);
      const texts = readClassTexts(folders, fs);
      const tokens = texts.texts.map((text) => tokenize(text, data.args));
      const vocabulary = vocabularyOfTokens(tokens, data.args.vocabulary);
      // The checker read a head: the whole vocabulary is known here, before the first batch.
      checkTokenVocabulary(vocabulary, data.args.path);
      refuseEmptyTexts(tokens, texts.files);
      const classes = folders.map((folder) => folder.name);
      const labelled = { sequences: tokens.map((list) => encodeTokens(list.slice(0, timesteps), vocabulary)), labels: Uint32Array.from(texts.labels), classes: classes.length };
      const { order, split } = labelledOrder(labelled.labels, classes.length, validationSplit, spec.train.stratify, seed);
      const encoding: StepEncoding = spec.embedding ? 'token-ids' : 'one-hot';
      const windows = new PaddedSequences(labelled, order, timesteps, vocabulary.length, encoding);
      return {
        task: 'classification', timesteps, features: vocabulary.length, outputs: classes.length, targets: 'sparse', split, vocabulary, classes,
        ...(spec.embedding ? { inputs: 'token-ids' as const } : {}),
        ...splitSources(windows, split),
      };
    }
  }
}

/** Word-level text, or text with a vocabulary limit or an embedding: windows of token ids. */
function tokenTextDataset(spec: ModelSpec, text: string, tokenization: Tokenization & { stride: number }): Dataset {
  const timesteps = spec.input.timesteps;
  const tokens = tokenize(text, tokenization);
  const vocabulary = vocabularyOfTokens([tokens], tokenization.vocabulary);
  checkTokenVocabulary(vocabulary, spec.data.fn === 'text' ? spec.data.args.path : '');
  const stride = tokenization.stride ?? timesteps;
  const windows = new TokenWindows(encodeTokens(tokens, vocabulary), vocabulary.length, timesteps, stride, !!spec.embedding, spec.output.at);
  const split = splitWindows(windows.size, spec.train.validation_split, boundaryGap(timesteps, stride));
  return {
    task: 'classification', timesteps, features: vocabulary.length, outputs: vocabulary.length, targets: 'sparse', targetSteps: spec.output.at, split, vocabulary,
    ...(spec.embedding ? { inputs: 'token-ids' as const } : {}),
    ...splitSources(windows, split),
  };
}

/** Scales every sequence with statistics of the training sequences' steps (as far as `timesteps` keeps them). */
function normalizeSequences(
  data: LabelledData, training: number[], width: number, timesteps: number, columns: string[], method: Exclude<NormalizationMethod, 'none'>,
): Normalization {
  const kept = training.map((i) => data.sequences[i].subarray(0, Math.min(data.sequences[i].length, timesteps * width)));
  const series = new Float32Array(kept.reduce((sum, part) => sum + part.length, 0));
  kept.reduce((offset, part) => (series.set(part, offset), offset + part.length), 0);
  const normalization = fitNormalization(method, rowsInMemory(series, width), width, series.length / width, columns);
  for (const sequence of data.sequences) applyNormalization(sequence as Float32Array, width, normalization);
  return normalization;
}
