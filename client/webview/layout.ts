// The panel's static skeleton and the small pieces of it that are rewritten
// when a run starts, ends or gets an epoch. Text always goes through
// textContent: model names, paths and messages are never parsed as HTML.
// Words go through `t` (the panel's language is set before it mounts);
// metric names, numbers, units, paths and model names are shown as they are.
import { baselineName, compareWithBaselines, describeComparison, describeImplementations, t, type Baseline, type LayerSummary, type Task } from '../../core/src/shared';
import { statusLabel } from '../src/history/status-label';
import type { RunListItem, SpecDifference } from '../src/panel/messages';
import { formatEta as formatSeconds } from '../src/training/number-format';
import { formatNumber } from './chart';
import { axisLabel } from './chart-data';
import type { RunData } from './run-data';

/** Built when the panel mounts, after it has taken up its language. */
function skeleton(): string {
  const text = escapeHtml;
  return `
<header class="bar">
  <h1 id="title">RNN Studio</h1>
  <span id="status" class="badge"></span>
  <span id="progress" class="muted"></span>
</header>
<div class="bar toolbar">
  <button id="stop" title="${text(t('Stop training; the partial run is kept'))}">${text(t('Stop'))}</button>
  <button id="train-again" title="${text(t('Train the same model again'))}">${text(t('Train again'))}</button>
  <button id="export-csv" class="secondary" title="${text(t('Save the metrics of every epoch as CSV'))}">${text(t('Export CSV'))}</button>
  <button id="export-png" class="secondary" title="${text(t('Save the loss chart as a PNG image'))}">${text(t('Export PNG'))}</button>
  <button id="open-folder" class="secondary" title="${text(t('Reveal the run folder'))}">${text(t('Open run folder'))}</button>
</div>
<div class="bar controls">
  <label>${text(t('Loss axis'))} <select id="y-scale"><option value="linear">${text(t('linear'))}</option><option value="log">${text(t('log'))}</option></select></label>
  <label>x <select id="x-axis"><option value="step">${text(axisLabel('step'))}</option><option value="epoch">${text(axisLabel('epoch'))}</option></select></label>
  <label>${text(t('Smoothing'))} <input id="smoothing" type="range" min="0" max="0.99" step="0.01"><output id="smoothing-value"></output></label>
  <label>${text(t('Overlay'))} <select id="overlay-pick"><option value="">${text(t('previous run…'))}</option></select></label>
</div>
<section class="chart-row">
  <div class="charts">
    <h2>${text(t('Loss'))}</h2><div id="loss-chart" class="chart"></div>
    <h2 id="metric-title">${text(t('Metric'))}</h2><div id="metric-chart" class="chart"></div>
  </div>
  <aside id="overlays"></aside>
</section>
<section id="insight-section" hidden></section>
<section class="details">
  <div><h2>${text(t('Run'))}</h2><dl id="run-info"></dl></div>
  <div><h2>${text(t('Model'))}</h2><table id="layers"></table></div>
  <div><h2>${text(t('Final metrics'))}</h2><dl id="final"></dl></div>
</section>
<p id="verdict" hidden></p>
<section id="forecast-section" hidden><div id="forecast-head" class="section-head"><h2>${text(t('Forecast'))}</h2></div><div id="forecast-view"></div></section>
<section id="classification-section" hidden>
  <h2>${text(t('Confusion matrix (validation)'))}</h2>
  <p class="legend">${text(t('Each row is a true class, each column the class the model predicted; a cell counts the validation windows, shaded by its share of the row. The diagonal is right. Accuracy is the share of a class\'s windows predicted as it; F1 also counts windows wrongly predicted as it. Hover a cell for its share.'))}</p>
  <div class="table-scroll"><table id="confusion"></table></div>
  <p id="confusion-summary" class="muted"></p>
</section>
<section id="steps-section" hidden>
  <h2>${text(t('Predictions at every step (one validation window)'))}</h2>
  <p class="legend">${text(t('The target and the model\'s prediction at each step of the first validation window (the first output; for classes, the class index). Hover for exact values.'))}</p>
  <div id="steps-chart" class="chart"></div>
</section>
<section id="predictions-section" hidden><h2>${text(t('Predictions vs targets (validation)'))}</h2><div id="predictions-chart" class="chart"></div></section>
<section id="sample-section" hidden>
  <div class="section-head"><h2>${text(t('Generated sample'))}</h2><button id="sample-open" class="link" title="${text(t('Open in an untitled editor, to read or save'))}">${text(t('Open in editor'))}</button></div>
  <pre id="sample"></pre>
</section>
<section><ul id="messages"></ul></section>
`;
}

