// After training, one pass of the kept model over the validation windows gives
// what the panel draws and what the baselines are compared with: the model's
// scores (measured like the baselines), regression predictions against
// targets (first output, in the data's units, thinned to at most
// MAX_PREDICTION_POINTS windows), the forecast of a series (every column: its
// validation windows and the rows after its end), the confusion matrix of a
// classification, and one window's per-step predictions of an every-step model
// (whose scores, like its baselines', are over every step).
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Batch, Dataset } from '../../../language';
import type { EndEvent, ForecastData } from '../../../shared';
import { confusionMatrix } from '../../../shared';
import { denormalize } from '../../data/normalize';
import { batchTensors, forEachBatch, PREDICTION_CHUNK } from '../batches';
import { forward } from '../forward';
import { Scorer } from '../scorer';
import { readValues } from '../../util/read-values';
import type { Callback, TrainingContext } from './callback';

const MAX_PREDICTION_POINTS = 500;
/** Rows of a long series the forecast view gets: its tail. */
const MAX_SERIES_ROWS = 5000;

/** The model's outputs for a batch, with their shape ([batch, width], or [batch, steps, width] for every-step models). */
function predict(model: LayersModel, batch: Batch, data: Dataset): { values: Float32Array; shape: number[] } {
  return readValues(() => {
    const { x, mask } = batchTensors(batch, data);
    return forward(model, x, false, mask);
  });
}

const argMax = (values: ArrayLike<number>, start: number, width: number) => {
  let best = 0;
  for (let k = 1; k < width; k++) if (values[start + k] > values[start + best]) best = k;
  return best;
};

/** The class of each window: the target's index (sparse), the one-hot's argmax, or a single sigmoid's 0/1. */
function classesOf(values: ArrayLike<number>, size: number, width: number, sparse: boolean): number[] {
  return Array.from({ length: size }, (_, i) => {
    if (sparse) return values[i];
    if (width === 1) return values[i] > 0.5 ? 1 : 0;
    return argMax(values, i * width, width);
  });
}

/** One window's per-step target and prediction: the first output, or the class at each step when targets are classes. */
export function stepPredictionsOf(target: ArrayLike<number>, predicted: ArrayLike<number>, steps: number, width: number, sparse: boolean): NonNullable<EndEvent['stepPredictions']> {
  const targetWidth = sparse ? 1 : width;
  return {
    target: Array.from({ length: steps }, (_, t) => target[t * targetWidth]),
    predicted: Array.from({ length: steps }, (_, t) => (sparse ? argMax(predicted, t * width, width) : predicted[t * width])),
  };
}

/** A validation window's forecast rows of every column (`predicted[c]`: column c's rows). */
interface WindowForecast {
  origin: number;
  predicted: number[][];
}

/** The series in the data's units, column by column, and the model's forecast of the rows after its end. */
function seriesForecast(model: LayersModel, data: Dataset, windows: WindowForecast[]): ForecastData | undefined {
  const series = data.series;
  if (!series) return undefined;
  const { width, values } = series;
  const rows = values.length / width;
  const horizon = data.horizon ?? 1;
  const start = Math.max(0, rows - MAX_SERIES_ROWS);
  const last = values.slice((rows - data.timesteps) * width);
  const future = predict(model, { size: 1, x: last, y: new Float32Array(horizon * width) }, data).values;
  const shown = windows.filter((w) => w.origin >= start);
  const column = (c: number) => ({
    column: series.columns[c],
    values: Array.from({ length: rows - start }, (_, r) => denormalize(values[(start + r) * width + c], data.normalization, c)),
    windows: shown.map((w) => w.predicted[c]),
    future: Array.from({ length: horizon }, (_, k) => denormalize(future[k * width + c], data.normalization, c)),
  });
  const [first, ...others] = Array.from({ length: width }, (_, c) => column(c));
  return {
    column: first.column,
    series: { start, values: first.values },
    horizon,
    ...(series.season ? { season: series.season } : {}),
    validationStart: series.validationStart + data.timesteps,
    windows: shown.map((w, i) => ({ origin: w.origin, predicted: first.windows[i] })),
    future: first.future,
    ...(others.length > 0 ? { otherColumns: others } : {}),
  };
}

export const validationPredictions: Callback = {
  onTrainEnd(run: TrainingContext): void {
    const { spec, setup } = run;
    const { data, model } = setup;
    if (data.validation.size === 0) return;
    const scorer = new Scorer(data, spec.loss);
    const sparse = data.targets === 'sparse';
    const horizon = data.horizon ?? 1;
    const stride = Math.ceil(data.validation.size / MAX_PREDICTION_POINTS);
    const target: number[] = [];
    const predicted: number[] = [];
    const windows: WindowForecast[] = [];
    const truth: number[] = [];
    const guesses: number[] = [];
    let stepPredictions: EndEvent['stepPredictions'];
    forEachBatch(data.validation, PREDICTION_CHUNK, (batch, indices) => {
      const output = predict(model, batch, data);
      if (output.shape.length === 3) {
        // A prediction at every step: the data's layout of such targets is the every-step source's; show one window,
        // and (regression) each window's prediction after its last step against the next value, as a last-step model's.
        const [, steps, width] = output.shape;
        stepPredictions ??= stepPredictionsOf(batch.y, output.values, steps, width, sparse);
        scorer.add(batch, output.values);
        if (data.task === 'classification') return;
        indices.forEach((index, i) => {
          if (index % stride !== 0) return;
          const last = (i + 1) * steps - 1;
          target.push(denormalize(batch.y[last * data.outputs], data.normalization, 0));
          predicted.push(denormalize(output.values[last * width], data.normalization, 0));
        });
        return;
      }
      const width = output.shape[1];
      scorer.add(batch, output.values);
      if (data.task === 'classification') {
        truth.push(...classesOf(batch.y, batch.size, width, sparse));
        guesses.push(...classesOf(output.values, batch.size, width, false));
        return;
      }
      indices.forEach((index, i) => {
        if (index % stride !== 0) return;
        target.push(denormalize(batch.y[i * width], data.normalization, 0));
        predicted.push(denormalize(output.values[i * width], data.normalization, 0));
        if (data.series) {
          windows.push({
            origin: data.series.validationStart + index + data.timesteps,
            predicted: Array.from({ length: data.outputs }, (_, c) => Array.from({ length: horizon },
              (_, k) => denormalize(output.values[i * width + k * data.outputs + c], data.normalization, c))),
          });
        }
      });
    });
    const { loss: _loss, ...scores } = scorer.result();
    run.outputs.scores = scores;
    if (stepPredictions) {
      run.outputs.stepPredictions = stepPredictions;
      if (target.length > 0) run.outputs.predictions = { target, predicted };
      return;
    }
    if (data.task === 'classification') {
      const count = Math.max(data.outputs, 2);
      const names = data.classes ?? data.vocabulary ?? Array.from({ length: count }, (_, i) => String(i));
      run.outputs.classification = { classes: names, confusion: confusionMatrix(truth, guesses, count) };
      return;
    }
    run.outputs.predictions = { target, predicted };
    const forecast = seriesForecast(model, data, windows);
    if (forecast) run.outputs.forecast = forecast;
  },
};
