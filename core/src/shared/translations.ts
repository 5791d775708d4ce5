// The translations of every component, bundled into each front end (esbuild
// inlines the JSON), so a language server or CLI needs no file beside it.
// A component's catalog holds the messages its own code passes to `t`; the
// completeness test (test/unit/l10n.test.ts) holds every catalog to the
// messages extracted from the sources.
import type { L10nBundle, Locale } from './l10n';
import language from '../../../l10n/zh-cn/language.json';
import engine from '../../../l10n/zh-cn/engine.json';
import server from '../../../l10n/zh-cn/server.json';
import cli from '../../../l10n/zh-cn/cli.json';
import extension from '../../../l10n/zh-cn/extension.json';
import panel from '../../../l10n/zh-cn/panel.json';

export const CATALOG_COMPONENTS = ['language', 'engine', 'server', 'cli', 'extension', 'panel'] as const;
export type CatalogComponent = (typeof CATALOG_COMPONENTS)[number];

const ZH_CN: Record<CatalogComponent, L10nBundle> = { language, engine, server, cli, extension, panel };

/**
 * The bundles for `locale`, one per component. The pseudo-locale wraps the
 * text of every message the catalogs know in ⟦ ⟧, so a test that runs a front
 * end in it finds any user-visible text outside the markers: text that never
 * went through `t`. The markers go around the text between placeholders, not
 * around the whole message, so that an unrouted phrase passed as an argument
 * (`t('{0}, found {1}', a, 'the end of the file')`) shows up too.
 */
export function bundlesFor(locale: Locale, components: readonly CatalogComponent[] = CATALOG_COMPONENTS): L10nBundle[] {
  if (locale === 'en') return [];
  const catalogs = components.map((c) => ZH_CN[c]);
  if (locale === 'zh-cn') return catalogs;
  return catalogs.map((catalog) => Object.fromEntries(Object.keys(catalog).map((key) => [key, pseudo(englishOf(key, catalog[key]))])));
}

/** "{0}, found {1}" -> "{0}⟦, found ⟧{1}". */
function pseudo(message: string): string {
  return message.split(/(\{\w+\})/).map((part, i) => (i % 2 === 1 || part === '' ? part : `⟦${part}⟧`)).join('');
}

/**
 * A catalog entry's English text: the key itself, or for a commented entry
 * (`t({ message, comment })`, whose key is `message/comment`) the key without
 * its comment; the entry's own `message` is the translation.
 */
function englishOf(key: string, entry: L10nBundle[string]): string {
  return typeof entry === 'string' ? key : key.slice(0, key.length - entry.comment.join('').length - 1);
}
