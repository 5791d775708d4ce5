// The extension's and the panel's catalogs (l10n/zh-cn/extension.json and
// panel.json) against the messages their sources pass to `vscode.l10n.t` and
// to core's `t`, extracted by @vscode/l10n-dev as VS Code's own tooling does.
// l10n-dev recognises `l10n.t(...)` calls on an imported @vscode/l10n; core's
// `t` is @vscode/l10n's `t` re-exported, so for the extraction a bare `t(` is
// read as `l10n.t(` with that import.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getL10nJson } from '@vscode/l10n-dev';

const root = join(import.meta.dirname, '..', '..');

/** A catalog's component and the sources whose messages it holds. */
const COMPONENTS = {
  extension: ['client/src'],
  // The panel shows the layer implementations' names, which core/src/shared/protocol.ts words.
  panel: ['client/webview', 'core/src/shared/protocol.ts'],
} as const;

function sources(paths: readonly string[]): { extension: '.ts'; contents: string }[] {
  return paths.flatMap((path) => {
    const files = path.endsWith('.ts') ? [path] : readdirSync(join(root, path), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => join(path, f));
    return files.map((file) => ({ extension: '.ts' as const, contents: asL10nCalls(readFileSync(join(root, file), 'utf8')) }));
  });
}

function asL10nCalls(source: string): string {
  return `import * as l10n from '@vscode/l10n';\n${source.replace(/(?<![\w.$])t\(/g, 'l10n.t(')}`;
}

async function messagesOf(paths: readonly string[]): Promise<string[]> {
  return Object.keys(await getL10nJson(sources(paths))).sort();
}

const catalog = (component: string) => JSON.parse(readFileSync(join(root, 'l10n', 'zh-cn', `${component}.json`), 'utf8')) as Record<string, string>;
const placeholdersOf = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

describe('the zh-cn catalogs of the extension and the panel', () => {
  for (const [component, paths] of Object.entries(COMPONENTS)) {
    it(`${component}.json translates exactly the messages of ${paths.join(', ')}`, async () => {
      const messages = await messagesOf(paths);
      assert.ok(messages.length > 20, `found only ${messages.length} messages: is the extraction still working?`);
      assert.deepEqual(Object.keys(catalog(component)).sort(), messages);
    });
    it(`${component}.json: every entry is Chinese, keeps its placeholders and is not the English`, () => {
      for (const [english, chinese] of Object.entries(catalog(component))) {
        assert.notEqual(chinese, english);
        // Han characters or, for a message that is only punctuation around placeholders, full-width punctuation.
        assert.match(chinese, /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u, english);
        assert.deepEqual(placeholdersOf(chinese), placeholdersOf(english), english);
      }
    });
  }
  it('a message both catalogs hold is translated the same in both (VS Code merges them into one bundle)', () => {
    const extension = catalog('extension');
    const panel = catalog('panel');
    const shared = Object.keys(panel).filter((key) => key in extension);
    for (const key of shared) assert.equal(panel[key], extension[key], key);
  });
});
