// `rnn/models`: where the models of a document are and whether they check
// clean, so an editor can train the one under the cursor or offer a pick
// without parsing the text itself.
import type { CancellationToken } from 'vscode-languageserver';
import { errorsInModel } from '../../../core/src/language';
import type { ModelInfo } from '../../../core/src/shared';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { ModelListProvider } from '../language-services';
import { toLspRange } from '../util/ranges';

export class DeclaredModelListProvider implements ModelListProvider {
  models(document: AnalyzedDocument, token: CancellationToken): ModelInfo[] {
    if (token.isCancellationRequested) return [];
    const { file, diagnostics, models } = document.result;
    return file.models.flatMap((decl) => {
      if (!decl.name) return [];
      const errors = errorsInModel(diagnostics, decl).length;
      const checked = models.find((m) => m.decl === decl);
      const info: ModelInfo = { name: decl.name.name, range: toLspRange(decl.range), nameRange: toLspRange(decl.name.range), errors, totalParams: checked?.totalParams };
      return [checked?.sweep ? { ...info, trials: checked.sweep.count } : info];
    });
  }
}
