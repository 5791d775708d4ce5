// The training panel in headless Chromium: a simulated run streamed into it
// the way the extension host relays training events.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TrainEvent } from '../../core/src/shared/protocol';
import { syntheticRun } from './events';
import { THEMES, usePanels, waitFor, type PanelPage, type ThemeName } from './harness';

interface PanelHook {
  seriesLengths(): Record<string, number>;
  metricSeriesLengths(): Record<string, number>;
  predictionSeriesLengths(): Record<string, number>;
  seriesValues(label: string): number[] | undefined;
  yDistribution(): number | undefined;
  renderCount(): number;
  lastRenderMs(): number;
  pngDataUrl(): string | undefined;
  theme(): { foreground: string; background: string; highContrast: boolean };
}
declare const window: Window & { __rnnPanel: PanelHook };

const screenshotDir = join(import.meta.dirname, '..', '..', '.vscode-test', 'screenshots');

describe('training panel (webview)', { timeout: 180_000 }, () => {
  const panels = usePanels();

  const lengths = (panel: PanelPage) => panel.page.evaluate(() => window.__rnnPanel.seriesLengths());

  /** Streams a run one event per message (the worst case: no coalescing by the host). */
  async function stream(panel: PanelPage, events: TrainEvent[]): Promise<void> {
    await panel.send({ type: 'reset', model: 'SineForecast' }, { type: 'training', active: true });
    await panel.page.evaluate((all) => { for (const e of all) window.postMessage({ type: 'events', events: [e] }, '*'); }, events);
  }

  it('plots every batch, epoch, validation point, metric, baseline and prediction of a streamed run', async () => {
    const panel = await panels.open();
    const events = syntheticRun({ epochs: 10, stepsPerEpoch: 50, predictions: 120 });
    await stream(panel, events);
    await panel.send({ type: 'training', active: false });
    const counts = await waitFor(() => lengths(panel), (c) => c['batch loss'] === 500 && c['loss'] === 10, 'all 500 batches');
    assert.deepEqual(counts, { 'batch loss': 500, 'batch loss (smoothed)': 500, loss: 10, val_loss: 10, baseline: 2 });
    assert.deepEqual(await panel.page.evaluate(() => window.__rnnPanel.metricSeriesLengths()), { mae: 10, val_mae: 10 });
    assert.deepEqual(await waitFor(() => panel.page.evaluate(() => window.__rnnPanel.predictionSeriesLengths()), (c) => c.target === 120, 'predictions'),
      { target: 120, predicted: 120 });
    // 512 messages arrived; drawing is throttled to animation frames, so the panel drew far fewer times.
    const renders = await panel.page.evaluate(() => window.__rnnPanel.renderCount());
    assert.ok(renders < events.length, `rendered ${renders} times for ${events.length} messages`);
    const text = await panel.page.textContent('body');
    assert.match(text ?? '', /lstm_1 \(LSTM\)/);
    assert.match(text ?? '', /29,345/);
    assert.match(text ?? '', /recurrent layers\s*native fused kernels/);
    assert.match(text ?? '', /completed/);
    assert.deepEqual(panel.problems, []);

    mkdirSync(screenshotDir, { recursive: true });
    const file = join(screenshotDir, 'panel-dark.png');
    await panel.page.screenshot({ path: file, fullPage: true });
    const png = readFileSync(file);
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(png.length > 10_000, `screenshot is only ${png.length} bytes`);
    await panel.page.close();
  });

  it('the log toggle, smoothing and x axis change what is plotted, and the choice is saved', async () => {
    const panel = await panels.open();
    await stream(panel, syntheticRun({ epochs: 4, stepsPerEpoch: 50 }));
    await waitFor(() => lengths(panel), (c) => c['batch loss'] === 200 && c.loss === 4, 'the run');
    const linearImage = await panel.page.evaluate(() => window.__rnnPanel.pngDataUrl());
    assert.equal(await panel.page.evaluate(() => window.__rnnPanel.yDistribution()), 1);

    await panel.page.selectOption('#y-scale', 'log');
    await waitFor(() => panel.page.evaluate(() => window.__rnnPanel.yDistribution()), (d) => d === 3, 'log scale');
    const logImage = await panel.page.evaluate(() => window.__rnnPanel.pngDataUrl());
    assert.notEqual(logImage, linearImage, 'the log axis must change the drawn chart');
    assert.equal((await panel.savedState())?.yScale, 'log');

    const raw = await panel.page.evaluate(() => window.__rnnPanel.seriesValues('batch loss'));
    const light = await panel.page.evaluate(() => window.__rnnPanel.seriesValues('batch loss (smoothed)'));
    await panel.page.fill('#smoothing', '0.95');
    const heavy = await waitFor(() => panel.page.evaluate(() => window.__rnnPanel.seriesValues('batch loss (smoothed)')),
      (v) => v !== undefined && v.length === 200 && JSON.stringify(v) !== JSON.stringify(light), 'the heavier smoothing drawn');
    assert.ok(raw && light && heavy);
    assert.ok(roughness(light) < roughness(raw), 'smoothing makes a calmer curve');
    assert.ok(roughness(heavy) < roughness(raw) / 4, 'heavier smoothing makes a calmer curve');
    await panel.page.fill('#smoothing', '0');
    await waitFor(() => lengths(panel), (c) => !('batch loss (smoothed)' in c), 'no smoothed series at 0');
    assert.equal((await panel.savedState())?.smoothing, 0);

    await panel.page.selectOption('#x-axis', 'epoch');
    await waitFor(() => panel.page.evaluate(() => (window as unknown as { __rnnPanel: { state(): { xAxis: string } } }).__rnnPanel.state().xAxis), (x) => x === 'epoch', 'x by epoch');
    assert.deepEqual(await lengths(panel), { 'batch loss': 200, loss: 4, val_loss: 4, baseline: 2 });
    assert.deepEqual(panel.problems, []);
    await panel.page.close();

    // A reloaded window gets the saved state back (what the webview serializer relies on).
    const restored = await panels.open({ yScale: 'log', xAxis: 'epoch', smoothing: 0.3, overlays: [] });
    assert.equal(await restored.page.inputValue('#y-scale'), 'log');
    assert.equal(await restored.page.inputValue('#x-axis'), 'epoch');
    assert.equal(await restored.page.inputValue('#smoothing'), '0.3');
    await restored.page.close();
  });

  it('overlays a previous run with its spec differences, and offers the run list', async () => {
    const panel = await panels.open();
    await stream(panel, syntheticRun({ epochs: 5, stepsPerEpoch: 20 }));
    await panel.send({ type: 'runs', runs: [
      { runDir: '/runs/SineForecast/2026-11-26T15-00-00', label: 'this run' },
      { runDir: '/runs/SineForecast/2026-11-26T14-00-00', label: '14:00 · completed' },
    ] });
    await waitFor(() => panel.page.$$eval('#overlay-pick option', (os) => os.map((o) => o.textContent)), (o) => o.length === 2, 'run list');
    await panel.page.selectOption('#overlay-pick', '/runs/SineForecast/2026-11-26T14-00-00');
    assert.deepEqual((await panel.posted()).filter((m) => m.type === 'addOverlay'), [{ type: 'addOverlay', runDir: '/runs/SineForecast/2026-11-26T14-00-00' }]);

    await panel.send({ type: 'overlay', run: {
      runDir: '/runs/SineForecast/2026-11-26T14-00-00', label: '14:00',
      events: syntheticRun({ epochs: 8, stepsPerEpoch: 20, scale: 2 }),
      differences: [{ key: 'hidden.units', current: '[64, 32]', other: '[32]' }],
    } });
    const counts = await waitFor(() => lengths(panel), (c) => '14:00: loss' in c, 'overlay series');
    assert.equal(counts['14:00: loss'], 8);
    assert.equal(counts['14:00: val_loss'], 8);
    assert.equal(counts['batch loss'], 100);
    assert.match(await panel.page.textContent('#overlays') ?? '', /hidden\.units: \[32\] → \[64, 32\]/);
    assert.equal((await panel.page.evaluate(() => window.__rnnPanel.metricSeriesLengths()))['14:00: mae'], 8);

    await panel.page.click('#overlays button');
    await waitFor(() => lengths(panel), (c) => !('14:00: loss' in c), 'overlay removed');
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('posts Stop, Train again, Export CSV, Export PNG and Open run folder to the host', async () => {
    const panel = await panels.open();
    const events = syntheticRun({ epochs: 3, stepsPerEpoch: 10 });
    await stream(panel, events.slice(0, 20));
    await waitFor(() => lengths(panel), (c) => c['batch loss'] === 18, 'first batches');
    assert.equal(await panel.page.isDisabled('#train-again'), true, 'no second run while training');
    await panel.page.click('#stop');
    await panel.send({ type: 'events', events: events.slice(20) }, { type: 'training', active: false });
    await waitFor(() => panel.page.isEnabled('#train-again'), (enabled) => enabled, 'train again enabled');
    await panel.page.click('#train-again');
    await panel.page.click('#export-csv');
    await panel.page.click('#export-png');
    await panel.page.click('#open-folder');
    const posted = (await panel.posted()).filter((m) => m.type !== 'ready');
    assert.deepEqual(posted.map((m) => m.type), ['stop', 'trainAgain', 'exportCsv', 'exportPng', 'openRunFolder']);
    const csv = String(posted[2].csv).trim().split('\n');
    assert.equal(csv[0], 'epoch,step,loss,val_loss,mae,val_mae,seconds');
    assert.equal(csv.length, 4);
    assert.match(String(posted[3].dataUrl), /^data:image\/png;base64,/);
    assert.equal(posted[3].suggestedName, 'SineForecast-2026-11-26T15-00-00.png');
    await panel.page.close();
  });

  it('follows the light, dark and high-contrast themes', async () => {
    const seen: Record<string, { foreground: string; background: string; highContrast: boolean }> = {};
    for (const name of Object.keys(THEMES) as ThemeName[]) {
      const panel = await panels.open(undefined, name);
      await stream(panel, syntheticRun({ epochs: 3, stepsPerEpoch: 20 }));
      await waitFor(() => lengths(panel), (c) => c.loss === 3, `the run in the ${name} theme`);
      seen[name] = await panel.page.evaluate(() => window.__rnnPanel.theme());
      assert.equal(seen[name].foreground, THEMES[name].variables['--vscode-charts-foreground']);
      mkdirSync(screenshotDir, { recursive: true });
      await panel.page.screenshot({ path: join(screenshotDir, `panel-${name}.png`) });
      assert.deepEqual(panel.problems, []);
      await panel.page.close();
    }
    assert.notEqual(seen.light.background, seen.dark.background);
    assert.deepEqual([seen.dark.highContrast, seen['high-contrast'].highContrast], [false, true]);
  });

  it('stays responsive while 200 messages a second arrive', async () => {
    const panel = await panels.open();
    const [start, ...rest] = syntheticRun({ epochs: 6, stepsPerEpoch: 100 });
    await panel.send({ type: 'reset', model: 'Stream' }, { type: 'events', events: [start] }, { type: 'training', active: true });
    // The page itself posts one event every 5 ms, as an unthrottled host would, until the test has used the controls.
    await panel.page.evaluate((events) => {
      const w = window as unknown as { __streamed: number; __stopStream: boolean };
      w.__streamed = 0;
      w.__stopStream = false;
      const timer = setInterval(() => {
        if (w.__stopStream || w.__streamed === events.length) return clearInterval(timer);
        window.postMessage({ type: 'events', events: [events[w.__streamed++]] }, '*');
      }, 5);
    }, rest.filter((e) => e.type === 'batch'));
    await waitFor(() => panel.page.evaluate(() => (window as unknown as { __streamed: number }).__streamed), (n) => n > 10, 'the stream to begin');
    await panel.page.selectOption('#y-scale', 'log');
    await panel.page.selectOption('#x-axis', 'epoch');
    await panel.page.fill('#smoothing', '0.9');
    const streamed = await panel.page.evaluate(() => {
      const w = window as unknown as { __streamed: number; __stopStream: boolean };
      w.__stopStream = true;
      return w.__streamed;
    });
    await waitFor(() => lengths(panel), (c) => c['batch loss'] === streamed, `all ${streamed} streamed batches drawn`);
    assert.equal(await panel.page.evaluate(() => window.__rnnPanel.yDistribution()), 3);
    assert.equal((await panel.savedState())?.smoothing, 0.9);
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('draws 100,000 batch points', async (t) => {
    const panel = await panels.open();
    const [start, ...rest] = syntheticRun({ epochs: 100, stepsPerEpoch: 1000 });
    await panel.send({ type: 'reset', model: 'Big' }, { type: 'events', events: [start] });
    const began = Date.now();
    for (let i = 0; i < rest.length; i += 10_000) await panel.send({ type: 'events', events: rest.slice(i, i + 10_000) });
    await waitFor(() => lengths(panel), (c) => c['batch loss'] === 100_000, '100,000 points', 60_000);
    t.diagnostic(`100,000 points streamed and drawn in ${Date.now() - began} ms; one frame with them takes ${await panel.page.evaluate(() => window.__rnnPanel.lastRenderMs())} ms`);
    assert.deepEqual(panel.problems, []);
    existsSync(screenshotDir) && await panel.page.screenshot({ path: join(screenshotDir, 'panel-100k.png') });
    await panel.page.close();
  });
});

/** Mean absolute difference between neighbours: how jagged a curve is. */
function roughness(values: number[]): number {
  let sum = 0;
  for (let i = 1; i < values.length; i++) sum += Math.abs(values[i] - values[i - 1]);
  return sum / Math.max(1, values.length - 1);
}
