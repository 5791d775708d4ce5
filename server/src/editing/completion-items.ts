// Pieces shared by the completion item builders.
import { MarkupKind, type MarkupContent } from 'vscode-languageserver';

/**
 * Re-opens completion after an item is inserted, so `cell: ` goes straight on to the values. It is a
 * VS Code command: other editors would send it back to the server, so it is only attached for VS Code.
 */
export const SUGGEST_AGAIN = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

export function markdown(value: string): MarkupContent {
  return { kind: MarkupKind.Markdown, value };
}
