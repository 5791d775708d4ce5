// The naive predictors a run reports as its baselines, scored like the model:
// a series is forecast by persistence and, with a season, seasonal naive
// (core/src/shared/forecast.ts); other regression by the training targets'
// mean; classification by the training class frequencies (whose accuracy is
// the majority class's). A model that predicts at every step is measured over
// every step, like its loss: persistence then predicts each step's input row,
// the mean and the frequencies every step alike. Measured on the validation
// windows, or on the training windows when there is no validation part.
import type { Baseline } from '../../shared';
import { persistenceForecast, seasonalNaiveForecast } from '../../shared';
import type { Batch, Dataset, SeriesData, WindowSource } from '../../language';
import { forEachBatch, PREDICTION_CHUNK } from './batches';
import { Scorer } from './scorer';

/** Predicted values per window of a batch; `first` is the index of the batch's first window in its source. */
type Predictor = (batch: Batch, windows: number[]) => Float32Array | undefined;

function score(data: Dataset, lossName: string, source: WindowSource, predict: Predictor): ReturnType<Scorer['result']> | undefined {
  const scorer = new Scorer(data, lossName);
  let complete = true;
  forEachBatch(source, PREDICTION_CHUNK, (batch, windows) => {
    const predicted = complete ? predict(batch, windows) : undefined;
    if (predicted) scorer.add(batch, predicted);
    else complete = false;
  });
  return complete ? scorer.result() : undefined;
}

/**
 * Mean of each target value over a window set (the class frequencies of one-hot or sparse class targets), over
 * every real step of every-step targets.
 */
function targetMeans(data: Dataset, source: WindowSource, width: number, steps: number): Float32Array {
  const sums = new Float64Array(width);
  let count = 0;
  forEachBatch(source, PREDICTION_CHUNK, (batch) => {
    for (let row = 0; row < batch.size * steps; row++) {
      if (steps > 1 && batch.mask && batch.mask[row] === 0) continue;
      if (data.targets === 'sparse') sums[batch.y[row]]++;
      else for (let c = 0; c < width; c++) sums[c] += batch.y[row * width + c];
      count++;
    }
  });
  return Float32Array.from(sums, (sum) => sum / Math.max(1, count));
}

const repeated = (row: Float32Array, count: number) => {
  const out = new Float32Array(row.length * count);
  for (let i = 0; i < count; i++) out.set(row, i * row.length);
  return out;
};

/** Column c of a row-major series, as its own array (the shared forecasts read one column). */
function columnsOf(series: SeriesData): Float32Array[] {
  const rows = series.values.length / series.width;
  return Array.from({ length: series.width }, (_, c) => Float32Array.from({ length: rows }, (_, r) => series.values[r * series.width + c]));
}

/** A naive forecaster of series windows: `forecast(column, origin)` gives the horizon rows from `origin`. */
function seriesPredictor(data: Dataset, series: SeriesData, firstWindow: number, forecast: (column: Float32Array, origin: number, horizon: number) => number[] | undefined): Predictor {
  const columns = columnsOf(series);
  const horizon = data.horizon ?? 1;
  return (batch, windows) => {
    const out = new Float32Array(batch.size * horizon * series.width);
    for (let b = 0; b < windows.length; b++) {
      const origin = firstWindow + windows[b] + data.timesteps;
      for (let c = 0; c < series.width; c++) {
        const rows = forecast(columns[c], origin, horizon);
        if (!rows) return undefined;
        rows.forEach((value, k) => (out[(b * horizon + k) * series.width + c] = value));
      }
    }
    return out;
  };
}

/** Every-step persistence: each step's prediction is its own input row (a series' inputs and targets share columns). */
const inputRows: Predictor = (batch) => batch.x;

export function measureBaselines(data: Dataset, lossName: string): Baseline[] {
  const onValidation = data.validation.size > 0;
  const source = onValidation ? data.validation : data.train;
  if (source.size === 0) return [];
  const baselines: Baseline[] = [];
  const add = (name: Baseline['name'], predict: Predictor, season?: number) => {
    const scores = score(data, lossName, source, predict);
    if (scores) baselines.push({ name, ...(season ? { season } : {}), ...scores });
  };
  const { width, steps } = new Scorer(data, lossName);
  if (data.task === 'classification') {
    const frequencies = targetMeans(data, data.train, width, steps);
    add('majority_class', (batch) => repeated(frequencies, batch.size * steps));
  } else if (steps > 1) {
    // Every-step targets come from series only (the checker refuses them elsewhere); a series without a forecast
    // view (streamed) still has its windows' inputs.
    if (data.features === width && data.inputs !== 'token-ids') add('persistence', inputRows);
    const means = targetMeans(data, data.train, width, steps);
    add('mean', (batch) => repeated(means, batch.size * steps));
  } else if (data.series) {
    const series = data.series;
    const firstWindow = onValidation ? series.validationStart : 0;
    add('persistence', seriesPredictor(data, series, firstWindow, persistenceForecast));
    const season = series.season;
    if (season) add('seasonal_naive', seriesPredictor(data, series, firstWindow, (column, origin, horizon) => seasonalNaiveForecast(column, origin, horizon, season)), season);
  } else {
    const means = targetMeans(data, data.train, width, steps);
    add('mean', (batch) => repeated(means, batch.size));
  }
  // Best first: the one a model must beat.
  return baselines.sort((a, b) => a.loss - b.loss);
}
