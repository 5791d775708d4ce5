// How long the panel's insight views take to draw (issue #10: "fast enough
// for T = 500 and 256 units"), in headless Chromium on the bundled panel: a
// 500-step, 256-unit lstm run of 20 epochs (six heatmaps of 128,000 cells per
// trace), each view drawn ROUNDS times, and the time to take in the records.
// Run with `npm run bench:insight-views` (needs Chromium, as test:webview).
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { bundleWebview, launchBrowser, openPanel, servePanel } from '../test/webview/harness';
import { insightEvents, insightRecords } from '../test/webview/insight-records';

const STEPS = Number(process.env.BENCH_STEPS ?? 500);
const UNITS = Number(process.env.BENCH_UNITS ?? 256);
const EPOCHS = 20;
const ROUNDS = 7;

interface Hook {
  insight: { open(tab: string): void; renderMs(): Record<string, number> };
}
declare const window: Window & { __rnnPanel: Hook; __rnnRedraw?: () => void };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const folder = await bundleWebview();
  const server = await servePanel(folder);
  const browser = await launchBrowser();
  try {
    const panel = await openPanel(browser, server.url);
    // Traces for the first and every fifth epoch, as a recorder thinning them out would keep.
    const untraced = Array.from({ length: EPOCHS + 1 }, (_, e) => e).filter((e) => e % 5 !== 0 && e !== EPOCHS);
    const events = insightEvents(insightRecords({ steps: STEPS, units: UNITS, epochs: EPOCHS, untraced }));
    const megabytes = JSON.stringify(events).length / 2 ** 20;
    const ingest = await panel.page.evaluate((evs) => {
      const began = performance.now();
      window.postMessage({ type: 'reset', model: 'Bench' }, '*');
      window.postMessage({ type: 'events', events: evs }, '*');
      // Messages are handled in order after this task; the panel draws on the next frame.
      return new Promise<number>((resolve) => setTimeout(() => requestAnimationFrame(() => resolve(performance.now() - began)), 0));
    }, events);
    const rows: string[] = [];
    for (const tab of ['gradients', 'saturation', 'distributions', 'gates']) {
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Switching away and back redraws the view (the gates view stays open last, for the epochs below).
        times.push(await panel.page.evaluate((name) => {
          window.__rnnPanel.insight.open('saturation');
          window.__rnnPanel.insight.open(name);
          return window.__rnnPanel.insight.renderMs()[name];
        }, tab));
      }
      rows.push(`| ${tab} | ${median(times).toFixed(1)} | ${Math.min(...times).toFixed(1)} | ${Math.max(...times).toFixed(1)} |`);
    }
    // Another epoch's trace: six heatmaps painted afresh.
    const epochTimes: number[] = [];
    for (const epoch of [0, 5, 10, 15, 20, 0, 5]) {
      epochTimes.push(await panel.page.evaluate((e) => {
        const select = document.querySelector<HTMLSelectElement>('[data-view="gates"] select');
        if (!select) return Number.NaN;
        select.value = String(e);
        select.dispatchEvent(new Event('change'));
        return window.__rnnPanel.insight.renderMs().gates;
      }, epoch));
    }
    rows.push(`| gates, another epoch | ${median(epochTimes).toFixed(1)} | ${Math.min(...epochTimes).toFixed(1)} | ${Math.max(...epochTimes).toFixed(1)} |`);
    console.log(`insight views, ${STEPS} steps x ${UNITS} units, lstm, ${EPOCHS + 1} recorded epochs (${megabytes.toFixed(1)} MB of events); load average ${loadavg()[0].toFixed(2)}`);
    console.log(`taking in the records and the first draw: ${ingest.toFixed(0)} ms`);
    console.log('| view | median ms | min | max |\n|---|---|---|---|');
    for (const row of rows) console.log(row);
    await panel.page.close();
  } finally {
    await browser.close();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

void main();
