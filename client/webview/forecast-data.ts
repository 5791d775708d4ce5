// A forecast as chart series: the series itself, then the model's forecast
// and the naive ones (persistence; seasonal naive when the series has a
// season) over one validation window and after the end of the series, and a
// forecast rolled further by Predict (`rnn predict --forecast`). Pure (no DOM)
// and fed by plain ForecastData, one column at a time.
import { baselineName, persistenceForecast, seasonalNaiveForecast, t, type ForecastData } from '../../core/src/shared';
import type { Series } from './chart-data';

/** The rows `from` .. `from + count - 1`. */
const rowsFrom = (from: number, count: number) => Array.from({ length: count }, (_, k) => from + k);

/** The names of the forecast's columns: the first, then the others of a multivariate series (runs before them: the first only). */
export function forecastColumns(forecast: ForecastData): string[] {
  return [forecast.column, ...(forecast.otherColumns ?? []).map((c) => c.column)];
}

/** Column `index` of the forecast as a forecast of one column (the first for an index it does not have). */
export function forecastColumn(forecast: ForecastData, index: number): ForecastData {
  const other = forecast.otherColumns?.[index - 1];
  if (index < 1 || !other) return forecast;
  return {
    ...forecast,
    column: other.column,
    series: { start: forecast.series.start, values: other.values },
    windows: forecast.windows.map((w, i) => ({ origin: w.origin, predicted: other.windows[i] ?? [] })),
    future: other.future,
  };
}

/**
 * The series as the forecaster saw it, with one validation window's forecasts
 * (`window` indexes `forecast.windows`; none when out of range), the
 * forecasts after the last row, and the `rolled` values (one column of a
 * forecast rolled past the end) after them. Rows are the x axis.
 */
export function forecastSeries(forecast: ForecastData, window: number, rolled?: readonly number[]): Series[] {
  const { series, horizon, season } = forecast;
  const end = series.start + series.values.length;
  // The naive forecasts read the series by row; rows before the tail the view got stay holes (no forecast there).
  const byRow: (number | undefined)[] = new Array(end);
  series.values.forEach((v, i) => (byRow[series.start + i] = v));
  const chosen = forecast.windows[window];
  const pieces = chosen ? [{ origin: chosen.origin, model: chosen.predicted }, { origin: end, model: forecast.future }] : [{ origin: end, model: forecast.future }];
  const forecaster = (label: string, role: Series['role'], rows: (origin: number, model: number[]) => readonly (number | undefined)[] | undefined): Series => {
    const xs: number[] = [];
    const ys: (number | null)[] = [];
    for (const piece of pieces) {
      const values = rows(piece.origin, piece.model);
      if (!values) continue;
      xs.push(...rowsFrom(piece.origin, horizon));
      ys.push(...values.map((v) => v ?? null));
    }
    return { label, role, xs, ys, gaps: 'break' };
  };
  const result: Series[] = [
    { label: forecast.column, role: 'train', xs: rowsFrom(series.start, series.values.length), ys: series.values },
    forecaster(t('model forecast'), 'forecast', (_, model) => model),
    forecaster(baselineName({ name: 'persistence' }), 'persistence', (origin) => persistenceForecast(byRow as number[], origin, horizon)),
  ];
  if (season) {
    result.push(forecaster(baselineName({ name: 'seasonal_naive', season }), 'seasonal',
      (origin) => seasonalNaiveForecast(byRow as number[], origin, horizon, season)));
  }
  if (rolled?.length) result.push({ label: t('rolled forecast ({0} rows)', rolled.length), role: 'validation', xs: rowsFrom(end, rolled.length), ys: [...rolled] });
  return result;
}
