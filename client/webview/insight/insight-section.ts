// The panel's "inside the recurrent layers" section, under the loss curves:
// tabs for the gradients, gates, saturation and distributions views and a
// choice of layer (and direction). It shows only when the run has insight
// records, and redraws only the open tab, only when its records, the theme,
// the width or a choice changed.
import { t } from '../../../core/src/shared';
import { INSIGHT_TABS as TABS, type InsightTab } from '../../src/panel/messages';
import type { Theme } from '../theme';
import { DistributionsView } from './distributions-view';
import { GatesView } from './gates-view';
import { GradientsView } from './gradients-view';
import type { InsightData, LayerInsight } from './insight-data';
import { choice, element } from './legend';
import { SaturationView } from './saturation-view';
import './insight.css';

export type { InsightTab };

function tabTitle(tab: InsightTab): string {
  if (tab === 'gradients') return t('Gradients through time');
  if (tab === 'gates') return t('Gates and states');
  if (tab === 'saturation') return t('Gate saturation');
  return t('Distributions');
}

function layerName(layer: LayerInsight): string {
  const cell = layer.info ? `${layer.info.cell}, ${layer.info.units}` : '';
  const name = layer.direction === 'backward' ? t('layer {0}, backward', layer.layer + 1) : t('layer {0}', layer.layer + 1);
  return cell ? `${name} (${cell})` : name;
}

export class InsightSection {
  private readonly layerChoice = element('span');
  private readonly tabButtons = new Map<InsightTab, HTMLButtonElement>();
  private readonly panes = new Map<InsightTab, HTMLElement>();
  private readonly gradients: GradientsView;
  private readonly gates: GatesView;
  private readonly saturation: SaturationView;
  private readonly distributions: DistributionsView;
  private tab: InsightTab;
  private layerKey?: string;
  private drawn = '';
  private data?: InsightData;
  private theme?: Theme;

  /** `tab`: the view to open first (the one the panel's saved state remembers); `onOpen` hears of each tab the user opens. */
  constructor(private readonly section: HTMLElement, tab: InsightTab | undefined, private readonly onOpen: (tab: InsightTab) => void = () => {}) {
    this.tab = tab !== undefined && TABS.includes(tab) ? tab : TABS[0];
    const header = element('div', undefined, 'bar insight-header');
    header.append(element('h2', t('Inside the recurrent layers')));
    const tabs = element('div', undefined, 'insight-tabs');
    tabs.setAttribute('role', 'tablist');
    for (const tab of TABS) {
      const button = element('button', tabTitle(tab), 'secondary');
      button.setAttribute('role', 'tab');
      button.dataset.tab = tab;
      button.addEventListener('click', () => this.open(tab));
      this.tabButtons.set(tab, button);
      tabs.append(button);
      const pane = element('div', undefined, 'insight-pane');
      pane.id = `insight-${tab}`;
      button.setAttribute('aria-controls', pane.id);
      pane.setAttribute('role', 'tabpanel');
      pane.dataset.view = tab;
      this.panes.set(tab, pane);
    }
    // The arrow keys move between tabs, as in VS Code's own tab lists.
    tabs.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = TABS[(TABS.indexOf(this.tab) + step + TABS.length) % TABS.length];
      this.open(next);
      this.tabButtons.get(next)?.focus();
      event.preventDefault();
    });
    header.append(tabs, this.layerChoice);
    section.append(header, ...this.panes.values());
    this.gradients = new GradientsView(this.panes.get('gradients')!);
    this.gates = new GatesView(this.panes.get('gates')!);
    this.saturation = new SaturationView(this.panes.get('saturation')!);
    this.distributions = new DistributionsView(this.panes.get('distributions')!);
    // Only a change of width redraws (the signature holds it); the views' own height changes must not loop.
    new ResizeObserver(() => {
      if (this.data && this.theme) this.render(this.data, this.theme);
    }).observe(section);
  }

  /** Opens `tab` as the user's choice: the panel is told, to remember it. */
  open(tab: InsightTab): void {
    this.show(tab);
    this.onOpen(tab);
  }

  /** Opens `tab` without telling anyone (the host restored the panel's state). */
  show(tab: InsightTab): void {
    if (!TABS.includes(tab)) return;
    this.tab = tab;
    this.redraw();
  }

  /** Draws the open view of `data` when something it shows changed. */
  render(data: InsightData, theme: Theme): void {
    this.data = data;
    this.theme = theme;
    this.section.hidden = data.isEmpty;
    if (data.isEmpty) return;
    const layers = data.layerList();
    const layer = layers.find((l) => l.key === this.layerKey) ?? layers[0];
    const width = this.width();
    const signature = [data.version, theme.key, this.tab, layer.key, width, layers.length].join('|');
    if (signature === this.drawn) return;
    this.drawn = signature;
    this.layerChoice.replaceChildren(...(layers.length > 1
      ? [choice(t('Layer'), layers.map((l) => ({ value: l.key, text: layerName(l) })), layer.key, (key) => { this.layerKey = key; this.redraw(); })]
      : [element('span', layerName(layer), 'muted')]));
    for (const tab of TABS) {
      const selected = tab === this.tab;
      this.tabButtons.get(tab)!.setAttribute('aria-selected', String(selected));
      this.tabButtons.get(tab)!.tabIndex = selected ? 0 : -1;
      this.tabButtons.get(tab)!.className = selected ? '' : 'secondary';
      this.panes.get(tab)!.hidden = !selected;
    }
    const again = () => this.redraw();
    this.gradients.updateTable(layer, data.version);
    if (this.tab === 'gradients') this.gradients.render(layer, theme, width, data.version);
    else if (this.tab === 'gates') this.gates.render(data, layer, theme, width, again);
    else if (this.tab === 'saturation') this.saturation.render(layer, theme, width);
    else this.distributions.render(layer, theme, again);
  }

  private redraw(): void {
    this.drawn = '';
    if (this.data && this.theme) this.render(this.data, this.theme);
  }

  private width(): number {
    return Math.max(320, Math.floor(this.section.clientWidth || 900));
  }

  /** Read-only access for the webview tests and the render bench: where cells are, how long drawing took. */
  readonly testHook = {
    open: (tab: InsightTab) => this.open(tab),
    tab: () => this.tab,
    gradientCell: (col: number, row: number) => this.gradients.heat.cellCentre(col, row),
    gateCell: (series: number, col: number, row: number) => this.gates.heatmapList[series]?.cellCentre(col, row),
    gatesEpoch: () => this.gates.shownEpoch,
    saturationPoint: (gate: string, epoch: number) => this.saturation.pointAt(gate, epoch),
    histogramBar: (index: number, bin: number) => {
      const small = this.distributions.histograms[index];
      const bins = small?.histogram?.counts.length;
      return bins ? small.frame.clientPoint((bin + 0.5) / bins, 0.5) : undefined;
    },
    skipped: () => this.data?.skipped ?? 0,
    renderMs: () => ({ gradients: this.gradients.lastRenderMs, gates: this.gates.lastRenderMs, saturation: this.saturation.lastRenderMs, distributions: this.distributions.lastRenderMs }),
  };
}
