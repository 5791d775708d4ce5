// "Use these settings": write a saved run's values back into its model. The
// extension never parses a spec: it finds the document that declares the
// model by asking the language server (`rnn/models`), and applies the edits
// the server computes (`rnn/runSettingsEdit`), as one undoable edit.
import * as vscode from 'vscode';
import type { RnnContext } from '../context';
import type { RunRow } from './messages';

/** How many .rnn files of the workspace are opened to look for the model. */
const MAX_FILES = 200;

export async function useRunSettings(rnn: RnnContext, row: RunRow): Promise<void> {
  if (!row.spec) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The run {0} has no saved spec to take settings from.', row.id));
    return;
  }
  const document = await documentDeclaring(rnn, row.model);
  if (!document) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No .rnn file of the workspace declares the model {0}.', row.model));
    return;
  }
  const edits = await rnn.server.runSettingsEdit(document, row.model, row.spec);
  const editor = await vscode.window.showTextDocument(document);
  if (edits.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} already has the settings of {1}.', row.model, row.id));
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.set(document.uri, edits.map((e) => vscode.TextEdit.replace(
    new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText,
  )));
  await vscode.workspace.applyEdit(edit);
  editor.revealRange(new vscode.Range(edits[0].range.start.line, 0, edits[0].range.start.line, 0));
}

/** The active editor's document first, then the open ones, then the workspace's .rnn files. */
async function documentDeclaring(rnn: RnnContext, model: string): Promise<vscode.TextDocument | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  const open = vscode.workspace.textDocuments.filter((d) => d.languageId === 'rnn');
  const seen = new Set<string>();
  const candidates: (vscode.TextDocument | vscode.Uri)[] = [...(active?.languageId === 'rnn' ? [active] : []), ...open,
    ...await vscode.workspace.findFiles('**/*.rnn', '**/node_modules/**', MAX_FILES)];
  for (const candidate of candidates) {
    const document = candidate instanceof vscode.Uri ? await vscode.workspace.openTextDocument(candidate) : candidate;
    if (seen.has(document.uri.toString())) continue;
    seen.add(document.uri.toString());
    const models = await rnn.server.models(document);
    if (models.some((m) => m.name === model)) return document;
  }
  return undefined;
}
