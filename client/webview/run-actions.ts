// Predict and Resume in the training panel, for the run it shows once that run
// has ended: the buttons in the toolbar, the rows to forecast for a series
// model, what the host answered (generated text, a failure) and the forecast
// to draw after the series, each of those two with "Open in editor" (the
// panel cannot save them itself). Built here rather than in the skeleton, so
// the panel's other views and this one grow apart.
import { t } from '../../core/src/shared';
import { runActions } from '../src/history/run-actions';
import type { PanelMessage } from '../src/panel/messages';
import type { PanelPrediction, PredictionFormat, RolledForecast } from '../src/panel/prediction';
import type { RunData } from './run-data';
import './run-actions.css';

const DEFAULT_FORECAST_ROWS = 50;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: { id?: string; className?: string; text?: string; title?: string } = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.id) e.id = props.id;
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title) e.title = props.title;
  return e;
}

/** Where the actions go in the panel: the toolbar, the element the generated text follows, the forecast section's heading row. */
export interface RunActionPlaces {
  toolbar: HTMLElement;
  textAfter: HTMLElement;
  forecastHead: HTMLElement;
}

/** "Open in editor" in VS Code's style of a link beside a heading. */
function openInEditorButton(id: string): HTMLButtonElement {
  const button = element('button', { id, className: 'link', text: t('Open in editor'), title: t('Open in an untitled editor, to read or save') });
  button.hidden = true;
  return button;
}

export class PanelRunActions {
  private readonly predict = element('button', { id: 'predict', text: t('Predict'), title: t('Predict with this run: a forecast past the series, generated text, or the validation part\'s predictions') });
  private readonly rows = element('input', { id: 'forecast-rows' });
  private readonly rowsLabel = element('label', { className: 'forecast-rows', text: t('rows') });
  private readonly resume = element('button', { id: 'resume', className: 'secondary', text: t('Resume…'), title: t('Continue this run from its last checkpoint in a new run') });
  private readonly status = element('span', { id: 'predict-status', className: 'muted' });
  private readonly textSection = element('section', { id: 'predicted-text-section' });
  private readonly text = element('pre', { id: 'predicted-text' });
  private readonly openText = openInEditorButton('predicted-text-open');
  private readonly openForecast = openInEditorButton('forecast-open');
  /** A prediction is under way. */
  private pending = false;
  private rolled?: RolledForecast;
  /** The rolled forecast's table as the host wrote it. */
  private rolledCsv = '';
  private runDir?: string;
  /** The run is a series the forecast view draws: Predict rolls it forward. */
  private series = false;

  constructor(places: RunActionPlaces, private readonly post: (message: PanelMessage) => void, private readonly changed: () => void) {
    this.rows.type = 'number';
    this.rows.min = '1';
    this.rows.step = '1';
    this.rows.value = String(DEFAULT_FORECAST_ROWS);
    this.rowsLabel.prepend(this.rows, document.createTextNode(' '));
    places.toolbar.append(this.predict, this.rowsLabel, this.resume, this.status);
    this.textSection.hidden = true;
    const textHead = element('div', { className: 'section-head' });
    textHead.append(element('h2', { text: t('Predicted text') }), this.openText);
    this.textSection.append(textHead, this.text);
    places.textAfter.after(this.textSection);
    places.forecastHead.append(this.openForecast);
    this.openText.addEventListener('click', () => this.openInEditor(this.text.textContent ?? '', 'text'));
    this.openForecast.addEventListener('click', () => this.openInEditor(this.rolledCsv, 'csv'));
    this.predict.addEventListener('click', () => this.askToPredict());
    this.resume.addEventListener('click', () => {
      if (this.runDir) this.post({ type: 'resume', runDir: this.runDir });
    });
  }

  /** Enables what the run allows: nothing while anything trains or a prediction is under way. */
  render(run: RunData, runDir: string | undefined, training: boolean): void {
    this.runDir = runDir;
    // Only a series drawn in the forecast view can be rolled forward there.
    this.series = run.end?.forecast !== undefined;
    const allowed = runActions(run.status === 'waiting' || run.status === 'running' ? 'running' : run.status);
    this.predict.disabled = !runDir || training || this.pending || !allowed.predict;
    this.resume.disabled = !runDir || training || !allowed.resume;
    this.rowsLabel.hidden = !this.series;
    this.rows.disabled = this.predict.disabled;
  }

  private openInEditor(text: string, format: PredictionFormat): void {
    if (text) this.post({ type: 'openInEditor', text, format });
  }

  private askToPredict(): void {
    if (!this.runDir) return;
    const rows = Math.floor(Number(this.rows.value));
    if (this.series && !(rows >= 1)) {
      this.status.textContent = t('Give the rows to forecast: a whole number of at least 1');
      return;
    }
    this.pending = true;
    this.status.textContent = t('Predicting…');
    this.post({ type: 'predict', runDir: this.runDir, ...(this.series ? { forecast: rows } : {}) });
    this.changed();
  }

  /** The host's answer (it sends the answers for the run the panel shows; another run resets this first). */
  show(prediction: PanelPrediction): void {
    this.pending = false;
    this.status.textContent = prediction.kind === 'failed' ? t('No predictions: {0}', prediction.message)
      : prediction.kind === 'table' ? t('The predictions opened in an editor.')
        : prediction.kind === 'forecast' ? t('Forecast {0} rows past the series.', prediction.forecast.steps) : '';
    if (prediction.kind === 'forecast') {
      this.rolled = prediction.forecast;
      this.rolledCsv = prediction.csv;
      this.openForecast.hidden = false;
    }
    if (prediction.kind === 'text') {
      this.text.textContent = prediction.text;
      this.textSection.hidden = false;
      this.openText.hidden = false;
    }
    this.changed();
  }

  /** The forecast Predict rolled past the series of the run shown, for the forecast view. */
  get rolledForecast(): RolledForecast | undefined {
    return this.rolled;
  }

  /** Another run is shown: what was predicted for the last one goes. */
  reset(): void {
    this.rolled = undefined;
    this.rolledCsv = '';
    this.openForecast.hidden = true;
    this.openText.hidden = true;
    this.pending = false;
    this.status.textContent = '';
    this.text.textContent = '';
    this.textSection.hidden = true;
  }
}
