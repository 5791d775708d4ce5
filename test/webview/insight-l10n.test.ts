// The insight views in another display language, in headless Chromium: in the
// pseudo-locale every catalogued message is wrapped in ⟦ ⟧, so English left
// outside the markers in the section's text (legends, tabs, captions, hover
// boxes) never went through `t`; then the section in Chinese, with a screenshot.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { PanelL10n } from '../../client/src/panel/messages';
import { bundlesFor, type L10nBundle, type Locale } from '../../core/src/shared';
import { openPanel, panelSuite, waitFor, type PanelPage } from './harness';
import { insightEvents, insightRecords } from './insight-records';

type Point = { x: number; y: number } | undefined;
declare const window: Window & { __rnnPanel: { insight: { gradientCell(col: number, row: number): Point; saturationPoint(gate: string, epoch: number): Point } } };

const screenshotDir = join(import.meta.dirname, '..', '..', '.vscode-test', 'screenshots');

function l10nFor(locale: Locale): PanelL10n {
  return { language: locale, bundle: Object.assign({}, ...bundlesFor(locale, ['panel', 'language'])) as L10nBundle };
}

/**
 * What may show outside the markers: the gate and series names the records
 * give (spec keywords), the cell kinds, the feature names of the data, the
 * probe's characters, the formula ||dL/dh_t|| and its log10.
 */
const ALLOWED = new Set(['input', 'forget', 'cell', 'output', 'hidden', 'lstm', 'value', 'marker', 'log', 'dL', 'dh_t', 'dh']);
const TOKENS = [...'abc "quoted" def'];

function english(text: string): string[] {
  const rest = text.replace(/⟦[^⟧]*⟧/g, ' ').replace(/[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi, ' ');
  return (rest.match(/[A-Za-z_]+/g) ?? []).filter((word) => !ALLOWED.has(word) && !TOKENS.join('').includes(word));
}

async function sectionText(panel: PanelPage): Promise<string> {
  return panel.page.evaluate(() => {
    const section = document.getElementById('insight-section');
    const tip = document.querySelector<HTMLElement>('.insight-tooltip');
    const options = Array.from(section?.querySelectorAll('option') ?? [], (o) => o.textContent).join(' ');
    return `${section?.innerText ?? ''} ${options} ${tip && !tip.hidden ? tip.innerText : ''}`;
  });
}

async function hoverAt(panel: PanelPage, scrollTo: string, point: () => Promise<Point>): Promise<void> {
  await panel.page.locator(scrollTo).first().scrollIntoViewIfNeeded();
  const at = await waitFor(point, (p) => p !== undefined, 'a point to hover');
  await panel.page.mouse.move(at!.x, at!.y);
  await waitFor(() => panel.page.isVisible('.insight-tooltip'), (v) => v, 'the hover box');
}

describe('insight views in other display languages (webview)', { timeout: 180_000 }, () => {
  const suite = panelSuite();
  const records = insightRecords({ steps: TOKENS.length, units: 6, epochs: 2, tokens: TOKENS });
  const series = insightRecords({ steps: 20, units: 6, epochs: 2 });

  it('pseudo-locale: every tab, legend, caption and hover box goes through t', async () => {
    const panel = await openPanel(suite.browser, suite.server.localisedUrl(l10nFor('qps-ploc')));
    const leftovers: string[] = [];
    const check = async (when: string) => {
      const text = await sectionText(panel);
      assert.match(text, /⟦/, `${when}: the section is drawn in the pseudo-locale`);
      const words = english(text);
      if (words.length > 0) leftovers.push(`${when}: ${words.join(', ')}`);
    };
    for (const [name, recs] of [['text', records], ['series', series]] as const) {
      await panel.send({ type: 'reset', model: 'M' }, { type: 'events', events: insightEvents(recs) });
      await waitFor(() => panel.page.isVisible('#insight-section'), (v) => v, 'the insight section');
      await panel.page.click('.insight-tabs button[data-tab="gradients"]');
      await hoverAt(panel, '[data-view="gradients"] canvas', () => panel.page.evaluate(() => window.__rnnPanel.insight.gradientCell(1, 1)));
      await check(`${name}: gradients`);
      for (const tab of ['gates', 'saturation', 'distributions']) {
        await panel.page.click(`.insight-tabs button[data-tab="${tab}"]`);
        await waitFor(() => panel.page.isVisible(`.insight-pane[data-view="${tab}"]`), (v) => v, tab);
        if (tab === 'saturation') await hoverAt(panel, '[data-view="saturation"] canvas', () => panel.page.evaluate(() => window.__rnnPanel.insight.saturationPoint('forget', 1)));
        await check(`${name}: ${tab}`);
      }
    }
    assert.deepEqual(leftovers, []);
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('Chinese: the gradients view and the gates of a text model (screenshots insight-*-zh-cn.png)', async () => {
    const panel = await openPanel(suite.browser, suite.server.localisedUrl(l10nFor('zh-cn')), undefined, 'light');
    await panel.send({ type: 'reset', model: 'M' }, { type: 'events', events: insightEvents(records) });
    await waitFor(() => panel.page.isVisible('#insight-section'), (v) => v, 'the insight section');
    const text = await sectionText(panel);
    assert.match(text, /循环层内部/);
    assert.match(text, /梯度消失/);
    mkdirSync(screenshotDir, { recursive: true });
    await panel.page.locator('#insight-section').screenshot({ path: join(screenshotDir, 'insight-gradients-zh-cn.png') });
    await panel.page.click('.insight-tabs button[data-tab="gates"]');
    await waitFor(() => sectionText(panel), (t) => /按单元 0（隐藏状态）着色的探针文本/.test(t), 'the gates view in Chinese');
    await panel.page.locator('#insight-section').screenshot({ path: join(screenshotDir, 'insight-gates-zh-cn.png') });
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });
});
