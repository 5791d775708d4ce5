// In a workspace the user does not trust, the language features work and
// training is refused with a message (capabilities.untrustedWorkspaces: limited).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { tinySpec } from '../client/fixtures/tiny-spec';
import { makeWorkspace, openFile, retry, root, runCommand, startWorkbench, type Workbench } from './code-server';

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const vsix = join(root, `${manifest.name}-${manifest.version}.vsix`);

describe('extension in an untrusted workspace', { timeout: 300_000 }, () => {
  let workbench: Workbench;
  let page: Page;

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
    workbench = await startWorkbench(vsix, makeWorkspace({ 'tiny.rnn': tinySpec(2), 'broken.rnn': tinySpec(2).replace('cell: gru', 'cell: lsmt') }), { trusted: false });
    page = workbench.page;
    // VS Code asks whether to trust the folder: say no (restricted mode).
    await retry('declining workspace trust', 5, async () => {
      const decline = page.locator('.monaco-dialog-box .monaco-button', { hasText: "No, I don't trust the authors" });
      await decline.waitFor({ state: 'visible', timeout: 20_000 });
      await decline.click();
    });
  });
  after(async () => {
    await workbench?.close();
    if (workbench) rmSync(workbench.workspace, { recursive: true, force: true });
  });

  it('still shows diagnostics, but refuses to train with a message', async () => {
    await openFile(page, 'broken.rnn');
    await runCommand(page, 'View: Focus Problems');
    await retry('the diagnostic in Problems', 3, () =>
      page.locator('.markers-panel .monaco-list-row', { hasText: 'lsmt' }).first().waitFor({ state: 'visible', timeout: 30_000 }));

    await openFile(page, 'tiny.rnn');
    await runCommand(page, 'RNN: Train Model');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Training is disabled in an untrusted workspace' });
    await toast.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(existsSync(join(workbench.workspace, 'runs')), false, 'nothing was trained');
  });
});
