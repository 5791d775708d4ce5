// The forecast view: a chart of the series and the forecasts after it (and
// a forecast Predict rolled further), a slider choosing which validation
// window's forecast is drawn, a choice of column for a multivariate series,
// and a legend saying how to read it. Self-contained: it builds its own
// elements inside the container it is given and is fed plain ForecastData.
import { t, type ForecastData } from '../../core/src/shared';
import type { RolledForecast } from '../src/panel/prediction';
import { ChartView } from './chart';
import { forecastColumn, forecastColumns, forecastSeries } from './forecast-data';
import type { Theme } from './theme';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export class ForecastView {
  private readonly legend = element('p', 'legend');
  private readonly slider = element('input');
  private readonly windowLabel = element('output');
  private readonly columnPicker = element('label', 'forecast-column', t('Column'));
  private readonly columnSelect = element('select');
  private readonly chart: ChartView;
  private forecast?: ForecastData;
  private rolled?: RolledForecast;
  private theme?: Theme;
  /** The column drawn, by its index in the forecast's columns. */
  private column = 0;
  /** The validation window drawn, or undefined for the last one (which follows new data). */
  private window?: number;

  constructor(container: HTMLElement) {
    const picker = element('label', 'forecast-window', t('Validation window'));
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.step = '1';
    this.slider.addEventListener('input', () => {
      this.window = Number(this.slider.value);
      this.draw();
    });
    picker.append(this.slider, this.windowLabel);
    this.columnSelect.id = 'forecast-column';
    this.columnSelect.addEventListener('change', () => {
      this.column = Number(this.columnSelect.value);
      this.draw();
    });
    this.columnPicker.append(' ', this.columnSelect);
    const chartBox = element('div', 'chart');
    container.replaceChildren(this.legend, this.columnPicker, picker, chartBox);
    this.chart = new ChartView(chartBox, t('value'), 260);
  }

  /** `rolled`: a forecast Predict rolled past the series' end, drawn after the model's own. */
  render(forecast: ForecastData, theme: Theme, rolled?: RolledForecast): void {
    this.forecast = forecast;
    this.rolled = rolled;
    this.theme = theme;
    const names = forecastColumns(forecast);
    if (this.column >= names.length) this.column = 0;
    this.columnPicker.hidden = names.length < 2;
    this.columnSelect.replaceChildren(...names.map((name, i) => {
      const option = element('option', undefined, name);
      option.value = String(i);
      return option;
    }));
    this.columnSelect.value = String(this.column);
    const legend = forecast.season
      ? t('The series, then the model\'s forecast of the {0} rows after its last row; dashed: persistence (the last value repeated) and seasonal naive (the value one season, {1} rows, earlier). The slider draws the forecast of one validation window instead over rows the model never trained on. Hover for exact values.', forecast.horizon, forecast.season)
      : t('The series, then the model\'s forecast of the {0} rows after its last row; dashed: persistence (the last value repeated). The slider draws the forecast of one validation window instead over rows the model never trained on. Hover for exact values.', forecast.horizon);
    this.legend.textContent = rolled
      ? `${legend} ${t('Dotted after them: Predict\'s forecast of {0} rows past the series, each prediction fed back as the newest input.', rolled.steps)}`
      : legend;
    this.slider.max = String(Math.max(0, forecast.windows.length - 1));
    this.slider.disabled = forecast.windows.length === 0;
    this.draw();
  }

  private draw(): void {
    const { forecast, theme } = this;
    if (!forecast || !theme) return;
    const last = forecast.windows.length - 1;
    const window = Math.min(this.window ?? last, last);
    this.slider.value = String(Math.max(0, window));
    const chosen = forecast.windows[window];
    this.windowLabel.textContent = chosen ? t('rows {0}–{1}', chosen.origin, chosen.origin + forecast.horizon - 1) : t('none');
    const column = forecastColumn(forecast, this.column);
    const rolled = this.rolled?.columns[this.column]?.values;
    this.chart.render(forecastSeries(column, window, rolled), { xAxis: 'step', xLabel: t('row'), yLabel: column.column, yScale: 'linear', theme });
  }

  pointCounts(): Record<string, number> {
    return this.chart.pointCounts();
  }

  values(label: string): (number | null)[] | undefined {
    return this.chart.values(label);
  }
}
