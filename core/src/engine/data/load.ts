// Loading a model's data for training: the windows split in time order,
// normalised with training statistics.
import type { ModelSpec, NormalizationMethod } from '../../shared';
import type { FileSystem } from '../../language';
import { numericColumns, parseCsv, selectColumns } from '../../language';
import { dataSourceFacts } from '../../language';
import { applyNormalization, fitNormalization } from './normalize';
import { readDataFile } from '../../language';
import { boundaryGap, splitWindows } from '../../language';
import { addingSequences, sineSeries } from './sources/generated';
import { checkVocabulary, encodeText, limitText, vocabularyOf } from '../../language';
import type { Dataset, Normalization } from '../../language';
import { SequenceSet, SeriesWindows, TokenWindows, splitSources, type WindowSet } from './windows';

/** Loads the data of `spec`; `seed` seeds generated data that has no seed of its own. Throws DataError. */
export function loadDataset(spec: ModelSpec, seed: number, fs: FileSystem): Dataset {
  const { data } = spec;
  const timesteps = spec.input.timesteps;
  const validationSplit = spec.train.validation_split;
  // The checker refuses `every_step` for sources without a target at every step (adding).
  const targetSteps = spec.output.at;

  const seriesDataset = (series: Float32Array, width: number, columns: string[], normalize: NormalizationMethod): Dataset => {
    const windows = new SeriesWindows(series, width, timesteps, targetSteps);
    const split = splitWindows(windows.size, validationSplit, boundaryGap(timesteps, 1));
    let normalization: Normalization | undefined;
    if (normalize !== 'none' && split.train > 0) {
      // Training windows touch rows 0 .. train+timesteps-1 (the last one as a target).
      normalization = fitNormalization(normalize, series, width, split.train + timesteps, columns);
      applyNormalization(series, width, normalization);
    }
    return {
      task: 'regression',
      timesteps,
      features: width,
      outputs: width,
      targets: 'dense',
      targetSteps,
      split,
      normalization,
      ...splitSources(windows, split),
    };
  };

  switch (data.fn) {
    case 'sine':
      return seriesDataset(sineSeries(data.args, data.args.seed ?? seed), 1, ['value'], 'none');
    case 'csv': {
      const table = parseCsv(readDataFile(data.args.path, spec.baseDir, fs));
      const indices = selectColumns(table, data.args);
      // Also checks every value fits float32 (the checker saw only a head): an error names the line and column.
      const series = numericColumns(table, indices, data.args);
      return seriesDataset(series, indices.length, indices.map((i) => table.header[i]), data.args.normalize);
    }
    case 'adding': {
      const features = dataSourceFacts('adding')?.features ?? 2;
      const { inputs, targets } = addingSequences(data.args.samples, timesteps, data.args.seed ?? seed);
      const windows: WindowSet = new SequenceSet(inputs, targets, timesteps * features, 1);
      const split = splitWindows(windows.size, validationSplit, 0);
      return { task: 'regression', timesteps, features, outputs: 1, targets: 'dense', split, ...splitSources(windows, split) };
    }
    case 'text': {
      const text = limitText(readDataFile(data.args.path, spec.baseDir, fs), data.args.max_chars);
      const vocabulary = vocabularyOf(text);
      // The checker saw only a head of the file: the whole vocabulary is known here, before the first batch.
      checkVocabulary(vocabulary);
      // The checker fills in stride (default: timesteps, non-overlapping windows as in char-rnn).
      const stride = data.args.stride ?? timesteps;
      const windows = new TokenWindows(encodeText(text, vocabulary), vocabulary.length, timesteps, stride, targetSteps);
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
  }
}
