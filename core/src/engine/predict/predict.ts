// Predictions of a saved run, as tables in the data's own units: on the
// validation part of the spec's data, on new data (scaled with the run's
// normalisation), and forecasts that roll a series forward from its end,
// each prediction (all the rows of a horizon) becoming the newest input.
import * as tf from '@tensorflow/tfjs-core';
import { loadDataset } from '../data/load';
import { applyNormalization, denormalize } from '../data/normalize';
import {
  blockDefaults, dataSourceFacts, nodeFileSystem, numericColumns, parseCsv, selectColumns, tokenizationOf, type Dataset, type Normalization,
} from '../../language';
import { csvText, t } from '../../shared';
import { batchTensors, forEachBatch, PREDICTION_CHUNK } from '../train/batches';
import { forward, lastStepOutput } from '../train/forward';
import { generateText } from '../train/generate';
import { readValues } from '../util/read-values';
import { PredictError, type SavedModel } from './saved-model';

export interface PredictionTable {
  header: string[];
  rows: (number | string | undefined)[][];
  /** Things the reader should know (e.g. the data changed since training). */
  notes: string[];
}

/** The table as CSV, numbers to 7 significant digits: enough to tell float32 values apart, without the noise of more. */
export function predictionCsv(table: PredictionTable): string {
  const cell = (value: number | string | undefined) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(7)) : value);
  return csvText([table.header, ...table.rows.map((row) => row.map(cell))]);
}

/**
 * The model's output for the rows after each window of `x` (rows of timesteps × width values): its forecast rows,
 * or, of a model that predicts at every step, its prediction after the last step.
 */
function predictRows(saved: SavedModel, x: Float32Array, count: number, timesteps: number, width: number): Float32Array[] {
  const out: Float32Array[] = [];
  const windowLength = timesteps * width;
  for (let start = 0; start < count; start += PREDICTION_CHUNK) {
    const n = Math.min(PREDICTION_CHUNK, count - start);
    const { values } = readValues(() => {
      const input = tf.tensor3d(x.subarray(start * windowLength, (start + n) * windowLength), [n, timesteps, width]);
      return lastStepOutput(saved.model.predict(input) as tf.Tensor);
    });
    const outputs = values.length / n;
    for (let i = 0; i < n; i++) out.push(values.slice(i * outputs, (i + 1) * outputs));
  }
  return out;
}

/** Output column names: the data's columns, "value" for one unnamed series, output_<i> otherwise. */
function outputNames(saved: SavedModel, count: number, columns?: string[]): string[] {
  if (columns && columns.length === count) return columns;
  return count === 1 ? ['value'] : Array.from({ length: count }, (_, i) => `output_${i + 1}`);
}

function loadSpecData(saved: SavedModel): { data: Dataset; notes: string[] } {
  const data = loadDataset(saved.spec(), saved.summary.seed, nodeFileSystem);
  const notes: string[] = [];
  const stored = saved.summary.normalization;
  if (stored && data.normalization && JSON.stringify(stored.offset) + JSON.stringify(stored.scale) !== JSON.stringify(data.normalization.offset) + JSON.stringify(data.normalization.scale)) {
    notes.push(t('the data changed since the run trained: its normalisation differs from the run\'s'));
  }
  return { data, notes };
}

/** The row of `y` holding window i's target after its last step: targets at every step hold `timesteps` rows a window. */
function targetRow(i: number, data: Dataset): number {
  return data.targetSteps === 'every_step' ? (i + 1) * data.timesteps - 1 : i;
}

