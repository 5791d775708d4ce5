// The forecast view's series, without a browser: the rows a forecast rolled by
// Predict is drawn at, and one column of a multivariate forecast.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ForecastData } from '../../core/src/shared';
import { forecastColumn, forecastColumns, forecastSeries } from '../../client/webview/forecast-data';

const FORECAST: ForecastData = {
  column: 'a', series: { start: 10, values: [1, 2, 3, 4, 5] }, horizon: 2, validationStart: 12,
  windows: [{ origin: 12, predicted: [3.1, 4.1] }], future: [6, 7],
  otherColumns: [{ column: 'b', values: [10, 20, 30, 40, 50], windows: [[31, 41]], future: [60, 70] }],
};

describe('forecast view data', () => {
  it('draws a rolled forecast from the row after the series\' last', () => {
    const series = forecastSeries(FORECAST, 0, [8, 9, 10]);
    const rolled = series.find((s) => s.label === 'rolled forecast (3 rows)');
    // The series holds rows 10-14: the rolled forecast starts at row 15, like the model's own forecast after the end.
    assert.deepEqual(rolled && { xs: rolled.xs, ys: rolled.ys }, { xs: [15, 16, 17], ys: [8, 9, 10] });
    assert.deepEqual(series.find((s) => s.label === 'model forecast')?.xs, [12, 13, 15, 16]);
    assert.equal(forecastSeries(FORECAST, 0).some((s) => s.label.startsWith('rolled')), false, 'nothing rolled, nothing drawn');
  });

  it('takes any column of a multivariate forecast, and the first of a run written before them', () => {
    assert.deepEqual(forecastColumns(FORECAST), ['a', 'b']);
    const b = forecastColumn(FORECAST, 1);
    assert.deepEqual([b.column, b.series, b.windows, b.future], ['b', { start: 10, values: [10, 20, 30, 40, 50] }, [{ origin: 12, predicted: [31, 41] }], [60, 70]]);
    // Persistence of b over the window from row 12 repeats row 11 of b.
    assert.deepEqual(forecastSeries(b, 0).find((s) => s.label === 'persistence')?.ys.slice(0, 2), [20, 20]);
    const { otherColumns: _, ...older } = FORECAST;
    assert.deepEqual(forecastColumns(older), ['a']);
    assert.equal(forecastColumn(older, 1), older, 'a column it does not have: the first');
  });
});
