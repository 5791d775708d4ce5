// The naive forecasts a forecaster must beat, as plain functions of a series:
// the engine measures its baselines with them and the forecast view draws
// them, so the two always agree. Rows are indices into `series`; a forecast
// from `origin` predicts rows origin .. origin+horizon-1 from rows before it.

/** Persistence: every future row is the last row seen (origin - 1). */
export function persistenceForecast(series: ArrayLike<number>, origin: number, horizon: number): number[] {
  return Array.from({ length: horizon }, () => series[origin - 1]);
}

/**
 * Seasonal naive: each future row is the row one season before it, or as many
 * seasons as it takes to reach a row already seen (a horizon longer than the
 * season repeats the last season seen). Undefined when the series does not
 * reach back one season before `origin`.
 */
export function seasonalNaiveForecast(series: ArrayLike<number>, origin: number, horizon: number, season: number): number[] | undefined {
  if (origin - season < 0) return undefined;
  return Array.from({ length: horizon }, (_, k) => series[origin + k - season * Math.ceil((k + 1) / season)]);
}

/** Root mean squared difference of two equally long lists. */
export function rootMeanSquare(target: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < target.length; i++) sum += (target[i] - predicted[i]) ** 2;
  return Math.sqrt(sum / target.length);
}
