// Go to definition on the name after `extends` goes to that model; anywhere
// else the other provider answers (data paths).
import type { Location, Position } from 'vscode-languageserver';
import { locate } from '../../../core/src/language';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { DefinitionProvider } from '../language-services';
import { toLspRange } from '../util/ranges';

export class BaseModelDefinitionProvider implements DefinitionProvider {
  constructor(private readonly otherwise: DefinitionProvider) {}

  definition(document: AnalyzedDocument, position: Position): Location[] {
    const { file } = document.result;
    const target = locate(file, document.offsetAt(position));
    const reference = target?.kind === 'base-name' ? target.model.extends?.base : undefined;
    if (!reference) return this.otherwise.definition(document, position);
    const base = file.models.find((model) => model.name?.name === reference.name);
    return base?.name ? [{ uri: document.uri, range: toLspRange(base.name.range) }] : [];
  }
}
