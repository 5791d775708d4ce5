// The forecast view: a chart of the series and the forecasts after it, a
// slider choosing which validation window's forecast is drawn, and a legend
// saying how to read it. Self-contained: it builds its own elements inside the
// container it is given and is fed plain ForecastData.
import { t, type ForecastData } from '../../core/src/shared';
import { ChartView } from './chart';
import { forecastSeries } from './forecast-data';
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
  private readonly chart: ChartView;
  private forecast?: ForecastData;
  private theme?: Theme;
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
    const chartBox = element('div', 'chart');
    container.replaceChildren(this.legend, picker, chartBox);
    this.chart = new ChartView(chartBox, t('value'), 260);
  }

  render(forecast: ForecastData, theme: Theme): void {
    this.forecast = forecast;
    this.theme = theme;
    this.legend.textContent = forecast.season
      ? t('The series, then the model\'s forecast of the {0} rows after its last row; dashed: persistence (the last value repeated) and seasonal naive (the value one season, {1} rows, earlier). The slider draws the forecast of one validation window instead over rows the model never trained on. Hover for exact values.', forecast.horizon, forecast.season)
      : t('The series, then the model\'s forecast of the {0} rows after its last row; dashed: persistence (the last value repeated). The slider draws the forecast of one validation window instead over rows the model never trained on. Hover for exact values.', forecast.horizon);
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
    this.chart.render(forecastSeries(forecast, window), { xAxis: 'step', xLabel: t('row'), yLabel: forecast.column, yScale: 'linear', theme });
  }

  pointCounts(): Record<string, number> {
    return this.chart.pointCounts();
  }

  values(label: string): (number | null)[] | undefined {
    return this.chart.values(label);
  }
}
