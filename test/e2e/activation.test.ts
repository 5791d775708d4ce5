// When the extension starts its language server: as soon as a folder with
// .rnn files opens (activationEvents `workspaceContains:**/*.rnn`), before any
// .rnn file is opened, so the server's idle warm-up has run by the time the
// user opens one (server/src/documents/idle-warm-up.ts); in a folder without
// any, only when a .rnn file opens (`onLanguage:rnn`). Seen from outside, as
// the language server's process under the extension code-server installed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tinySpec } from '../client/fixtures/tiny-spec';
import { openFile, retry, root, startWorkbench } from './code-server';

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const vsix = join(root, `${manifest.name}-${manifest.version}.vsix`);

/** The language server processes started from the extension installed in `extensions` (other workbenches' do not count). */
function languageServers(extensions: string): string[] {
  return execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' })
    .split('\n')
    .filter((command) => command.includes(extensions) && /dist[\\/]server\.js/.test(command));
}

function folderWith(files: Record<string, string>): string {
  const workspace = mkdtempSync(join(tmpdir(), 'rnn-e2e-ws-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(workspace, name, '..'), { recursive: true });
    writeFileSync(join(workspace, name), text);
  }
  return workspace;
}

describe('when the language server starts (code-server)', { timeout: 400_000 }, () => {
  it('starts with a folder that holds a .rnn file anywhere, with no .rnn file open, and logs no error', async () => {
    assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
    const workbench = await startWorkbench(vsix, folderWith({ 'README.md': '# notes\n', 'models/deep/tiny.rnn': tinySpec(2) }));
    try {
      await retry('the language server started', 60, async () => {
        if (languageServers(workbench.extensions).length === 0) throw new Error(`no language server yet; RNN log:\n${workbench.rnnLog().slice(-1500)}`);
      });
      const editors = await workbench.page.locator('.editor-group-container .tab').count();
      assert.equal(editors, 0, 'no editor was opened');
      assert.doesNotMatch(workbench.rnnLog(), /\[error\]|did not start/i);
    } finally {
      await workbench.close();
      rmSync(workbench.workspace, { recursive: true, force: true });
    }
  });

  it('in a folder without .rnn files, waits for one to be opened', async () => {
    const workbench = await startWorkbench(vsix, folderWith({ 'README.md': '# notes\n' }));
    try {
      // Long enough for the folder's activation events to have fired (the server above starts within a few seconds).
      await new Promise((resolve) => setTimeout(resolve, 15_000));
      assert.deepEqual(languageServers(workbench.extensions), [], 'no server for a folder without .rnn files');
      writeFileSync(join(workbench.workspace, 'later.rnn'), tinySpec(2));
      await openFile(workbench.page, 'later.rnn');
      await retry('the language server started for the opened file', 60, async () => {
        if (languageServers(workbench.extensions).length === 0) throw new Error('no language server yet');
      });
    } finally {
      await workbench.close();
      rmSync(workbench.workspace, { recursive: true, force: true });
    }
  });
});
