// "RNN: Show Model Summary": the Keras-style layer table of the model under
// the cursor (or every model of the file), as the language server renders it,
// in an output channel of its own (the "RNN" log channel would stamp every
// row with a time).
import * as vscode from 'vscode';
import type { ModelSummaryResult } from '../../../core/src/shared';
import type { RnnContext } from '../context';

export async function showSummary(rnn: RnnContext, output: vscode.OutputChannel): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'rnn') {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a .rnn file to see the summary of its models.'));
    return;
  }
  let summary: ModelSummaryResult;
  try {
    summary = await rnn.server.modelSummary(editor.document, editor.selection.active);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('RNN: no model summary: {0}.', error instanceof Error ? error.message : String(error)));
    return;
  }
  if (summary.models.length === 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The file declares no model.'));
    return;
  }
  output.clear();
  output.appendLine(`${vscode.workspace.asRelativePath(editor.document.uri)}`);
  for (const model of summary.models) output.appendLine(`\n${model.text}`);
  output.show(true);
}