export function mountSkeleton(root: HTMLElement): void {
  root.innerHTML = skeleton();
}

/** A translation is text, never markup. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The panel has no #${id}.`);
  return element as T;
}

function element(tag: string, text?: string, className?: string): HTMLElement {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

function fillDefinitions(list: HTMLElement, entries: [string, string][]): void {
  list.replaceChildren(...entries.flatMap(([k, v]) => [element('dt', k), element('dd', v)]));
}

export function renderHeader(run: RunData, training: boolean): void {
  byId('title').textContent = run.start?.model ?? run.label;
  const status = run.status === 'waiting' && training ? 'starting' : run.status;
  const badge = byId('status');
  badge.textContent = statusLabel(status);
  badge.dataset.status = status;
  const parts: string[] = [];
  const last = run.lastEpoch;
  const lastStep = run.batchStep[run.batchStep.length - 1];
  if (run.start) parts.push(t('epoch {0}/{1}', last?.epoch ?? 0, run.start.epochs));
  if (lastStep !== undefined) parts.push(t('step {0}', lastStep));
  const lastLoss = run.batchLoss[run.batchLoss.length - 1];
  if (lastLoss !== undefined) parts.push(`loss ${formatNumber(lastLoss)}`);
  if (last?.val_loss !== undefined) parts.push(`val_loss ${formatNumber(last.val_loss)}`);
  if (!run.end && last) parts.push(t('ETA {0}', formatSeconds(last.eta)));
  byId('progress').textContent = parts.join(' · ');
}

export function renderDetails(run: RunData): void {
  const start = run.start;
  const info: [string, string][] = [];
  if (start) {
    info.push([t('backend'), start.backend]);
    if (start.implementations?.length) info.push([t('recurrent layers'), describeImplementations(start.implementations)]);
    info.push([t('seed'), String(start.seed)], [t('task'), taskLabel(start.task)]);
    info.push([t('samples'), t('{0} train, {1} validation', start.trainSamples, start.validationSamples)]);
    info.push([t('batches per epoch'), String(start.stepsPerEpoch)]);
    if (start.baselines?.length) {
      for (const b of start.baselines) info.push([t('baseline: {0}', baselineName(b)), baselineFigures(b)]);
    } else if (start.baselineLoss !== undefined) {
      info.push([t('baseline loss'), formatNumber(start.baselineLoss)]);
    }
  }
  if (run.epochs.length > 0) {
    const seconds = run.epochs.reduce((t, e) => t + e.seconds, 0);
    info.push([t('seconds per epoch'), (seconds / run.epochs.length).toFixed(2)]);
  }
  if (run.end) {
    info.push([t('time'), formatSeconds(run.end.seconds)], [t('epochs run'), String(run.end.epochs)]);
    if (run.end.reason) info.push([t('ended'), run.end.reason]);
  }
  if (start) info.push([t('run folder'), start.runDir]);
  fillDefinitions(byId('run-info'), info);
  renderLayers(start?.layers ?? [], start?.totalParams);
  const final = run.end?.final ?? (run.lastEpoch ? { loss: run.lastEpoch.loss, ...(run.lastEpoch.val_loss !== undefined ? { val_loss: run.lastEpoch.val_loss } : {}), ...run.lastEpoch.metrics } : {});
  fillDefinitions(byId('final'), Object.entries(final).map(([k, v]) => [k, formatNumber(v)]));
  byId('metric-title').textContent = metricTitle(run.metric);
  const sample = run.end?.sample;
  byId('sample-section').hidden = !sample;
  byId('sample').textContent = sample ?? '';
  byId('messages').replaceChildren(...run.messages.map((m) => element('li', messageLine(m), m.type === 'error' ? 'error' : m.level)));
  if (run.skipped > 0) byId('messages').append(element('li', t('{0} events could not be read (missing or invalid fields) and are not shown', run.skipped), 'warning'));
}

/** "loss 0.0123 · RMSE 45.0" or "loss 1.23 · accuracy 31.0%". */
function baselineFigures(baseline: Baseline): string {
  const parts = [`loss ${formatNumber(baseline.loss)}`];
  if (baseline.rmse !== undefined) parts.push(`RMSE ${formatNumber(baseline.rmse)}`);
  if (baseline.accuracy !== undefined) parts.push(t('accuracy {0}', `${(100 * baseline.accuracy).toFixed(1)}%`));
  return parts.join(' · ');
}

