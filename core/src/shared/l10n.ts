// The languages the product speaks, and the one way every layer localises a
// message. A message is written in English where it is used, `t('Stop')` or
// `t('{0} is not a cell', name)`, as VS Code's own `vscode.l10n.t` does; the
// English text is the key, and a bundle maps it to another language. Bundles
// live in l10n/<locale>/<component>.json (one file per component, so the
// language, the engine, the server, the CLI and the extension translate
// independently); `npm run build` merges them into dist/l10n/ for VS Code.
//
// Formatting ({0}, {name}) is @vscode/l10n's, the library VS Code recommends
// for code outside the extension host; its bundle format is the one
// vscode.l10n reads, so one bundle serves the extension, its webview, the
// language server, the CLI and the training worker. The active bundle is per
// process: each front end picks its locale once (the server from
// `initialize`, the CLI from LANG/--lang, the worker from the extension).
// What machines read (diagnostic codes, JSON output, CSV exports, run files)
// is never passed through `t`.
import * as l10n from '@vscode/l10n';

/** English is the source language; zh-cn is Simplified Chinese; qps-ploc is the pseudo-locale the tests use to find unrouted strings. */
export const LOCALES = ['en', 'zh-cn'] as const;
export type Locale = (typeof LOCALES)[number] | 'qps-ploc';

/** A bundle: English message -> translation (the format of VS Code's l10n bundles). */
export type L10nBundle = Record<string, string | { message: string; comment: string[] }>;

let active: Locale = 'en';

/**
 * The product locale for a BCP 47 tag (VS Code's `zh-cn`, `initialize`'s `zh-CN`)
 * or a POSIX locale (`zh_CN.UTF-8`, `zh_SG`). Any Chinese in simplified script
 * maps to zh-cn; traditional script (zh-TW, zh-HK, zh-Hant) and every other
 * language fall back to English, since a simplified-Chinese text is no
 * better than English for a reader of traditional characters.
 */
export function localeFrom(tag: string | undefined | null): Locale {
  if (!tag) return 'en';
  const normal = tag.trim().toLowerCase().replace(/_/g, '-').replace(/[.@].*$/, '');
  if (normal === 'qps-ploc') return 'qps-ploc';
  if (normal === 'zh' || normal.startsWith('zh-cn') || normal.startsWith('zh-sg') || normal.startsWith('zh-hans') || normal === 'zh-my') return 'zh-cn';
  return 'en';
}

/** Makes `locale` this process's language; `bundles` are its translations (none for English). */
export function useLocale(locale: Locale, ...bundles: L10nBundle[]): void {
  active = locale;
  l10n.config({ contents: locale === 'en' ? {} : Object.assign({}, ...bundles) });
}

export function currentLocale(): Locale {
  return active;
}

/**
 * The localised message. `message` is English with `{0}`-style or `{name}`-style
 * placeholders; a literal message (not a variable) so that the extraction in
 * the completeness test finds it.
 */
export const t: typeof l10n.t = l10n.t;
