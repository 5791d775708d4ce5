// The training panel's entry point (bundled to dist/webview.js). Messages only
// append to the run data; drawing happens at most once per animation frame,
// which is what lets the panel keep up with hundreds of events a second.
import { t } from '../../core/src/shared';
import { DEFAULT_PANEL_STATE, type HostMessage, type OverlayRun, type PanelMessage, type PanelState, type RunListItem } from '../src/panel/messages';
import { acquireHost, takeUpLanguage } from './webview-host';
import { ChartView } from './chart';
import { lossSeries, metricSeries } from './chart-data';
import { epochsCsv } from './csv';
import { renderConfusion } from './confusion-view';
import { ForecastView } from './forecast-view';
import { byId, mountSkeleton, renderDetails, renderHeader, renderOverlays, renderRunList, renderVerdict } from './layout';
import { InsightSection } from './insight/insight-section';
import { composePng } from './png';
import { RunData } from './run-data';
import { PanelRunActions } from './run-actions';
import { readTheme, roleColour, type Theme } from './theme';
import './panel.css';

takeUpLanguage();
const vscode = acquireHost<PanelMessage>();
let state: PanelState = { ...DEFAULT_PANEL_STATE, ...((vscode.getState() as Partial<PanelState> | undefined) ?? {}) };
let run = new RunData(state.model ?? 'RNN Studio');
const overlays = new Map<string, { data: RunData; info: OverlayRun }>();
let runList: RunListItem[] = [];
let training = false;
let theme: Theme;
let renderCount = 0;
let lastRenderMs = 0;
let pendingFrame = false;
let detailsSignature = '';

mountSkeleton(document.body);
theme = readTheme();
const lossChart = new ChartView(byId('loss-chart'), t('loss'));
const metricChart = new ChartView(byId('metric-chart'), t('metric'), 200);
const predictionChart = new ChartView(byId('predictions-chart'), t('value'), 220);
const forecastView = new ForecastView(byId('forecast-view'));
const stepChart = new ChartView(byId('steps-chart'), t('value'), 220);
const insightSection = new InsightSection(byId('insight-section'), state.insightTab, (insightTab) => {
  state = { ...state, insightTab };
  saveState();
});
const runActions = new PanelRunActions({ toolbar: document.querySelector<HTMLElement>('.toolbar')!, textAfter: byId('sample-section'), forecastHead: byId('forecast-head') }, post, () => {
  detailsSignature = '';
  scheduleRender();
});

function post(message: PanelMessage): void {
  vscode.postMessage(message);
}

function saveState(): void {
  vscode.setState(state);
}

function scheduleRender(): void {
  if (pendingFrame) return;
  pendingFrame = true;
  requestAnimationFrame(() => {
    pendingFrame = false;
    render();
  });
}

function render(): void {
  const began = performance.now();
  renderCount++;
  const options = { xAxis: state.xAxis, yScale: state.yScale, smoothing: state.smoothing };
  const overlayRuns = [...overlays.values()].map((o) => o.data);
  lossChart.render(lossSeries(run, overlayRuns, options), { ...options, theme });
  metricChart.render(metricSeries(run, overlayRuns, options), { xAxis: state.xAxis, yScale: 'linear', yLabel: run.metric, theme });
  renderHeader(run, training);
  renderControls();
  insightSection.render(run.insight, theme);
  const signature = [run.start?.time, run.epochs.length, run.messages.length, run.skipped, run.end?.time, overlays.size, runList.length].join('|');
  if (signature !== detailsSignature) {
    detailsSignature = signature;
    renderDetails(run);
    renderVerdict(run);
    renderPredictions();
    renderOutcomeViews();
    renderRunList(runList, new Set(overlays.keys()), run.start?.runDir ?? state.runDir);
    renderOverlays(
      [...overlays.values()].map((o, i) => ({ runDir: o.info.runDir, label: o.info.label, colour: roleColour(theme, 'overlay-train', i), differences: o.info.differences })),
      removeOverlay,
    );
  }
  lastRenderMs = performance.now() - began;
}

function renderPredictions(): void {
  const predictions = run.end?.predictions;
  byId('predictions-section').hidden = !predictions;
  if (!predictions) return;
  const xs = predictions.target.map((_, i) => i);
  predictionChart.render(
    [
      { label: t('target'), role: 'train', xs, ys: predictions.target },
      { label: t('predicted'), role: 'validation', xs, ys: predictions.predicted },
    ],
    { xAxis: 'step', xLabel: t('validation sample'), yScale: 'linear', theme },
  );
}

/** The views of what the model predicts: the forecast, the confusion matrix, per-step predictions; each only when the run has it. */
function renderOutcomeViews(): void {
  const end = run.end;
  byId('forecast-section').hidden = !end?.forecast;
  if (end?.forecast) forecastView.render(end.forecast, theme, runActions.rolledForecast);
  byId('classification-section').hidden = !end?.classification;
  if (end?.classification) byId('confusion-summary').textContent = renderConfusion(byId<HTMLTableElement>('confusion'), end.classification);
  byId('steps-section').hidden = !end?.stepPredictions;
  if (end?.stepPredictions) {
    const { target, predicted } = end.stepPredictions;
    const xs = target.map((_, i) => i + 1);
    stepChart.render(
      [{ label: t('target'), role: 'train', xs, ys: target }, { label: t('predicted'), role: 'validation', xs, ys: predicted }],
      { xAxis: 'step', xLabel: t('time step'), yScale: 'linear', theme },
    );
  }
}

