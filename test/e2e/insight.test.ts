// Issue #10 end to end: a small model trained from "RNN: Train Model" in a real
// VS Code (code-server) records its insight, and the training panel's
// gradients view holds (epochs + 1) x T values, equal to the gradient records
// of the run's insight.jsonl, live and again after a window reload (when the
// panel replays the saved run from its files).
// The first test needs the engine's insight recording (branches ins-probe and
// ins-record); the second writes a run's insight.jsonl itself, so it checks
// the saved-run replay on its own.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { INSIGHT_FILE, type InsightGradientsRecord, type InsightRecord } from '../../core/src/shared';
import { tinySpec } from '../client/fixtures/tiny-spec';
import { gradientNorms, insightRecords } from '../webview/insight-records';
import { makeWorkspace, openFile, panelBody, retry, root, runCommand, startWorkbench, type Workbench } from './code-server';

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const vsix = join(root, `${manifest.name}-${manifest.version}.vsix`);
const screenshots = join(root, '.vscode-test', 'screenshots');

const EPOCHS = 3;
const TIMESTEPS = 8;
/** The tiny gru of the other end-to-end tests, with insight asked for (train { insight }, issue #10). */
const SPEC = tinySpec(EPOCHS, 'Insight').replace('seed: 3 }', 'seed: 3, insight: true }');

interface GradientRow { epoch: number; values: number[] }

/** The rows of the gradients view's table (one per epoch, exact values in data-value). */
async function panelGradients(page: Page): Promise<{ status: string; rows: GradientRow[] }> {
  return panelBody(page).evaluate(() => ({
    status: document.getElementById('status')?.textContent ?? '',
    rows: Array.from(document.querySelectorAll('[data-view="gradients"] .insight-values tr[data-epoch]'), (row) => ({
      epoch: Number((row as HTMLElement).dataset.epoch),
      values: Array.from(row.querySelectorAll('td'), (td) => Number((td as HTMLElement).dataset.value)),
    })),
  }), undefined, { timeout: 5_000 });
}

/** The first layer's gradient records in the run folder, by epoch. */
function fileGradients(runDir: string): GradientRow[] {
  const records = readFileSync(join(runDir, INSIGHT_FILE), 'utf8').split('\n').filter((line) => line.trim())
    .map((line) => JSON.parse(line) as InsightRecord)
    .filter((r): r is InsightGradientsRecord => r.kind === 'gradients' && r.layer === 0 && r.direction === 'forward');
  return records.map((r) => ({ epoch: r.epoch, values: r.norms })).sort((a, b) => a.epoch - b.epoch);
}

async function waitForGradients(page: Page, what: string, rows: number, attempts: number): Promise<GradientRow[]> {
  return retry(what, attempts, async () => {
    const view = await panelGradients(page);
    if (view.status !== 'completed' || view.rows.length !== rows) throw new Error(`panel shows ${view.status}, ${view.rows.length} gradient rows`);
    return view.rows;
  });
}

/** The command, not page.reload(): it shuts the workbench down properly, which is when VS Code saves its webview states. */
async function reloadWindow(page: Page): Promise<void> {
  const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 60_000 });
  await runCommand(page, 'Developer: Reload Window');
  await reloaded;
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
}

describe('insight in VS Code (code-server)', { timeout: 600_000 }, () => {
  let workbench: Workbench;
  let page: Page;

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
    workbench = await startWorkbench(vsix, makeWorkspace({ 'insight.rnn': SPEC, 'replay.rnn': tinySpec(2, 'Replay') }));
    page = workbench.page;
  });
  after(async () => {
    await workbench?.close();
    if (workbench) rmSync(workbench.workspace, { recursive: true, force: true });
  });

  it('replays a saved run\'s insight.jsonl into the panel after a window reload', async () => {
    await openFile(page, 'replay.rnn');
    await runCommand(page, 'RNN: Train Model');
    await retry('the run to finish', 180, async () => {
      const view = await panelGradients(page);
      if (view.status !== 'completed') throw new Error(`panel shows ${view.status}`);
    });
    const runs = join(workbench.workspace, 'runs', 'Replay');
    const [run] = readdirSync(runs);
    // What a recording run would have written: initialisation and two epochs of an 8-step gru of 4 units.
    writeFileSync(join(runs, run, INSIGHT_FILE), insightRecords({ steps: TIMESTEPS, units: 4, epochs: 2, cell: 'gru' }).map((r) => JSON.stringify(r)).join('\n') + '\n');
    await reloadWindow(page);
    const replayed = await waitForGradients(page, 'the replayed run\'s gradients', 3, 60)
      .catch((error: Error) => { throw new Error(`${error.message}\nRNN log:\n${workbench.rnnLog()}`); });
    assert.deepEqual(replayed, [0, 1, 2].map((epoch) => ({ epoch, values: gradientNorms(TIMESTEPS, epoch) })));
  });

  it('trains a model and finds the gradients view holding (epochs + 1) x T values equal to insight.jsonl, live and replayed', async () => {
    await openFile(page, 'insight.rnn');
    await runCommand(page, 'RNN: Train Model');
    const live = await waitForGradients(page, 'the run to finish with its gradients', EPOCHS + 1, 180)
      .catch((error: Error) => { throw new Error(`${error.message}\nRNN log:\n${workbench.rnnLog()}`); });
    const runs = join(workbench.workspace, 'runs', 'Insight');
    const [run] = readdirSync(runs);
    const runDir = join(runs, run);
    assert.ok(existsSync(join(runDir, INSIGHT_FILE)), 'the run keeps its insight.jsonl');
    const stored = fileGradients(runDir);
    assert.deepEqual(stored.map((r) => r.epoch), Array.from({ length: EPOCHS + 1 }, (_, e) => e), 'epoch 0 (initialisation) and every epoch');
    for (const row of stored) assert.equal(row.values.length, TIMESTEPS, `epoch ${row.epoch}: one norm per time step`);
    assert.deepEqual(live, stored, 'the live panel shows the stored values');

    await panelBody(page).locator('.insight-tabs button[data-tab="gates"]').click();
    await retry('the gates view', 20, async () => {
      const maps = await panelBody(page).locator('[data-view="gates"] .insight-map:not([hidden])').count();
      if (maps === 0) throw new Error('no heatmaps');
    });
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'e2e-insight.png') }).catch(() => undefined);

    // After a reload the panel replays the saved run: its metrics.jsonl and its insight.jsonl.
    await reloadWindow(page);
    const replayed = await waitForGradients(page, 'the replayed run\'s gradients', EPOCHS + 1, 60);
    assert.deepEqual(replayed, stored, 'the replayed panel shows the stored values');
  });
});
