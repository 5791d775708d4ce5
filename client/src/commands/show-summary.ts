// "RNN: Show Model Summary": the Keras-style layer table of the model under
// the cursor (or every model of the file), in an output channel of its own
// (the "RNN" log channel would stamp every row with a time).
import * as vscode from 'vscode';
import { checkText } from '../../../core/src/language';
import { locateModels, modelAtLine } from '../models';

export function showSummary(output: vscode.OutputChannel): void {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'rnn') {
    void vscode.window.showErrorMessage('Open a .rnn file to see the summary of its models.');
    return;
  }
  const text = editor.document.getText();
  const result = checkText(text, editor.document.uri.scheme === 'file' ? { path: editor.document.uri.fsPath } : {});
  const under = modelAtLine(locateModels(text), editor.selection.active.line);
  const models = result.models.filter((m) => !under || m.name === under.name);
  if (models.length === 0) {
    void vscode.window.showErrorMessage('The file declares no model.');
    return;
  }
  const lines: string[] = [];
  for (const model of models) {
    lines.push('', `Model: ${model.name}`);
    if (!model.layers) {
      lines.push('  (the input, hidden or output part has errors: see the Problems panel)');
      continue;
    }
    const rows = model.layers.map((l) => [l.name, `[${l.outputShape.map((d) => (d === null ? 'batch' : d)).join(', ')}]`, l.params.toLocaleString('en-US')]);
    const header = ['Layer (type)', 'Output shape', 'Param #'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const format = (r: string[]) => `  ${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padStart(widths[2])}`;
    const rule = `  ${'-'.repeat(widths[0] + widths[1] + widths[2] + 4)}`;
    lines.push(format(header), rule, ...rows.map(format), rule, `  Total params: ${(model.totalParams ?? 0).toLocaleString('en-US')}`);
  }
  output.clear();
  output.appendLine(`${vscode.workspace.asRelativePath(editor.document.uri)}`);
  for (const line of lines) output.appendLine(line);
  output.show(true);
}
