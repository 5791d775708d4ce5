// Formatting with the core's canonical layout. The edit covers only the text
// that changes, so the editor keeps the cursor and undo stays small.
import type { FormattingOptions, TextEdit } from 'vscode-languageserver';
import { formatFile } from '../../../core/src/language';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { FormattingProvider } from '../language-services';
import type { Logger } from '../util/guard';

export class CanonicalFormattingProvider implements FormattingProvider {
  constructor(private readonly logger: Logger) {}

  format(document: AnalyzedDocument, options: FormattingOptions): TextEdit[] {
    const { file, diagnostics } = document.result;
    const indent = options.insertSpaces === false ? '\t' : ' '.repeat(Math.max(1, Math.min(options.tabSize || 2, 8)));
    const result = formatFile(document.text, file, diagnostics, { indent });
    if (!result.ok) {
      this.logger.info(`not formatting ${document.uri}: ${result.reason}`);
      return [];
    }
    return minimalEdit(document, result.text);
  }
}

/** One edit replacing what lies between the common beginning and the common end of the two texts. */
function minimalEdit(document: AnalyzedDocument, formatted: string): TextEdit[] {
  const before = document.text;
  if (before === formatted) return [];
  let head = 0;
  while (head < before.length && head < formatted.length && before[head] === formatted[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < formatted.length - head
    && before[before.length - 1 - tail] === formatted[formatted.length - 1 - tail]) tail++;
  return [{
    range: { start: document.positionAt(head), end: document.positionAt(before.length - tail) },
    newText: formatted.slice(head, formatted.length - tail),
  }];
}