function renderControls(): void {
  const runDir = run.start?.runDir ?? state.runDir;
  byId<HTMLButtonElement>('stop').disabled = !training;
  byId<HTMLButtonElement>('train-again').disabled = training;
  byId<HTMLButtonElement>('open-folder').disabled = !runDir;
  byId<HTMLButtonElement>('export-csv').disabled = run.epochs.length === 0;
  byId<HTMLButtonElement>('export-png').disabled = run.batchLoss.length === 0 && run.epochs.length === 0;
  runActions.render(run, runDir, training);
}

function removeOverlay(runDir: string): void {
  overlays.delete(runDir);
  state = { ...state, overlays: state.overlays.filter((d) => d !== runDir) };
  saveState();
  post({ type: 'removeOverlay', runDir });
  scheduleRender();
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'reset':
      run = new RunData(message.model);
      // A new run is drawn afresh even when its counts happen to match the last one's.
      detailsSignature = '';
      runActions.reset();
      state = { ...state, model: message.model, runDir: message.runDir };
      saveState();
      break;
    case 'events':
      run.addAll(message.events);
      if (run.start && run.start.runDir !== state.runDir) {
        state = { ...state, runDir: run.start.runDir, model: run.start.model };
        saveState();
      }
      break;
    case 'training':
      training = message.active;
      break;
    case 'interrupted':
      run.interrupted = true;
      break;
    case 'runs':
      runList = message.runs;
      detailsSignature = '';
      break;
    case 'overlay': {
      const data = new RunData(message.run.label);
      data.addAll(message.run.events);
      overlays.set(message.run.runDir, { data, info: message.run });
      if (!state.overlays.includes(message.run.runDir)) {
        state = { ...state, overlays: [...state.overlays, message.run.runDir] };
        saveState();
      }
      break;
    }
    case 'options':
      state = { ...state, ...message.state };
      if (state.insightTab) insightSection.show(state.insightTab);
      syncControls();
      saveState();
      break;
    case 'prediction':
      runActions.show(message.prediction);
      break;
  }
  scheduleRender();
}

function fileStem(): string {
  const model = run.start?.model ?? state.model ?? 'run';
  const folder = (run.start?.runDir ?? state.runDir ?? '').split(/[\\/]/).pop();
  return folder ? `${model}-${folder}` : model;
}

function syncControls(): void {
  byId<HTMLSelectElement>('y-scale').value = state.yScale;
  byId<HTMLSelectElement>('x-axis').value = state.xAxis;
  byId<HTMLInputElement>('smoothing').value = String(state.smoothing);
  byId('smoothing-value').textContent = state.smoothing.toFixed(2);
}

function setOption(change: Partial<PanelState>): void {
  state = { ...state, ...change };
  syncControls();
  saveState();
  scheduleRender();
}

function wireControls(): void {
  byId('stop').addEventListener('click', () => post({ type: 'stop' }));
  byId('train-again').addEventListener('click', () => post({ type: 'trainAgain' }));
  byId('open-folder').addEventListener('click', () => post({ type: 'openRunFolder' }));
  byId('sample-open').addEventListener('click', () => {
    if (run.end?.sample) post({ type: 'openInEditor', text: run.end.sample, format: 'text' });
  });
  byId('export-csv').addEventListener('click', () => post({ type: 'exportCsv', csv: epochsCsv(run), suggestedName: `${fileStem()}.csv` }));
  byId('export-png').addEventListener('click', () => {
    const canvas = lossChart.canvas;
    if (canvas) post({ type: 'exportPng', dataUrl: composePng(canvas, run.start?.model ?? run.label, lossChart.labelsAndColours(theme), theme), suggestedName: `${fileStem()}.png` });
  });
  byId<HTMLSelectElement>('y-scale').addEventListener('change', (e) => setOption({ yScale: (e.target as HTMLSelectElement).value === 'log' ? 'log' : 'linear' }));
  byId<HTMLSelectElement>('x-axis').addEventListener('change', (e) => setOption({ xAxis: (e.target as HTMLSelectElement).value === 'epoch' ? 'epoch' : 'step' }));
  byId<HTMLInputElement>('smoothing').addEventListener('input', (e) => setOption({ smoothing: Math.min(0.99, Math.max(0, Number((e.target as HTMLInputElement).value) || 0)) }));
  byId<HTMLSelectElement>('overlay-pick').addEventListener('change', (e) => {
    const select = e.target as HTMLSelectElement;
    if (select.value) post({ type: 'addOverlay', runDir: select.value });
    select.value = '';
  });
}

// VS Code swaps the body's theme class when the user changes the colour theme.
new MutationObserver(() => {
  theme = readTheme();
  detailsSignature = '';
  scheduleRender();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  if (event.data && typeof event.data === 'object' && 'type' in event.data) handle(event.data);
});

/** Read-only view for the webview tests: what the charts currently plot. */
(window as unknown as { __rnnPanel: unknown }).__rnnPanel = {
  seriesLengths: () => lossChart.pointCounts(),
  metricSeriesLengths: () => metricChart.pointCounts(),
  predictionSeriesLengths: () => predictionChart.pointCounts(),
  forecastSeriesLengths: () => forecastView.pointCounts(),
  forecastValues: (label: string) => forecastView.values(label),
  stepSeriesLengths: () => stepChart.pointCounts(),
  seriesValues: (label: string) => lossChart.values(label),
  yDistribution: () => lossChart.yDistribution,
  insight: insightSection.testHook,
  renderCount: () => renderCount,
  lastRenderMs: () => Math.round(lastRenderMs * 10) / 10,
  state: () => ({ ...state }),
  theme: () => ({ foreground: theme.foreground, background: theme.background, highContrast: theme.highContrast }),
  pngDataUrl: () => (lossChart.canvas ? composePng(lossChart.canvas, run.label, lossChart.labelsAndColours(theme), theme) : undefined),
};

wireControls();
syncControls();
scheduleRender();
post({ type: 'ready' });
