// The panel's static skeleton and the small pieces of it that are rewritten
// when a run starts, ends or gets an epoch. Text always goes through
// textContent: model names, paths and messages are never parsed as HTML.
import { describeImplementations, type LayerSummary } from '../../core/src/shared';
import type { RunListItem, SpecDifference } from '../src/panel/messages';
import { formatEta as formatSeconds } from '../src/training/number-format';
import { formatNumber } from './chart';
import type { RunData } from './run-data';

const SKELETON = `
<header class="bar">
  <h1 id="title">RNN Studio</h1>
  <span id="status" class="badge"></span>
  <span id="progress" class="muted"></span>
</header>
<div class="bar toolbar">
  <button id="stop" title="Stop training; the partial run is kept">Stop</button>
  <button id="train-again" title="Train the same model again">Train again</button>
  <button id="export-csv" class="secondary" title="Save the metrics of every epoch as CSV">Export CSV</button>
  <button id="export-png" class="secondary" title="Save the loss chart as a PNG image">Export PNG</button>
  <button id="open-folder" class="secondary" title="Reveal the run folder">Open run folder</button>
</div>
<div class="bar controls">
  <label>Loss axis <select id="y-scale"><option value="linear">linear</option><option value="log">log</option></select></label>
  <label>x <select id="x-axis"><option value="step">step</option><option value="epoch">epoch</option></select></label>
  <label>Smoothing <input id="smoothing" type="range" min="0" max="0.99" step="0.01"><output id="smoothing-value"></output></label>
  <label>Overlay <select id="overlay-pick"><option value="">previous run…</option></select></label>
</div>
<section class="chart-row">
  <div class="charts">
    <h2>Loss</h2><div id="loss-chart" class="chart"></div>
    <h2 id="metric-title">Metric</h2><div id="metric-chart" class="chart"></div>
  </div>
  <aside id="overlays"></aside>
</section>
<section class="details">
  <div><h2>Run</h2><dl id="run-info"></dl></div>
  <div><h2>Model</h2><table id="layers"></table></div>
  <div><h2>Final metrics</h2><dl id="final"></dl></div>
</section>
<section id="predictions-section" hidden><h2>Predictions vs targets (validation)</h2><div id="predictions-chart" class="chart"></div></section>
<section id="sample-section" hidden><h2>Generated sample</h2><pre id="sample"></pre></section>
<section><ul id="messages"></ul></section>
`;

export function mountSkeleton(root: HTMLElement): void {
  root.innerHTML = SKELETON;
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
  badge.textContent = status.replace('_', ' ');
  badge.dataset.status = status;
  const parts: string[] = [];
  const last = run.lastEpoch;
  const lastStep = run.batchStep[run.batchStep.length - 1];
  if (run.start) parts.push(`epoch ${last?.epoch ?? 0}/${run.start.epochs}`);
  if (lastStep !== undefined) parts.push(`step ${lastStep}`);
  const lastLoss = run.batchLoss[run.batchLoss.length - 1];
  if (lastLoss !== undefined) parts.push(`loss ${formatNumber(lastLoss)}`);
  if (last?.val_loss !== undefined) parts.push(`val_loss ${formatNumber(last.val_loss)}`);
  if (!run.end && last) parts.push(`ETA ${formatSeconds(last.eta)}`);
  byId('progress').textContent = parts.join(' · ');
}

export function renderDetails(run: RunData): void {
  const start = run.start;
  const info: [string, string][] = [];
  if (start) {
    info.push(['backend', start.backend]);
    if (start.implementations?.length) info.push(['recurrent layers', describeImplementations(start.implementations)]);
    info.push(['seed', String(start.seed)], ['task', start.task]);
    info.push(['samples', `${start.trainSamples} train, ${start.validationSamples} validation`]);
    info.push(['batches per epoch', String(start.stepsPerEpoch)]);
    if (start.baselineLoss !== undefined) info.push(['baseline loss', formatNumber(start.baselineLoss)]);
  }
  if (run.epochs.length > 0) {
    const seconds = run.epochs.reduce((t, e) => t + e.seconds, 0);
    info.push(['seconds per epoch', (seconds / run.epochs.length).toFixed(2)]);
  }
  if (run.end) {
    info.push(['time', formatSeconds(run.end.seconds)], ['epochs run', String(run.end.epochs)]);
    if (run.end.reason) info.push(['ended', run.end.reason]);
  }
  if (start) info.push(['run folder', start.runDir]);
  fillDefinitions(byId('run-info'), info);
  renderLayers(start?.layers ?? [], start?.totalParams);
  const final = run.end?.final ?? (run.lastEpoch ? { loss: run.lastEpoch.loss, ...(run.lastEpoch.val_loss !== undefined ? { val_loss: run.lastEpoch.val_loss } : {}), ...run.lastEpoch.metrics } : {});
  fillDefinitions(byId('final'), Object.entries(final).map(([k, v]) => [k, formatNumber(v)]));
  byId('metric-title').textContent = run.metric ? (run.metric === 'mae' ? 'Mean absolute error' : run.metric[0].toUpperCase() + run.metric.slice(1)) : 'Metric';
  const sample = run.end?.sample;
  byId('sample-section').hidden = !sample;
  byId('sample').textContent = sample ?? '';
  byId('messages').replaceChildren(...run.messages.map((m) => element('li', m.type === 'error' ? `error: ${m.message}` : `${m.level}: ${m.message}`, m.type === 'error' ? 'error' : m.level)));
}

function renderLayers(layers: LayerSummary[], total?: number): void {
  const table = byId('layers');
  const head = element('tr');
  head.append(element('th', 'Layer'), element('th', 'Output shape'), element('th', 'Parameters', 'number'));
  const rows = layers.map((layer) => {
    const row = element('tr');
    const shape = `[${layer.outputShape.map((d) => (d === null ? 'batch' : String(d))).join(', ')}]`;
    row.append(element('td', layer.name), element('td', shape), element('td', layer.params.toLocaleString('en-US'), 'number'));
    return row;
  });
  const foot = element('tr', undefined, 'total');
  if (total !== undefined) foot.append(element('td', 'Total'), element('td', ''), element('td', total.toLocaleString('en-US'), 'number'));
  table.replaceChildren(head, ...rows, ...(total !== undefined ? [foot] : []));
}

export function renderRunList(runs: RunListItem[], shown: ReadonlySet<string>, current?: string): void {
  const select = byId<HTMLSelectElement>('overlay-pick');
  const choices = runs.filter((r) => r.runDir !== current && !shown.has(r.runDir));
  const placeholder = element('option', choices.length ? 'previous run…' : 'no other runs') as HTMLOptionElement;
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
    remove.title = 'Remove this overlay';
    remove.addEventListener('click', () => onRemove(o.runDir));
    title.append(swatch, element('span', o.label), remove);
    const list = element('ul', undefined, 'differences');
    if (o.differences.length === 0) list.append(element('li', 'same spec'));
    for (const d of o.differences) list.append(element('li', `${d.key}: ${d.other ?? '(unset)'} → ${d.current ?? '(unset)'}`));
    box.append(title, list);
    return box;
  }));
}
