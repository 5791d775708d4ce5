// `rnn/modelSummary`: the layer table of the model under the cursor, or of
// every model, rendered by the same function as `rnn summary`, so an editor
// only has to show the text.
import type { CancellationToken } from 'vscode-languageserver';
import { errorsInModel, layerTable, type CheckedModel } from '../../../core/src/language';
import { t, type EditorPosition, type ModelSummary, type ModelSummaryResult } from '../../../core/src/shared';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { ModelSummaryProvider } from '../language-services';

export class LayerTableSummaryProvider implements ModelSummaryProvider {
  summary(document: AnalyzedDocument, position: EditorPosition | undefined, token: CancellationToken): ModelSummaryResult {
    const { models, diagnostics } = document.result;
    // By line, as the editor's cursor is: the model keyword's line and its closing brace's count as inside.
    const under = position && models.find((m) => m.decl.range.start.line <= position.line && position.line <= m.decl.range.end.line);
    const chosen = under ? [under] : models;
    const summaries: ModelSummary[] = [];
    for (const model of chosen) {
      if (token.isCancellationRequested) break;
      const errors = errorsInModel(diagnostics, model.decl).length;
      summaries.push({ name: model.name, layers: model.layers, totalParams: model.totalParams, errors, text: summaryText(model) });
    }
    return { models: summaries };
  }
}

function summaryText(model: CheckedModel): string {
  if (model.layers && model.totalParams !== undefined) return layerTable(model.name, model.layers, model.totalParams, model.resources);
  return t('Model: "{0}"\n  (the input, hidden or output part has errors: fix them to see the layers)', model.name);
}
