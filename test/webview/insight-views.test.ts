// The panel's insight views (issue #10) in headless Chromium, fed with
// synthetic insight records: the gradients heat strip and its table, the gates
// heatmaps with the probe text, the saturation plot and the distributions;
// hover values against the records, a saved run replayed the way the host
// reads it, damaged records, a 500-step x 256-unit trace, and screenshots in
// each theme.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { insightEventsAfter } from '../../client/src/panel/insight-replay';
import { readEvents } from '../../core/src/run-store';
import { INSIGHT_FILE, type InsightRecord } from '../../core/src/shared';
import type { TrainEvent } from '../../core/src/shared/protocol';
import { syntheticRun } from './events';
import { THEMES, usePanels, waitFor, type PanelPage, type ThemeName } from './harness';
import { gradientNorms, insightEvents, insightRecords, traceValue } from './insight-records';

type Point = { x: number; y: number } | undefined;
interface InsightHook {
  open(tab: string): void;
  tab(): string;
  gradientCell(col: number, row: number): Point;
  gateCell(series: number, col: number, row: number): Point;
  gatesEpoch(): number | undefined;
  saturationPoint(gate: string, epoch: number): Point;
  histogramBar(index: number, bin: number): Point;
  skipped(): number;
  renderMs(): Record<string, number>;
}
declare const window: Window & { __rnnPanel: { insight: InsightHook; seriesLengths(): Record<string, number> } };

const screenshotDir = join(import.meta.dirname, '..', '..', '.vscode-test', 'screenshots');

async function show(panel: PanelPage, events: TrainEvent[]): Promise<void> {
  await panel.send({ type: 'reset', model: 'Adding' }, { type: 'events', events });
  await waitFor(() => panel.page.isVisible('#insight-section'), (v) => v, 'the insight section');
}

async function openTab(panel: PanelPage, tab: string): Promise<void> {
  await panel.page.click(`.insight-tabs button[data-tab="${tab}"]`);
  await waitFor(() => panel.page.isVisible(`.insight-pane[data-view="${tab}"]`), (v) => v, `the ${tab} view`);
}

/** Moves the pointer onto a point the panel names (after scrolling it into view) and returns the hover box's exact value and text. */
async function hover(panel: PanelPage, scrollTo: string, locate: () => Promise<Point>): Promise<{ value: number; text: string }> {
  await panel.page.locator(scrollTo).first().scrollIntoViewIfNeeded();
  const point = await waitFor(locate, (p) => p !== undefined, `a point to hover in ${scrollTo}`);
  await panel.page.mouse.move(point!.x, point!.y);
  const tip = await waitFor(() => panel.page.evaluate(() => {
    const box = document.querySelector<HTMLElement>('.insight-tooltip');
    return box && !box.hidden ? { value: box.dataset.value, text: box.textContent ?? '' } : undefined;
  }), (v) => v?.value !== undefined, 'the hover box');
  return { value: Number(tip!.value), text: tip!.text };
}

async function gradientTable(panel: PanelPage): Promise<{ epoch: number; values: number[] }[]> {
  return panel.page.$$eval('[data-view="gradients"] .insight-values tr[data-epoch]', (rows) => rows.map((row) => ({
    epoch: Number((row as HTMLElement).dataset.epoch),
    values: Array.from(row.querySelectorAll('td'), (td) => Number(td.dataset.value)),
  })));
}

async function screenshot(panel: PanelPage, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = join(screenshotDir, `${name}.png`);
  await panel.page.locator('#insight-section').screenshot({ path: file });
  const png = readFileSync(file);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.ok(png.length > 3_000, `${name} screenshot is only ${png.length} bytes`);
}

const TEXT = 'He said "look, a quote" and went on; then a new line\nfollowed';

