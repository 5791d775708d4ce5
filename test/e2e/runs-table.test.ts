// The runs table and the best-run lens in a real VS Code (code-server), with
// the packaged extension: runs saved by the run store's writer show in the
// table, a run saved while it is open appears without a reload, the lens
// above the model names its best run, and a two-trial sweep trained from the
// editor lands in the table as two runs of one sweep.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { tinySpec } from '../client/fixtures/tiny-spec';
import { saveRun } from '../helpers/saved-runs';
import { ACTIVE_EDITOR, makeWorkspace, openFile, retry, root, runCommand, startWorkbench, type Workbench } from './code-server';

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const vsix = join(root, `${manifest.name}-${manifest.version}.vsix`);
const screenshots = join(root, '.vscode-test', 'screenshots');

/** The runs table's page among the webview frames (the table sets __rnnRunsTable once it has mounted). */
async function tableFrame(page: Page): Promise<Frame> {
  for (const frame of page.frames()) {
    const found = await frame.evaluate(() => '__rnnRunsTable' in window).catch(() => false);
    if (found) return frame;
  }
  throw new Error('no runs table frame yet');
}

async function shownRuns(page: Page): Promise<string[]> {
  const frame = await tableFrame(page);
  return frame.$$eval('#runs tbody tr td[data-column="run"]', (cells) => cells.map((cell) => cell.textContent ?? ''));
}

/** The tiny model with a sweep of two learning rates: two trials of one epoch. */
const SWEEP_SPEC = tinySpec(1, 'Swept').replace(/\n\}\n$/, '\n  sweep { optimizer.lr: [0.01, 0.03] }\n}\n');

interface SweptSummary { status: string; sweep?: { id: string; trial: number; trials: number; params: Record<string, unknown> } }

describe('runs table in VS Code (code-server)', { timeout: 600_000 }, () => {
  let workbench: Workbench;
  let page: Page;
  let runsDir: string;
  const saved: string[] = [];

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
    const workspace = makeWorkspace({ 'tiny.rnn': tinySpec(2), 'sweep.rnn': SWEEP_SPEC });
    runsDir = join(workspace, 'runs');
    saved.push(saveRun(runsDir, { model: 'Tiny', valLosses: [0.4, 0.0123] }), saveRun(runsDir, { model: 'Tiny', valLosses: [0.3, 0.0456], status: 'early_stopped' }));
    workbench = await startWorkbench(vsix, workspace);
    page = workbench.page;
  });
  after(async () => {
    await workbench?.close();
    if (workbench) rmSync(workbench.workspace, { recursive: true, force: true });
  });

  it('shows the best run above the model', async () => {
    await openFile(page, 'tiny.rnn');
    const lens = await retry('the best-run lens', 60, async () => {
      const texts = await page.$$eval(`${ACTIVE_EDITOR} .contentWidgets .codelens-decoration`, (nodes) => nodes.map((n) => n.textContent ?? ''));
      const best = texts.find((text) => text.includes('best val_loss'));
      if (!best) throw new Error(`lenses: ${JSON.stringify(texts)}`);
      return best;
    });
    assert.match(lens, /best val_loss 0\.012 · 2 runs/);
  });

  it('lists the saved runs in the table, and a run saved later without a reload', async () => {
    await runCommand(page, 'RNN: Show Runs');
    const ids = saved.map((dir) => `Tiny/${dir.split(/[\\/]/).at(-1)}`);
    const first = await retry('the saved runs in the table', 90, async () => {
      const runs = await shownRuns(page);
      if (runs.length !== 2) throw new Error(`table shows ${JSON.stringify(runs)}`);
      return runs;
    });
    assert.deepEqual([...first].sort(), [...ids].sort());
    const frame = await tableFrame(page);
    assert.deepEqual((await frame.$$eval('#runs tbody td[data-column="status"]', (cells) => cells.map((c) => c.textContent))).sort(), ['completed', 'early stopped']);
    const settings = await frame.$$eval('#runs thead th[data-column^="spec:"]', (ths) => ths.length);
    assert.equal(settings, 0, 'the two runs have the same settings, so no setting column by default');

    const later = saveRun(runsDir, { model: 'Tiny', valLosses: [0.2] });
    await retry('the new run in the table', 60, async () => {
      const runs = await shownRuns(page);
      if (!runs.includes(`Tiny/${later.split(/[\\/]/).at(-1)}`)) throw new Error(`table shows ${JSON.stringify(runs)}`);
    });
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'e2e-runs-table.png') });
  });

  it('deletes a run after the confirmation: code-server\'s file system has no trash, so it goes to runs/.trash', async () => {
    const frame = await tableFrame(page);
    const victim = saved[0];
    const id = `Tiny/${victim.split(/[\\/]/).at(-1)}`;
    await frame.check(`#runs tr[data-run="${victim}"] input[type="checkbox"]`);
    await frame.click('#delete');
    assert.match(await frame.textContent('#confirm') ?? '', /Move 1 run to the trash\?/);
    assert.ok(existsSync(victim), 'nothing happens before the confirmation');
    await frame.click('#confirm-delete');
    await retry('the run moved out of the runs', 30, async () => {
      if (existsSync(victim)) throw new Error('still there');
    });
    assert.ok(existsSync(join(runsDir, '.trash', 'Tiny', victim.split(/[\\/]/).at(-1)!, 'summary.json')), 'restorable from runs/.trash');
    await retry('the table without the run', 30, async () => {
      if ((await shownRuns(page)).includes(id)) throw new Error('still listed');
    });
  });

  it('trains a two-trial sweep from "RNN: Train Model": both trials become runs of one sweep and show in the table', async () => {
    await openFile(page, 'sweep.rnn');
    await runCommand(page, 'RNN: Train Model');
    const sweptDir = join(runsDir, 'Swept');
    const summaries = await retry('both trials to finish', 240, async () => {
      const runs = existsSync(sweptDir) ? readdirSync(sweptDir) : [];
      const read = runs.flatMap((run) => {
        const file = join(sweptDir, run, 'summary.json');
        return existsSync(file) ? [{ run, summary: JSON.parse(readFileSync(file, 'utf8')) as SweptSummary }] : [];
      });
      if (read.length !== 2 || read.some(({ summary }) => summary.status !== 'completed')) throw new Error(`runs: ${JSON.stringify(read)}`);
      return read;
    });
    const sweeps = summaries.map(({ summary }) => summary.sweep!);
    assert.equal(new Set(sweeps.map((sweep) => sweep.id)).size, 1, 'one sweep id');
    assert.deepEqual(sweeps.map((sweep) => sweep.trial).sort(), [1, 2]);
    assert.deepEqual(sweeps.map((sweep) => sweep.params['optimizer.lr']).sort(), [0.01, 0.03]);
    await runCommand(page, 'RNN: Show Runs');
    await retry('the two trials in the table', 60, async () => {
      const runs = await shownRuns(page);
      const missing = summaries.map(({ run }) => `Swept/${run}`).filter((id) => !runs.includes(id));
      if (missing.length) throw new Error(`missing ${JSON.stringify(missing)}; table shows ${JSON.stringify(runs)}`);
    });
  });
});
