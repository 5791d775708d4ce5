// Inlay hints: the output shape and parameter count of each layer, next to
// the source that makes the layer (from the checker's layer summaries).
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import { formatCount, layerAnchors, shapeText } from '../../../core/src/language';
import { t } from '../../../core/src/shared';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { InlayHintsProvider } from '../language-services';

export class LayerInlayHintsProvider implements InlayHintsProvider {
  inlayHints(document: AnalyzedDocument, range: Range): InlayHint[] {
    const first = document.offsetAt(range.start);
    const last = document.offsetAt(range.end);
    const hints: InlayHint[] = [];
    for (const model of document.result.models) {
      if (!model.layers?.length || model.decl.range.end.offset < first || model.decl.range.start.offset > last) continue;
      for (const { layer, offset } of layerAnchors(model.decl, model.layers)) {
        if (offset < first || offset > last) continue;
        hints.push({
          position: document.positionAt(offset),
          label: layer.params === 1
            ? t('→ {0}, 1 param', shapeText(layer.outputShape))
            : t('→ {0}, {1} params', shapeText(layer.outputShape), formatCount(layer.params)),
          kind: InlayHintKind.Type,
          tooltip: layer.name,
          paddingLeft: true,
        });
      }
    }
    return hints;
  }
}
