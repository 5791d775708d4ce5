// A Chinese language pack for code-server, so the end-to-end test can run the
// workbench in VS Code's Chinese display language (no marketplace here).
//
// How VS Code's server picks the display language: the page asks for a locale
// (`--locale zh-cn`); the server reads `<user-data-dir>/languagepacks.json`,
// and when it lists the locale with a `translations.vscode` file, it turns
// that file into the messages of the workbench (the language the extension
// host reports as `vscode.env.language`, so extensions load their
// package.nls.zh-cn.json and l10n bundles). VS Code writes languagepacks.json
// when a language-pack extension is installed from the running workbench; an
// install with `code-server --install-extension` does not, so this writes it.
//
// The translation file VS Code reads is `{ contents: { moduleId: { key: text } } }`,
// the format of Microsoft's language packs, which cannot be fetched here. The
// npm package @codingame/monaco-vscode-language-pack-zh-hans has the same
// Chinese strings as an array indexed like `localize(index, "English")` calls
// in the monaco-vscode-api packages' sources (which keep VS Code's module
// paths). Reading those calls gives (module, English) -> Chinese; code-server's
// own nls.keys.json and nls.messages.json give (module, key) -> English, so
// each of its messages gets the Chinese of the same module and English (else
// of the same English elsewhere, when that is unambiguous). What no package
// covers stays English: about half the workbench, enough for the test.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..', '..');

const modules = join(root, '.vscode-test', 'zh-hans', 'node_modules', '@codingame');
const vscodeOut = join(root, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'out');
const packDir = join(root, '.vscode-test', 'zh-hans', 'pack');
const LANGUAGE = 'zh-cn';

type Translations = { contents: Record<string, Record<string, string>> };

/** `localize(12, "English")` and `localize2(12, 'English')` in a built source file. */
const LOCALIZE_CALL = /\blocalize2?\(\s*(\d+)\s*,\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g;

function stringLiteral(literal: string): string {
  const body = literal.slice(1, -1).replace(/\\'/g, "'").replace(/(?<!\\)"/g, '\\"');
  return JSON.parse(`"${body}"`) as string;
}

/** (module, English) -> Chinese, and English -> Chinese where every module agrees. */
async function chineseByEnglish(): Promise<{ byModule: Map<string, Map<string, string>>; byEnglish: Map<string, string | null> }> {
  const strings = (await import(pathToFileURL(join(modules, 'monaco-vscode-language-pack-zh-hans', 'translations', 'main.i18n.json.js')).href) as { default: (string | undefined)[] }).default;
  const byModule = new Map<string, Map<string, string>>();
  const byEnglish = new Map<string, string | null>();
  for (const pkg of readdirSync(modules)) {
    const sources = join(modules, pkg, 'vscode', 'src');
    if (!existsSync(sources)) continue;
    for (const file of readdirSync(sources, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'))) {
      const module = relative(sources, join(sources, file)).replace(/\.js$/, '');
      for (const [, index, literal] of readFileSync(join(sources, file), 'utf8').matchAll(LOCALIZE_CALL)) {
        const chinese = strings[Number(index)];
        if (typeof chinese !== 'string') continue;
        let english: string;
        try {
          english = stringLiteral(literal);
        } catch {
          continue; // a literal JSON cannot read; that message stays English
        }
        if (!byModule.has(module)) byModule.set(module, new Map());
        byModule.get(module)?.set(english, chinese);
        byEnglish.set(english, byEnglish.has(english) && byEnglish.get(english) !== chinese ? null : chinese);
      }
    }
  }
  return { byModule, byEnglish };
}

/** code-server's messages in the language pack format, with the Chinese found for them. */
async function translations(): Promise<{ translations: Translations; translated: number; total: number }> {
  const { byModule, byEnglish } = await chineseByEnglish();
  const keys = JSON.parse(readFileSync(join(vscodeOut, 'nls.keys.json'), 'utf8')) as [string, string[]][];
  const english = JSON.parse(readFileSync(join(vscodeOut, 'nls.messages.json'), 'utf8')) as string[];
  const contents: Translations['contents'] = {};
  let index = 0;
  let translated = 0;
  for (const [module, moduleKeys] of keys) {
    for (const key of moduleKeys) {
      const message = english[index++];
      const chinese = byModule.get(module)?.get(message) ?? byEnglish.get(message);
      if (!chinese) continue;
      (contents[module] ??= {})[key] = chinese;
      translated++;
    }
  }
  return { translations: { contents }, translated, total: english.length };
}

/** The language-pack extension's folder (built once, under .vscode-test/zh-hans/pack). */
export async function chineseLanguagePack(): Promise<{ folder: string; translationsFile: string }> {
  const translationsFile = join(packDir, 'translations', 'main.i18n.json');
  if (!existsSync(translationsFile)) {
    if (!existsSync(modules)) throw new Error(`${modules} is missing: run bash test/e2e/setup.sh`);
    const { translations: built, translated, total } = await translations();
    if (translated < total / 4) throw new Error(`only ${translated} of ${total} workbench messages found a Chinese translation`);
    mkdirSync(join(packDir, 'translations'), { recursive: true });
    writeFileSync(translationsFile, JSON.stringify(built));
    writeFileSync(join(packDir, 'package.json'), JSON.stringify({
      name: 'vscode-language-pack-zh-hans-test', publisher: 'rnn-studio-test', version: '1.100.3', engines: { vscode: '^1.100.0' },
      contributes: { localizations: [{ languageId: LANGUAGE, languageName: 'Chinese Simplified', localizedLanguageName: '中文(简体)', translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }] },
    }, null, 2));
  }
  return { folder: packDir, translationsFile };
}

/** What VS Code's language-pack service would write into the user data folder after installing the pack. */
export async function registerChineseLanguagePack(userDataDir: string): Promise<void> {
  const pack = await chineseLanguagePack();
  const manifest = JSON.parse(readFileSync(join(pack.folder, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const id = `${manifest.publisher}.${manifest.name}`;
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify({
    [LANGUAGE]: {
      // VS Code caches the converted messages under clp/<hash>.<locale>; the hash names the pack's version.
      hash: `${id}-${manifest.version}`,
      label: '中文(简体)',
      extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
      translations: { vscode: pack.translationsFile },
    },
  }));
}