/** Each validation window of the spec's data: its target and the prediction (the class for text models). */
export function validationTable(saved: SavedModel): PredictionTable {
  const { data, notes } = loadSpecData(saved);
  if (data.validation.size === 0) throw new PredictError(t('the spec of the run in {0} has no validation part (validation_split: 0); give new data with --data', saved.runDir));
  const first = data.split.train + data.split.gap;
  const rows: PredictionTable['rows'] = [];
  // A class is named by the data (labelled sequences), else by the vocabulary (text), else by its index.
  const label = (c: number) => data.classes?.[c] ?? data.vocabulary?.[c] ?? String(c);
  forEachBatch(data.validation, PREDICTION_CHUNK, (batch, indices) => {
    const { values } = readValues(() => {
      const { x, mask } = batchTensors(batch, data);
      return lastStepOutput(forward(saved.model, x, false, mask));
    });
    indices.forEach((index, i) => {
      if (data.targets === 'sparse') {
        const probabilities = Array.from(values.slice(i * data.outputs, (i + 1) * data.outputs));
        const predicted = probabilities.indexOf(Math.max(...probabilities));
        rows.push([first + index, label(batch.y[targetRow(i, data)]), label(predicted), probabilities[predicted]]);
      } else {
        // The first forecast row (of a horizon), the one after the window's last step (of an every-step model).
        const row = targetRow(i, data) * (data.horizon ?? 1);
        const outputs = values.length / batch.size;
        const targets = Array.from({ length: data.outputs }, (_, c) => denormalize(batch.y[row * data.outputs + c], data.normalization, c));
        const predicted = Array.from({ length: data.outputs }, (_, c) => denormalize(values[i * outputs + c], data.normalization, c));
        rows.push([first + index, ...targets, ...predicted]);
      }
    });
  });
  if (data.targets === 'sparse') return { header: ['window', 'target', 'predicted', 'probability'], rows, notes };
  const names = outputNames(saved, data.outputs, data.normalization?.columns);
  const header = names.length === 1 ? ['window', 'target', 'predicted'] : ['window', ...names.map((n) => `target_${n}`), ...names.map((n) => `predicted_${n}`)];
  return { header, rows, notes };
}

/** A series model reads rows of `features` columns and predicts the next row (sine and csv data). */
function requireSeriesModel(saved: SavedModel, what: string): { timesteps: number; width: number } {
  const { data } = saved.summary;
  const spec = saved.spec();
  if (!data || data.task !== 'regression' || (spec.data.fn !== 'csv' && spec.data.fn !== 'sine') || data.features !== data.outputs) {
    throw new PredictError(t('{0} needs a model that predicts the next row of a series (sine or csv data); the run in {1} trained on {2} data', what, saved.runDir, spec.data.fn));
  }
  return { timesteps: data.timesteps, width: data.features };
}

/**
 * New data as the model's input: the spec's csv columns (or the one column
 * of a file for a sine model), scaled with the run's normalisation.
 */
export function seriesFromCsv(saved: SavedModel, text: string, file: string): { series: Float32Array; columns: string[] } {
  const { width } = requireSeriesModel(saved, '--data');
  const spec = saved.spec();
  const table = parseCsv(text);
  const choice = spec.data.fn === 'csv' ? { column: spec.data.args.column, columns: spec.data.args.columns }
    : table.header.length === 1 ? { column: table.header[0] } : { column: 'value' };
  let indices: number[];
  try {
    indices = selectColumns(table, choice);
  } catch (error) {
    throw new PredictError(t('{0}: {1} (the model reads the columns it was trained on)', file, (error as Error).message));
  }
  if (indices.length !== width) {
    throw new PredictError(t('{0}: the model reads {1} columns, the file gives {2} ({3})', file, width, indices.length, indices.map((i) => table.header[i]).join(', ')));
  }
  let series: Float32Array;
  try {
    series = numericColumns(table, indices, choice);
  } catch (error) {
    throw new PredictError(`${file}: ${(error as Error).message}`);
  }
  const normalization = saved.summary.normalization as Normalization | undefined;
  if (normalization) applyNormalization(series, width, normalization);
  return { series, columns: indices.map((i) => table.header[i]) };
}

/** Every window of the new series: the row it predicts, that row's values where the data has them, and the prediction. */
export function seriesTable(saved: SavedModel, input: { series: Float32Array; columns: string[] }): PredictionTable {
  const { timesteps, width } = requireSeriesModel(saved, '--data');
  const rowsInData = input.series.length / width;
  if (rowsInData < timesteps) throw new PredictError(t('the data has {0} rows; the model needs at least {1} (its timesteps)', rowsInData, timesteps));
  const count = rowsInData - timesteps + 1;
  const x = new Float32Array(count * timesteps * width);
  for (let i = 0; i < count; i++) x.set(input.series.subarray(i * width, (i + timesteps) * width), i * timesteps * width);
  const predicted = predictRows(saved, x, count, timesteps, width);
  const normalization = saved.summary.normalization as Normalization | undefined;
  const names = outputNames(saved, width, input.columns);
  const header = width === 1 ? ['row', 'actual', 'predicted'] : ['row', ...names.map((n) => `actual_${n}`), ...names.map((n) => `predicted_${n}`)];
  const rows = predicted.map((values, i) => {
    const row = i + timesteps; // 0-based data row the window predicts
    const actual = Array.from({ length: width }, (_, c) => (row < rowsInData ? denormalize(input.series[row * width + c], normalization, c) : undefined));
    return [row + 1, ...actual, ...Array.from(values, (v, c) => denormalize(v, normalization, c))];
  });
  return { header, rows, notes: [] };
}

