// The training panel in another display language, in headless Chromium.
// In the pseudo-locale every message the catalogs know is wrapped in ⟦ ⟧, so
// any English left outside the markers is text that never went through `t`.
// Then the panel in Chinese, with a screenshot.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { statusLabel } from '../../client/src/history/status-label';
import type { OverlayRun, PanelL10n } from '../../client/src/panel/messages';
import { bundlesFor, useLocale, type L10nBundle, type Locale } from '../../core/src/shared';
import type { TrainEvent } from '../../core/src/shared/protocol';
import { classificationRun, forecastRun, syntheticRun } from './events';
import { openPanel, panelSuite, waitFor, type PanelPage, type PanelServer } from './harness';

declare const window: Window & { __rnnPanel: { seriesLengths(): Record<string, number> } };

const screenshotDir = join(import.meta.dirname, '..', '..', '.vscode-test', 'screenshots');

/** What VS Code hands the panel: the one merged bundle of every catalog (the panel shows the extension's status words and run labels, and the shared layer's implementation names). */
function l10nFor(locale: Locale): PanelL10n {
  return { language: locale, bundle: Object.assign({}, ...bundlesFor(locale, ['panel', 'extension', 'language'])) as L10nBundle };
}

/** A live run with a warning, predictions, a generated sample and an early stop, as the engine reports one. */
function liveRun(): TrainEvent[] {
  const events = syntheticRun({ epochs: 3, stepsPerEpoch: 10, predictions: 40 });
  const end = events[events.length - 1];
  assert.ok(end.type === 'end');
  events.splice(events.length - 1, 1,
    { type: 'log', level: 'warning', message: 'Der Verlust stagniert', time: end.time },
    { ...end, status: 'early_stopped', reason: 'Ende nach Plan', sample: 'abc abc' });
  return events;
}

/** A saved run that failed: what replaying its metrics.jsonl sends. */
function failedRun(): TrainEvent[] {
  const events = syntheticRun({ model: 'Diverges', runDir: '/runs/Diverges/2026-11-27T09-00-00', epochs: 2, stepsPerEpoch: 5 });
  const end = events[events.length - 1];
  assert.ok(end.type === 'end');
  events.splice(events.length - 1, 1,
    { type: 'error', code: 'nan-loss', message: 'Verlust ist NaN', time: end.time },
    { ...end, status: 'failed', reason: 'Verlust ist NaN' });
  return events;
}

/**
 * What may show outside the markers, and why: the product's name; the names a
 * run gives (its model, layers, folder, backend, metric names as in its files,
 * the spec keys and values of an overlay's differences, the run labels' times);
 * the messages the engine recorded in the run (written in the run's own
 * language: German here, so a missed one would still be caught as not English);
 * the names of measures (RMSE, F1), which the run files use too; and unit symbols and axis letters (s, min, h, x),
 * written alike in every language.
 */
function allowed(runs: TrainEvent[][], overlays: OverlayRun[]): { phrases: string[]; words: Set<string> } {
  const phrases = new Set<string>(['RNN Studio', 'RMSE', 'F1']);
  for (const event of runs.flat()) {
    if (event.type === 'start') {
      [event.model, event.runDir, event.backend, event.metric, ...event.layers.map((l) => l.name)].forEach((p) => phrases.add(p));
    } else if (event.type === 'epoch') {
      ['loss', 'val_loss', ...Object.keys(event.metrics)].forEach((p) => phrases.add(p));
    } else if (event.type === 'log' || event.type === 'error') {
      phrases.add(event.message);
    } else if (event.type === 'end') {
      [...Object.keys(event.final), event.reason, event.sample, event.forecast?.column, ...(event.classification?.classes ?? [])].forEach((p) => p && phrases.add(p));
    }
  }
  for (const overlay of overlays) {
    phrases.add(overlay.label);
    for (const d of overlay.differences) [d.key, d.current, d.other].forEach((p) => p && phrases.add(p));
  }
  // Longest first, so "val_loss" goes before "loss" eats part of it.
  return { phrases: [...phrases].sort((a, b) => b.length - a.length), words: new Set(['s', 'min', 'h', 'x']) };
}

