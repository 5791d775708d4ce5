// Completions read from the file system: files next to the .rnn file inside
// a path string, and the columns of the CSV file a call names.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver';
import type { CompletionContext, OffsetRange } from '../../../core/src/language';
import { findFunction, isPathType, propertyAt } from '../../../core/src/language';
import { parseCsv } from '../../../core/src/language';
import { nodeFileSystem, resolveDataPath } from '../../../core/src/language';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import { t } from '../../../core/src/shared';
import { markdown, SUGGEST_AGAIN } from './completion-items';

/** Files and folders next to the .rnn file (or below the folder typed so far). */
export function pathItems(
  document: AnalyzedDocument, typed: string, replace: OffsetRange, range: (r: OffsetRange) => Range,
): CompletionItem[] {
  if (!document.path) return [];
  const slash = typed.lastIndexOf('/');
  const folder = join(dirname(document.path), typed.slice(0, slash + 1));
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const nameRange = range({ start: replace.start + slash + 1, end: replace.end });
  return entries
    .filter((entry) => !entry.name.startsWith('.'))
    .map((entry) => {
      const isFolder = entry.isDirectory();
      const name = isFolder ? `${entry.name}/` : entry.name;
      return {
        label: name,
        kind: isFolder ? CompletionItemKind.Folder : CompletionItemKind.File,
        documentation: markdown(`\`${join(folder, entry.name)}\``),
        sortText: `${isFolder ? 0 : 1}${entry.name}`,
        textEdit: { range: nameRange, newText: name },
        command: isFolder ? SUGGEST_AGAIN : undefined,
      };
    });
}

/** The header of the CSV file named by the call's path argument, for `column: "` and `columns: ["`. */
export function columnItems(document: AnalyzedDocument, context: Extract<CompletionContext, { kind: 'string' }>, range: Range): CompletionItem[] {
  const owner = propertyAt(context.slot.path, context.slot.key);
  const fn = owner && context.slot.argument && findFunction(owner.type, context.slot.argument.callee);
  const pathArgument = fn?.args.find((a) => isPathType(a.type));
  const file = pathArgument && context.arguments[pathArgument.key];
  if (!file || !document.path) return [];
  const header = csvHeader(resolveDataPath(file, dirname(document.path)));
  return header
    .filter((column) => column !== '' && !context.present.includes(column))
    .map((column, index) => ({
      label: column,
      kind: CompletionItemKind.Field,
      documentation: markdown(t('Column {0} of `{1}`', index + 1, file)),
      sortText: String(index).padStart(4, '0'),
      textEdit: { range, newText: column },
    }));
}

/** The column names in the first line of a CSV file (only the start of a regular file is read: never a FIFO or device). */
function csvHeader(file: string): string[] {
  const access = nodeFileSystem.access!(file);
  const head = access.ok ? nodeFileSystem.readHead!(access.realPath, 64 * 1024)?.text : undefined;
  if (head === undefined) return [];
  const firstLine = head.split(/\r?\n/).find((line) => line.trim() !== '');
  if (firstLine === undefined) return [];
  try {
    return parseCsv(firstLine).header;
  } catch {
    return [];
  }
}