describe('insight views (webview)', { timeout: 300_000 }, () => {
  const panels = usePanels();

  for (const themeName of Object.keys(THEMES) as ThemeName[]) {
    it(`gradients view (${themeName}): a heat strip of (epochs + 1) x T values equal to the records, hover gives the exact norm`, async () => {
      const panel = await panels.open(undefined, themeName);
      const steps = 30;
      await show(panel, [...syntheticRun({ epochs: 3, stepsPerEpoch: 5 }), ...insightEvents(insightRecords({ steps, units: 8, epochs: 3 }))]);
      assert.deepEqual(await gradientTable(panel), [0, 1, 2, 3].map((epoch) => ({ epoch, values: gradientNorms(steps, epoch) })));
      // The strip's rows are the epochs from initialisation down: row 2 is epoch 2.
      const tip = await hover(panel, '[data-view="gradients"] .insight-canvas', () => panel.page.evaluate(() => window.__rnnPanel.insight.gradientCell(5, 2)));
      assert.equal(tip.value, gradientNorms(steps, 2)[5]);
      assert.match(tip.text, /epoch 2.*time step 6/);
      // Underflow at step 1 of initialisation is a value too (0), shown as such.
      const zero = await hover(panel, '[data-view="gradients"] .insight-canvas', () => panel.page.evaluate(() => window.__rnnPanel.insight.gradientCell(0, 0)));
      assert.equal(zero.value, 0);
      assert.match(await panel.page.textContent('.insight-summary') ?? '', /epoch 3: the gradient at the first step is .* times the one at the last step: it vanishes/);
      // The loss curves beside it are unaffected.
      assert.equal((await panel.page.evaluate(() => window.__rnnPanel.seriesLengths())).loss, 3);
      await screenshot(panel, `insight-gradients-${themeName}`);
      assert.deepEqual(panel.problems, []);
      await panel.page.close();
    });
  }

  it('a bidirectional layer: each direction is a choice, the backward one read from its last step', async () => {
    const panel = await panels.open();
    const steps = 16;
    await show(panel, insightEvents(insightRecords({ steps, units: 4, epochs: 1, cell: 'gru', bidirectional: true })));
    const choices = await panel.page.$$eval('.insight-header select option', (os) => os.map((o) => o.textContent));
    assert.deepEqual(choices, ['layer 1 (gru, 4)', 'layer 1, backward (gru, 4)']);
    assert.doesNotMatch(await panel.page.textContent('.insight-summary') ?? '', /rightmost/);
    await panel.page.selectOption('.insight-header select', '0b');
    // The same norms as the forward direction here: read backward, the gradient grew going back through time.
    const norms = gradientNorms(steps, 1);
    const ratio = norms[steps - 1] / norms[0];
    await waitFor(() => panel.page.textContent('.insight-summary'), (text) => /rightmost column/.test(text ?? ''), 'the backward direction');
    assert.match(await panel.page.textContent('.insight-summary') ?? '', new RegExp(`is ${ratio.toPrecision(5).replace('.', '\\.')} times .* it explodes`));
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('gates view: traced epochs only, heatmaps per gate and state with exact hover values, probe text coloured by the clicked unit', async () => {
    const panel = await panels.open();
    const tokens = [...TEXT];
    const records = insightRecords({ steps: tokens.length, units: 12, epochs: 3, tokens, untraced: [1] });
    await show(panel, insightEvents(records));
    await openTab(panel, 'gates');
    const epochs = await panel.page.$$eval('[data-view="gates"] select option', (options) => options.map((o) => (o as HTMLOptionElement).value));
    assert.deepEqual(epochs, ['0', '2', '3'], 'epoch 1 has no trace');
    assert.equal(await panel.page.evaluate(() => window.__rnnPanel.insight.gatesEpoch()), 3);
    const titles = await panel.page.$$eval('[data-view="gates"] .insight-map:not([hidden]) h3', (hs) => hs.map((h) => h.textContent));
    assert.deepEqual(titles, ['input gate', 'forget gate', 'cell candidate', 'output gate', 'cell state', 'hidden state']);
    const forget = await hover(panel, '[data-view="gates"] .insight-map[data-series="forget"]', () => panel.page.evaluate(() => window.__rnnPanel.insight.gateCell(1, 4, 3)));
    assert.equal(forget.value, Math.fround(traceValue('lstm', 1, 3, 4, 3)));
    assert.match(forget.text, /forget gate.*time step 5.*unit 3/);

    // Clicking unit 6's row of the cell state colours each character by that unit's cell state.
    await panel.page.locator('[data-view="gates"] .insight-map[data-index="4"]').scrollIntoViewIfNeeded();
    const cellRow = await panel.page.evaluate(() => window.__rnnPanel.insight.gateCell(4, 0, 6));
    await panel.page.mouse.click(cellRow!.x, cellRow!.y);
    await waitFor(() => panel.page.textContent('.insight-tokens .muted'), (text) => /unit 6 \(cell state\)/.test(text ?? ''), 'the chosen unit');
    const shades = await panel.page.$$eval('.insight-tokens .token', (spans) => spans.map((s) => Number((s as HTMLElement).dataset.value)));
    assert.deepEqual(shades, tokens.map((_, t) => Math.fround(traceValue('lstm', 4, 3, t, 6))));
    const token = await panel.page.$$eval('.insight-tokens .token', (spans) => spans.map((s) => s.textContent));
    assert.equal(token.join('').replace('↵', '\n').replace(/␣/g, ' '), TEXT);

    // The gradient table follows the records while another view is open.
    assert.deepEqual((await gradientTable(panel)).map((r) => r.epoch), [0, 1, 2, 3]);
    // Another epoch: the heatmaps show its trace.
    await panel.page.selectOption('[data-view="gates"] select', '2');
    await waitFor(() => panel.page.evaluate(() => window.__rnnPanel.insight.gatesEpoch()), (e) => e === 2, 'epoch 2');
    const hidden = await hover(panel, '[data-view="gates"] .insight-map[data-series="hidden"]', () => panel.page.evaluate(() => window.__rnnPanel.insight.gateCell(5, 10, 11)));
    assert.equal(hidden.value, Math.fround(traceValue('lstm', 5, 2, 10, 11)));
    await screenshot(panel, 'insight-gates-text');
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('gates view of a series model draws the input above the heatmaps and hovers its values', async () => {
    const panel = await panels.open(undefined, 'light');
    const records = insightRecords({ steps: 40, units: 16, epochs: 2, cell: 'gru' });
    await show(panel, insightEvents(records));
    await openTab(panel, 'gates');
    assert.equal(await panel.page.isVisible('[data-view="gates"] .insight-tokens'), false);
    const probe = records[0];
    assert.ok(probe.kind === 'probe');
    const input = await hover(panel, '[data-view="gates"] .insight-plot', async () => {
      const box = await panel.page.locator('[data-view="gates"] .insight-plot canvas').first().boundingBox();
      // The input strip shares the heatmaps' margins: step 8 (index 7) of 40.
      return box ? { x: box.x + 64 + ((7 + 0.5) / 40) * (box.width - 64 - 12), y: box.y + box.height / 2 } : undefined;
    });
    assert.equal(input.value, probe.input[7][0]);
    assert.match(input.text, /time step 8.*value: 0\.98545.*marker: 1/);
    const titles = await panel.page.$$eval('[data-view="gates"] .insight-map:not([hidden]) h3', (hs) => hs.map((h) => h.textContent));
    assert.deepEqual(titles, ['update gate', 'reset gate', 'candidate gate', 'hidden state']);
    await screenshot(panel, 'insight-gates-series-light');
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('saturation plot: one point per gate and epoch, hover gives its fractions', async () => {
    const panel = await panels.open();
    const records = insightRecords({ steps: 20, units: 8, epochs: 4 });
    await show(panel, insightEvents(records));
    await openTab(panel, 'saturation');
    // From the keyboard: the arrow keys move between the tabs.
    await panel.page.keyboard.press('ArrowRight');
    await waitFor(() => panel.page.isVisible('.insight-pane[data-view="distributions"]'), (v) => v, 'the next tab');
    await panel.page.keyboard.press('ArrowLeft');
    await waitFor(() => panel.page.isVisible('.insight-pane[data-view="saturation"]'), (v) => v, 'the tab before');
    const saturation = records.find((r): r is Extract<InsightRecord, { kind: 'saturation' }> => r.kind === 'saturation' && r.epoch === 3)!;
    const forget = saturation.gates.find((g) => g.gate === 'forget')!;
    const tip = await hover(panel, '[data-view="saturation"] canvas', () => panel.page.evaluate(() => window.__rnnPanel.insight.saturationPoint('forget', 3)));
    assert.equal(tip.value, forget.low);
    assert.match(tip.text, new RegExp(`forget gate.*epoch 3.*below 0\\.1: ${forget.low}.*above 0\\.9: ${forget.high}`));
    assert.equal(await panel.page.textContent('[data-view="saturation"] .bar'), ' input gate forget gate cell candidate output gate');
    await screenshot(panel, 'insight-saturation');
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('distributions: a histogram per block and gate for weights and gradients, of the chosen epoch', async () => {
    const panel = await panels.open(undefined, 'high-contrast');
    const records = insightRecords({ steps: 20, units: 8, epochs: 2 });
    await show(panel, insightEvents(records));
    await openTab(panel, 'distributions');
    const figures = await panel.page.$$eval('[data-view="distributions"] figure', (fs) => fs.map((f) => `${(f as HTMLElement).dataset.of}/${(f as HTMLElement).dataset.block}/${(f as HTMLElement).dataset.gate}`));
    assert.equal(figures.length, 2 * 3 * 4);
    assert.equal(figures[0], 'weights/input/input');
    await panel.page.selectOption('[data-view="distributions"] select', '1');
    const histograms = records.find((r): r is Extract<InsightRecord, { kind: 'histograms' }> => r.kind === 'histograms' && r.epoch === 1)!.histograms;
    const index = histograms.findIndex((h) => h.of === 'gradients' && h.block === 'recurrent' && h.gate === 'forget');
    const tip = await hover(panel, '[data-view="distributions"] figure[data-of="gradients"][data-block="recurrent"][data-gate="forget"]', () => panel.page.evaluate((i) => window.__rnnPanel.insight.histogramBar(i, 7), index));
    assert.equal(tip.value, histograms[index].counts[7]);
    assert.match(tip.text, new RegExp(`${histograms[index].counts[7]} values`));
    await screenshot(panel, 'insight-distributions-high-contrast');
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('a plain rnn: its hidden state in the gates view, no saturation plot, no gate histograms', async () => {
    const panel = await panels.open();
    await show(panel, insightEvents(insightRecords({ steps: 10, units: 3, epochs: 1, cell: 'rnn' })));
    await openTab(panel, 'gates');
    const hidden = await hover(panel, '[data-view="gates"] .insight-map[data-series="hidden"]', () => panel.page.evaluate(() => window.__rnnPanel.insight.gateCell(0, 9, 2)));
    assert.equal(hidden.value, Math.fround(traceValue('rnn', 0, 1, 9, 2)));
    await openTab(panel, 'saturation');
    assert.equal(await panel.page.isVisible('[data-view="saturation"] canvas'), false);
    assert.match(await panel.page.textContent('[data-view="saturation"]') ?? '', /This layer has no gates/);
    await openTab(panel, 'distributions');
    assert.match(await panel.page.textContent('[data-view="distributions"]') ?? '', /No epoch has histograms yet/);
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('leaves out records it cannot draw and keeps drawing the loss and the rest', async () => {
    const panel = await panels.open();
    const records = insightRecords({ steps: 12, units: 4, epochs: 1 });
    const damaged = [
      { kind: 'gradients', epoch: 2, layer: 0, direction: 'forward', norms: [1, 2, 3] },
      { kind: 'trace', epoch: 2, layer: 0, direction: 'forward', steps: 12, units: 4, series: [{ name: 'hidden', data: 'AAAA' }] },
      { kind: 'trace', epoch: 3, layer: 0, direction: 'forward', steps: 12, units: 4, series: [{ name: 'hidden', data: '!!not base64' }] },
      { kind: 'saturation', epoch: 2, layer: 0, direction: 'sideways', gates: [] },
      { kind: 'weights', epoch: 2 },
    ] as unknown as InsightRecord[];
    // The probe alone (the first record a run writes): the section shows, with nothing to draw yet.
    await show(panel, insightEvents(records.slice(0, 1)));
    for (const tab of ['gates', 'saturation', 'distributions', 'gradients']) await openTab(panel, tab);
    assert.deepEqual(await gradientTable(panel), []);
    const events: TrainEvent[] = [...syntheticRun({ epochs: 1, stepsPerEpoch: 4 }), ...insightEvents([...records, ...damaged]),
      { type: 'insight', record: null, time: 1 } as unknown as TrainEvent];
    await show(panel, events);
    // The event validators (shared/run-schema.ts) turn away the malformed records before the views see them; what is
    // well formed but does not fit the probe (a wrong number of norms, a trace of the wrong size) the views leave out.
    const leftOut = await panel.page.evaluate(() => window.__rnnPanel.insight.skipped());
    const unread = Number(/(\d+) events could not be read/.exec(await panel.page.textContent('#messages') ?? '')?.[1] ?? 0);
    assert.ok(leftOut >= 1, 'records that pass validation but do not fit the probe are left out by the views');
    assert.equal(leftOut + unread, damaged.length + 1, 'every damaged record is either unread or left out, the null one included');
    assert.deepEqual((await gradientTable(panel)).map((r) => r.epoch), [0, 1]);
    await openTab(panel, 'gates');
    assert.deepEqual(await panel.page.$$eval('[data-view="gates"] select option', (os) => os.map((o) => (o as HTMLOptionElement).value)), ['0', '1']);
    assert.equal((await panel.page.evaluate(() => window.__rnnPanel.seriesLengths())).loss, 1);
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('draws a 500-step x 256-unit lstm trace (six heatmaps) and hovers its last cell', async (t) => {
    const panel = await panels.open();
    const records = insightRecords({ steps: 500, units: 256, epochs: 1 });
    await show(panel, insightEvents(records));
    await openTab(panel, 'gates');
    const last = await hover(panel, '[data-view="gates"] .insight-map[data-series="hidden"]', () => panel.page.evaluate(() => window.__rnnPanel.insight.gateCell(5, 499, 255)));
    assert.equal(last.value, Math.fround(traceValue('lstm', 5, 1, 499, 255)));
    const sizes = await panel.page.$$eval('[data-view="gates"] .insight-map canvas.insight-canvas', (cs) => cs.map((c) => (c as HTMLCanvasElement).getBoundingClientRect().height));
    assert.deepEqual(sizes, Array(6).fill(6 + 26 + 256), 'one pixel row per unit');
    await screenshot(panel, 'insight-gates-500x256');
    await openTab(panel, 'gradients');
    assert.equal((await gradientTable(panel))[1].values.length, 500);
    // Measured, not asserted (npm run bench:insight-views measures it properly).
    t.diagnostic(`render ms: ${JSON.stringify(await panel.page.evaluate(() => window.__rnnPanel.insight.renderMs()))}`);
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('remembers the insight tab the user opened: in the webview state, on a reload, and when the host restores the state', async () => {
    const events = insightEvents(insightRecords({ steps: 6, units: 4, epochs: 2 }));
    const panel = await panels.open();
    await show(panel, events);
    assert.equal(await panel.page.evaluate(() => window.__rnnPanel.insight.tab()), 'gradients', 'the first tab opens by default');
    await openTab(panel, 'saturation');
    assert.equal((await panel.savedState())?.insightTab, 'saturation');
    // The arrow keys choose a tab too, and that choice is remembered as well.
    await panel.page.keyboard.press('ArrowRight');
    await waitFor(() => panel.page.isVisible('.insight-pane[data-view="distributions"]'), (v) => v, 'the distributions view');
    assert.equal((await panel.savedState())?.insightTab, 'distributions');
    const saved = await panel.savedState();
    await panel.page.close();

    // A webview shown again (or a reloaded window) starts from the saved state: the same tab is open.
    const shownAgain = await panels.open(saved);
    await show(shownAgain, events);
    assert.equal(await shownAgain.page.evaluate(() => window.__rnnPanel.insight.tab()), 'distributions');
    assert.ok(await shownAgain.page.isVisible('.insight-pane[data-view="distributions"]'));
    assert.ok(!await shownAgain.page.isVisible('.insight-pane[data-view="gradients"]'));
    assert.equal(await shownAgain.page.getAttribute('.insight-tabs button[data-tab="distributions"]', 'aria-selected'), 'true');
    await shownAgain.page.close();

    // The serializer's path: a fresh page, the host sends back the state VS Code kept; a tab name it does not know is ignored.
    const revived = await panels.open();
    await revived.send({ type: 'options', state: { yScale: 'linear', xAxis: 'step', smoothing: 0.6, overlays: [], insightTab: 'gates' } });
    await show(revived, events);
    await waitFor(() => revived.page.isVisible('.insight-pane[data-view="gates"]'), (v) => v, 'the gates view');
    assert.equal((await revived.savedState())?.insightTab, 'gates');
    await revived.send({ type: 'options', state: { insightTab: 'nonsense' as never } });
    await waitFor(() => revived.page.evaluate(() => window.__rnnPanel.insight.tab()), (tab) => tab === 'gates', 'the gates tab kept');
    assert.deepEqual(revived.problems, []);
    await revived.page.close();
  });

  it('replays a saved run: metrics.jsonl and insight.jsonl read as the host reads them, a damaged line said once', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'rnn-insight-run-'));
    try {
      const steps = 25;
      const records = insightRecords({ steps, units: 6, epochs: 2, cell: 'gru' });
      writeFileSync(join(runDir, 'metrics.jsonl'), syntheticRun({ epochs: 2, stepsPerEpoch: 3, runDir }).map((e) => JSON.stringify(e)).join('\n') + '\n');
      writeFileSync(join(runDir, INSIGHT_FILE), records.map((r) => JSON.stringify(r)).join('\n') + '\n{"kind": "gradients", "epo\n');
      const replay = insightEventsAfter(runDir, 0);
      assert.equal(replay.events.length, records.length);
      assert.equal(replay.total, records.length);
      assert.deepEqual(insightEventsAfter(runDir, replay.total).events, [], 'a second read sends only what is new');
      assert.ok(replay.warning);
      const panel = await panels.open();
      await show(panel, [...readEvents(runDir), ...replay.events, replay.warning]);
      assert.deepEqual(await gradientTable(panel), [0, 1, 2].map((epoch) => ({ epoch, values: gradientNorms(steps, epoch) })));
      assert.match(await panel.page.textContent('#messages') ?? '', /insight\.jsonl line \d+: not valid JSON/);
      await openTab(panel, 'gates');
      const update = await hover(panel, '[data-view="gates"] .insight-map[data-series="update"]', () => panel.page.evaluate(() => window.__rnnPanel.insight.gateCell(0, 3, 2)));
      assert.equal(update.value, Math.fround(traceValue('gru', 0, 2, 3, 2)));
      assert.deepEqual(panel.problems, []);
      await panel.page.close();
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  });
});
