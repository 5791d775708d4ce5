// The packaged extension in code-server with VS Code's Chinese display language
// (a language pack built from VS Code's own Chinese strings, language-pack.ts):
// our command titles in the palette, the training refusal and a training
// failure in Problems, and the training panel's buttons, all in Chinese.
// Screenshots: .vscode-test/screenshots/e2e-zh-cn-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { BROKEN_SPEC, DIVERGING_SPEC } from '../client/fixtures/tiny-spec';
import { makeWorkspace, openFile, panelBody, retry, root, runCommand, startWorkbench, type Workbench } from './code-server';

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const vsix = join(root, `${manifest.name}-${manifest.version}.vsix`);
const screenshots = join(root, '.vscode-test', 'screenshots');
const chineseTitles = JSON.parse(readFileSync(join(root, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
const languageCatalog = JSON.parse(readFileSync(join(root, 'l10n', 'zh-cn', 'language.json'), 'utf8')) as Record<string, string>;
/** How the language server ends a diagnostic with its did-you-mean in Chinese, e.g. "；你是不是想写 `lstm`？". */
const didYouMean = (word: string) => languageCatalog['{0}; did you mean `{1}`?'].replace('{0}', '').replace('{1}', word);


async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `e2e-zh-cn-${name}.png`) }).catch(() => undefined);
}

/** The Problems view: its keyboard shortcut, since the command's title is Chinese now. */
async function showProblems(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').first().waitFor({ state: 'visible', timeout: 10_000 });
}

describe('extension in VS Code with the Chinese display language (code-server)', { timeout: 600_000 }, () => {
  let workbench: Workbench;
  let page: Page;

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
    workbench = await startWorkbench(vsix, makeWorkspace({ 'broken.rnn': BROKEN_SPEC, 'diverges.rnn': DIVERGING_SPEC }), { locale: 'zh-cn' });
    page = workbench.page;
  });
  after(async () => {
    await workbench?.close();
    if (workbench) rmSync(workbench.workspace, { recursive: true, force: true });
  });

  it('runs the workbench in Chinese (VS Code\'s own strings from the language pack)', async () => {
    await showProblems(page);
    const title = page.locator('.part.panel .composite-bar .action-label', { hasText: '问题' }).first();
    await retry('the Problems view titled 问题', 3, () => title.waitFor({ state: 'visible', timeout: 10_000 }));
  });

  it('lists our commands in the palette under their Chinese titles', async () => {
    await openFile(page, 'broken.rnn');
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('>RNN:');
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    const labels = await retry('our commands in the palette', 10, async () => {
      const found = (await rows.allTextContents()).join('\n');
      if (!found.includes(`RNN: ${chineseTitles['rnn.train.title']}`)) throw new Error(`the palette lists ${found}`);
      return found;
    });
    assert.match(labels, /RNN: 训练模型/);
    assert.match(labels, /RNN: 显示训练面板/);
    assert.match(labels, /RNN: 打开运行记录\.\.\./);
    await shot(page, 'palette');
    await page.keyboard.press('Escape');
  });

  it('shows the language server\'s Chinese diagnostic of a broken spec in Problems, and refuses to train it in Chinese', async () => {
    await openFile(page, 'broken.rnn');
    await showProblems(page);
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'lsmt' }).first();
    await retry('the diagnostic in Problems', 3, () => row.waitFor({ state: 'visible', timeout: 30_000 }));
    assert.ok((await row.textContent() ?? '').includes(didYouMean('lstm')), `the server answers in initialize's locale: ${await row.textContent()}`);
    await shot(page, 'problems');

    await runCommand(page, 'RNN: 训练模型');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'broken.rnn 有 1 个错误：请先修正再训练（见“问题”面板）。' });
    await toast.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await page.locator('.notifications-toasts .notification-toast .monaco-button', { hasText: '显示问题' }).count(), 1, 'the button is Chinese');
    await shot(page, 'refused');
    await page.keyboard.press('Escape');
  });

  it('trains from the palette: the panel\'s buttons are Chinese, and the failure lands in Problems in Chinese', async () => {
    await openFile(page, 'diverges.rnn');
    await runCommand(page, 'RNN: 训练模型');
    const panel = panelBody(page);
    const status = await retry('the run to fail in the panel', 120, async () => {
      const text = await panel.locator('#status').textContent({ timeout: 5_000 });
      if (text !== '失败') throw new Error(`the panel's status is ${text}`);
      return text;
    });
    assert.equal(status, '失败');
    const buttons = await panel.locator('.toolbar button').allTextContents();
    assert.deepEqual(buttons, ['停止', '再次训练', '导出 CSV', '导出 PNG', '打开运行文件夹', '预测', '继续训练…']);
    assert.equal(await panel.locator('#stop').getAttribute('title'), '停止训练；已训练的部分会保留');
    assert.equal(await panel.evaluate(() => document.documentElement.lang), 'zh-cn');
    await shot(page, 'panel');

    await showProblems(page);
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: '训练失败：' }).first();
    await retry('the training diagnostic in Problems', 3, () => row.waitFor({ state: 'visible', timeout: 30_000 }));
    assert.match(await row.textContent() ?? '', /训练失败：/);
    await shot(page, 'diverged');
  });
});
