// A code lens above each model with its total parameter count. The command is
// configurable: the VS Code extension makes it "Train"; other editors only
// show the count.
import type { CodeLens } from 'vscode-languageserver';
import { formatCount } from '../../../core/src/language';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { CodeLensProvider } from '../language-services';
import { toLspRange } from '../util/ranges';

export class ParameterCountCodeLensProvider implements CodeLensProvider {
  constructor(private readonly command: () => string) {}

  codeLenses(document: AnalyzedDocument): CodeLens[] {
    return document.result.models.flatMap((model) => {
      if (model.totalParams === undefined) return [];
      const title = `${formatCount(model.totalParams)} parameters`;
      return [{
        range: toLspRange(model.decl.keyword),
        command: { title, command: this.command(), arguments: [document.uri, model.name] },
      }];
    });
  }
}
