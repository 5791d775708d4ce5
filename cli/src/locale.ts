// The language `rnn` speaks: `--lang` when given, else the POSIX locale of the
// environment. It is set once, before anything is checked or printed, because
// the language layer and the engine localise their messages through the same
// per-process `t` (core/src/shared/l10n.ts).
import { bundlesFor, localeFrom, useLocale, type Locale } from '../../core/src/shared';
import { notOneOf } from './usage';

/** The value of `--lang` (`--lang zh-cn` or `--lang=zh-cn`), read before parseArgs so that its own errors are localised too. */
export function langArgument(argv: readonly string[]): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    if (argv[i] === '--lang') value = argv[++i];
    else if (argv[i].startsWith('--lang=')) value = argv[i].slice('--lang='.length);
  }
  return value;
}

/**
 * POSIX precedence: LC_ALL overrides LC_MESSAGES, which overrides LANG; an
 * empty variable counts as unset, and C/POSIX (or nothing) mean English.
 */
export function environmentLocale(env: NodeJS.ProcessEnv): Locale {
  const tag = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  return localeFrom(tag);
}

/** The locale `--lang` names; a tag the product does not speak is a usage error rather than a silent fallback to English. */
export function localeOption(tag: string): Locale {
  const locale = localeFrom(tag);
  if (locale === 'en' && !/^(en([-_].*)?|c|posix)$/i.test(tag.trim())) {
    throw notOneOf('lang', ['en', 'zh-cn'], tag);
  }
  return locale;
}

/** Sets the process's language for the CLI, the language layer and the engine; a bad `--lang` still leaves a usable (environment) locale behind its error. */
export function setUpLocale(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  const use = (locale: Locale) => useLocale(locale, ...bundlesFor(locale, ['language', 'engine', 'cli']));
  use(environmentLocale(env));
  const tag = langArgument(argv);
  if (tag !== undefined) use(localeOption(tag));
}