/**
 * `steps` rows past the end of the series (the spec's data, or `input`), each prediction fed back as the newest
 * rows: one row of a next-row or every-step model, all `horizon` rows of a horizon model. The model predicts every
 * column it reads (requireSeriesModel), so the window never lacks a column.
 */
export function forecastTable(saved: SavedModel, steps: number, input?: { series: Float32Array; columns: string[] }): PredictionTable {
  const { timesteps, width } = requireSeriesModel(saved, '--forecast');
  let context: Float32Array;
  let notes: string[] = [];
  let normalization = saved.summary.normalization as Normalization | undefined;
  let columns = input?.columns;
  if (input) {
    if (input.series.length / width < timesteps) throw new PredictError(t('the data has {0} rows; the model needs at least {1} (its timesteps)', input.series.length / width, timesteps));
    context = input.series.slice(input.series.length - timesteps * width);
  } else {
    const loaded = loadSpecData(saved);
    const { data } = loaded;
    notes = loaded.notes;
    normalization = data.normalization;
    columns = data.normalization?.columns;
    // The last window and its targets end with the series' last row (targets: the horizon's rows after the window,
    // or at every step the window one row on): the series' last timesteps rows end them.
    const part = data.validation.size > 0 ? data.validation : data.train;
    const last = part.batch([part.size - 1]);
    const rows = new Float32Array(last.x.length + last.y.length);
    rows.set(last.x);
    rows.set(last.y, last.x.length);
    context = rows.slice(rows.length - timesteps * width);
  }
  const rows: PredictionTable['rows'] = [];
  while (rows.length < steps) {
    const [next] = predictRows(saved, context, 1, timesteps, width);
    // A horizon model predicts its h rows at once, row after row: all of them are forecast rows, and all of them
    // join the window (feeding back only the first would throw away h - 1 predictions and call the model h times as often).
    const predicted = next.length / width;
    for (let r = 0; r < predicted && rows.length < steps; r++) {
      rows.push([rows.length + 1, ...Array.from(next.subarray(r * width, (r + 1) * width), (v, c) => denormalize(v, normalization, c))]);
    }
    context = appendRows(context, next, timesteps * width);
  }
  return { header: ['step', ...outputNames(saved, width, columns)], rows, notes };
}

/** The newest `length` values of the window followed by the predicted rows. */
function appendRows(window: Float32Array, predicted: Float32Array, length: number): Float32Array {
  const joined = new Float32Array(window.length + predicted.length);
  joined.set(window);
  joined.set(predicted, window.length);
  return joined.slice(joined.length - length);
}

export interface GenerationOptions {
  length?: number;
  temperature?: number;
  prime?: string;
  seed?: number;
}

/**
 * Whether the run's model continues a text (its data source generates, a schema fact): predicting with it means
 * generating. A text classifier has a vocabulary too, but predicts classes.
 */
export function generatesText(saved: SavedModel): boolean {
  return dataSourceFacts(saved.spec().data.fn)?.generates === true && saved.summary.data?.vocabulary !== undefined;
}

/** Text from a character model: the options, else the spec's generate block, else the schema's defaults. */
export function generateFromRun(saved: SavedModel, options: GenerationOptions): string {
  const { data } = saved.summary;
  if (!data?.vocabulary || !generatesText(saved)) throw new PredictError(t('--length, --temperature and --prime generate text; the run in {0} is not a text model', saved.runDir));
  const given = options.length !== undefined && options.temperature !== undefined && options.prime !== undefined;
  const fromSpec = given ? undefined : saved.spec().generate;
  const defaults = { ...blockDefaults('generate'), ...fromSpec } as { length: number; temperature: number; prime: string };
  return generateText(saved.model, {
    // The prime is split as the training text was (words, lower case), or its tokens miss the vocabulary.
    ...tokenizationOf(saved.spec().data),
    length: options.length ?? defaults.length,
    temperature: options.temperature ?? defaults.temperature,
    prime: options.prime ?? defaults.prime,
    vocabulary: data.vocabulary,
    timesteps: data.timesteps,
    // The run's own sample used seed + 2 (callbacks/text-sample.ts): the same seed gives the same text.
    seed: options.seed ?? saved.summary.seed + 2,
  });
}
