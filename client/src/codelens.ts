// "▶ Train" on every model line. The language server's own lens beside it
// shows the parameter count; this one trains exactly the model it sits on.
import * as vscode from 'vscode';
import { locateModels } from './models';

export class TrainCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return locateModels(document.getText()).map((model) => {
      const line = model.range.start.line;
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: '▶ Train',
        tooltip: `Train ${model.name}`,
        command: 'rnn.train',
        arguments: [document.uri, model.name],
      });
    });
  }
}