/** Every visible text node and every title, aria-label and placeholder of the panel. */
async function visibleTexts(panel: PanelPage): Promise<string[]> {
  // A string, not a function: tsx would wrap named functions in a helper the page does not have.
  return panel.page.evaluate(`(() => {
    const shown = (e) => e.closest('select') ? e.closest('select').checkVisibility() : e.checkVisibility();
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('script, style') || !shown(parent)) continue;
      if (node.textContent.trim()) texts.push(node.textContent.trim());
    }
    for (const element of document.body.querySelectorAll('[title], [aria-label], [placeholder]')) {
      if (!shown(element)) continue;
      for (const name of ['title', 'aria-label', 'placeholder']) {
        const value = element.getAttribute(name);
        if (value && value.trim()) texts.push(value.trim());
      }
    }
    return texts;
  })()`);
}

/** The English a text shows outside the markers, once the allowed names, numbers and symbols are taken out. */
function unrouted(text: string, allow: { phrases: string[]; words: Set<string> }): string[] {
  let rest = text.replace(/⟦[^⟧]*⟧/g, ' ');
  for (const phrase of allow.phrases) rest = rest.split(phrase).join(' ');
  rest = rest.replace(/[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi, ' ');
  return (rest.match(/[A-Za-z_]+/g) ?? []).filter((word) => !allow.words.has(word));
}

describe('training panel in other display languages (webview)', { timeout: 180_000 }, () => {
  const suite = panelSuite();
  let browser: Browser;
  let server: PanelServer;
  before(() => ({ browser, server } = suite));
  after(() => useLocale('en'));

  const lengths = (panel: PanelPage) => panel.page.evaluate(() => window.__rnnPanel.seriesLengths());

  it('pseudo-locale: no English outside the markers, before, during and after a live run and in a replayed failed run', async () => {
    const l10n = l10nFor('qps-ploc');
    // The run labels are made by the extension host in the same language (client/src/history/run-list.ts).
    useLocale('qps-ploc', l10n.bundle);
    const live = liveRun();
    const failed = failedRun();
    const overlay: OverlayRun = {
      runDir: '/runs/SineForecast/2026-11-26T14-00-00', label: '14:00:00',
      events: syntheticRun({ epochs: 4, stepsPerEpoch: 10, scale: 2 }),
      differences: [{ key: 'hidden.units', current: '[64, 32]', other: '[32]' }, { key: 'hidden.dropout', current: '0.2' }],
    };
    const forecast = forecastRun();
    const classification = classificationRun();
    const allow = allowed([live, failed, overlay.events, forecast, classification], [overlay]);
    const panel = await openPanel(browser, server.localisedUrl(l10n));
    const leftovers: string[] = [];
    const check = async (when: string) => {
      for (const text of await visibleTexts(panel)) {
        const words = unrouted(text, allow);
        if (words.length > 0) leftovers.push(`${when}: "${text}" (${words.join(', ')})`);
      }
    };

    await waitFor(() => visibleTexts(panel), (texts) => texts.some((text) => text.includes('⟦')), 'the panel drawn in the pseudo-locale');
    await check('empty panel');

    await panel.send({ type: 'reset', model: 'SineForecast' }, { type: 'training', active: true }, { type: 'events', events: live.slice(0, 25) });
    await waitFor(() => lengths(panel), (c) => c.val_loss === 2, 'the first two epochs');
    await waitFor(() => panel.page.textContent('#progress'), (text) => /⟦ETA/.test(text ?? ''), 'the progress line with an ETA');
    await check('while training');

    await panel.send({ type: 'events', events: live.slice(25) }, { type: 'training', active: false });
    await panel.send({ type: 'runs', runs: [
      { runDir: '/runs/SineForecast/2026-11-26T15-00-00', label: `2026-11-26 15:00:00 · ${statusLabel('early_stopped')}` },
      { runDir: overlay.runDir, label: `2026-11-26 14:00:00 · ${statusLabel('completed')} · val_loss 0.1235` },
    ] }, { type: 'overlay', run: overlay });
    await waitFor(() => panel.page.textContent('#overlays'), (text) => /hidden\.dropout/.test(text ?? ''), 'the overlay and its differences');
    await waitFor(() => panel.page.isHidden('#predictions-section'), (hidden) => !hidden, 'the predictions');
    await check('after the live run, with an overlay');

    await panel.send({ type: 'reset', model: 'Diverges', runDir: '/runs/Diverges/2026-11-27T09-00-00' }, { type: 'events', events: failed });
    await waitFor(() => panel.page.textContent('#status'), (text) => text === '⟦failed⟧', 'the replayed failed run');
    await check('a replayed failed run');

    await panel.send({ type: 'reset', model: 'AirlineForecast' }, { type: 'events', events: forecast });
    await waitFor(() => panel.page.isHidden('#forecast-section'), (hidden) => !hidden, 'the forecast');
    await check('a forecast and its baselines');
    await panel.send({ type: 'reset', model: 'SineForecast' }, { type: 'events', events: classification });
    await waitFor(() => panel.page.isHidden('#classification-section'), (hidden) => !hidden, 'the confusion matrix');
    await check('a confusion matrix');

    assert.deepEqual(leftovers, []);
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('Chinese: buttons, headings, the status and the details in Chinese (screenshot .vscode-test/screenshots/panel-zh-cn.png)', async () => {
    const panel = await openPanel(browser, server.localisedUrl(l10nFor('zh-cn')), undefined, 'light');
    assert.equal(await panel.page.getAttribute('html', 'lang'), 'zh-cn');
    await panel.send({ type: 'reset', model: 'SineForecast' }, { type: 'training', active: true }, { type: 'events', events: liveRun() }, { type: 'training', active: false });
    await waitFor(() => panel.page.textContent('#status'), (text) => text === '已提前停止', 'the run drawn');
    const buttons = await panel.page.$$eval('.toolbar button', (all) => all.map((b) => [b.textContent, b.getAttribute('title')]));
    assert.deepEqual(buttons, [
      ['停止', '停止训练；已训练的部分会保留'],
      ['再次训练', '再次训练同一个模型'],
      ['导出 CSV', '将每一轮的指标保存为 CSV'],
      ['导出 PNG', '将损失曲线图保存为 PNG 图像'],
      ['打开运行文件夹', '在文件管理器中显示运行文件夹'],
      ['预测', '用这次运行记录进行预测：序列之后的预测、生成的文本，或验证部分上的预测'],
      ['继续训练…', '从最后一个检查点继续这次运行记录，结果存为新的运行记录'],
    ]);
    assert.deepEqual(await panel.page.$$eval('h2:not([hidden] h2)', (all) => all.map((h) => h.textContent)),
      ['损失', '平均绝对误差', '运行', '模型', '最终指标', '预测值与目标值（验证集）', '生成的样本']);
    const details = await panel.page.textContent('#run-info');
    assert.match(details ?? '', /循环层实现原生融合内核/);
    assert.match(details ?? '', /任务回归/);
    assert.match(details ?? '', /样本训练 640，验证 400/);
    assert.match(await panel.page.textContent('#layers') ?? '', /^层输出形状参数lstm \(LSTM\)\[批次, 50, 64\]16,896/);
    assert.match(await panel.page.textContent('#messages') ?? '', /^警告：Der Verlust stagniert$/);
    assert.deepEqual(Object.keys(await lengths(panel)).sort(), ['loss', 'val_loss', '基线', '批次损失', '批次损失（平滑）'].sort(),
      'the legend names the curves in Chinese; metric names stay as the run files have them');
    assert.deepEqual(panel.problems, []);

    mkdirSync(screenshotDir, { recursive: true });
    const file = join(screenshotDir, 'panel-zh-cn.png');
    await panel.page.screenshot({ path: file, fullPage: true });
    assert.ok(readFileSync(file).length > 10_000);
    await panel.page.close();
  });

  it('English when the page names no language, or one the product does not speak', async () => {
    const panel = await openPanel(browser, server.localisedUrl({ language: 'fr', bundle: {} }));
    assert.equal(await panel.page.textContent('#stop'), 'Stop');
    assert.equal(await panel.page.textContent('#export-csv'), 'Export CSV');
    await panel.page.close();
  });
});
