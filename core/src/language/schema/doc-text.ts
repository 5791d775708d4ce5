// The one reader of the schema's documentation at run time: hover, completion,
// signature help and the manual show a doc in the language the process speaks
// (core/src/shared/l10n.ts), so every front end follows its own locale.
import { currentLocale } from '../../shared/l10n';
import type { Doc } from './types';

/** The doc in the current locale. The pseudo-locale wraps the English in ⟦ ⟧, as it does every routed message. */
export function docText(doc: Doc): string {
  switch (currentLocale()) {
    case 'zh-cn':
      return doc.zh;
    case 'qps-ploc':
      return `⟦${doc.en}⟧`;
    default:
      return doc.en;
  }
}

/** A computed default for readers: a key path is code and reads the same everywhere; a phrase is translated. */
export function inferredText(inferred: string | Doc): string {
  return typeof inferred === 'string' ? inferred : docText(inferred);
}