/** By how much the model beats its best baseline, or that it does not; hidden until the run has both. */
export function renderVerdict(run: RunData): void {
  const comparison = compareWithBaselines(run.start?.baselines, run.end?.scores);
  const verdict = byId('verdict');
  verdict.hidden = !comparison;
  verdict.textContent = comparison ? describeComparison(comparison) : '';
  verdict.className = comparison?.beats ? 'verdict beats' : 'verdict';
}

function taskLabel(task: Task): string {
  return task === 'regression' ? t('regression') : t('classification');
}

/** The chart's title: the metric's name in words where it has one, else as the run names it. */
function metricTitle(metric: string | undefined): string {
  if (!metric) return t('Metric');
  if (metric === 'mae') return t('Mean absolute error');
  if (metric === 'accuracy') return t('Accuracy');
  return metric[0].toUpperCase() + metric.slice(1);
}

function messageLine(m: RunData['messages'][number]): string {
  if (m.type === 'error') return t('error: {0}', m.message);
  return m.level === 'warning' ? t('warning: {0}', m.message) : t('info: {0}', m.message);
}

function renderLayers(layers: LayerSummary[], total?: number): void {
  const table = byId('layers');
  const head = element('tr');
  head.append(element('th', t('Layer')), element('th', t('Output shape')), element('th', t('Parameters'), 'number'));
  const rows = layers.map((layer) => {
    const row = element('tr');
    const shape = `[${layer.outputShape.map((d) => (d === null ? t('batch') : String(d))).join(', ')}]`;
    row.append(element('td', layer.name), element('td', shape), element('td', layer.params.toLocaleString('en-US'), 'number'));
    return row;
  });
  const foot = element('tr', undefined, 'total');
  if (total !== undefined) foot.append(element('td', t('Total')), element('td', ''), element('td', total.toLocaleString('en-US'), 'number'));
  table.replaceChildren(head, ...rows, ...(total !== undefined ? [foot] : []));
}

export function renderRunList(runs: RunListItem[], shown: ReadonlySet<string>, current?: string): void {
  const select = byId<HTMLSelectElement>('overlay-pick');
  const choices = runs.filter((r) => r.runDir !== current && !shown.has(r.runDir));
  const placeholder = element('option', choices.length ? t('previous run…') : t('no other runs')) as HTMLOptionElement;
  placeholder.value = '';
  select.replaceChildren(placeholder, ...choices.map((r) => {
    const option = element('option', r.label) as HTMLOptionElement;
    option.value = r.runDir;
    return option;
  }));
  select.disabled = choices.length === 0;
}

export interface OverlayView {
  runDir: string;
  label: string;
  colour: string;
  differences: SpecDifference[];
}

/** The overlaid runs beside the legend, each with what its spec changed, and a remove button. */
export function renderOverlays(overlays: OverlayView[], onRemove: (runDir: string) => void): void {
  byId('overlays').replaceChildren(...overlays.map((o) => {
    const box = element('div', undefined, 'overlay');
    const title = element('div', undefined, 'overlay-title');
    const swatch = element('span', '', 'swatch');
    swatch.style.background = o.colour;
    const remove = element('button', '×', 'icon') as HTMLButtonElement;
    remove.title = t('Remove this overlay');
    remove.addEventListener('click', () => onRemove(o.runDir));
    title.append(swatch, element('span', o.label), remove);
    const list = element('ul', undefined, 'differences');
    if (o.differences.length === 0) list.append(element('li', t('same spec')));
    for (const d of o.differences) list.append(element('li', `${d.key}: ${d.other ?? t('(unset)')} → ${d.current ?? t('(unset)')}`));
    box.append(title, list);
    return box;
  }));
}
