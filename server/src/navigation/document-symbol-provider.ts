// The outline: models, their blocks and properties.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { Member, ModelDecl, Value } from '../../../core/src/language';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { DocumentSymbolProvider } from '../language-services';
import { toLspRange } from '../util/ranges';

const DETAIL_LENGTH = 40;

export class OutlineSymbolProvider implements DocumentSymbolProvider {
  symbols(document: AnalyzedDocument): DocumentSymbol[] {
    return document.result.file.models.map((model) => modelSymbol(model, document.text));
  }
}

function modelSymbol(model: ModelDecl, text: string): DocumentSymbol {
  return {
    name: model.name?.name || '(unnamed model)',
    detail: 'model',
    kind: SymbolKind.Class,
    range: toLspRange(model.range),
    selectionRange: toLspRange(model.name?.range ?? model.keyword),
    children: model.members.map((m) => memberSymbol(m, text)),
  };
}

function memberSymbol(member: Member, text: string): DocumentSymbol {
  if (member.kind === 'block') {
    return {
      name: member.name.name,
      kind: SymbolKind.Struct,
      range: toLspRange(member.range),
      selectionRange: toLspRange(member.name.range),
      children: member.members.map((m) => memberSymbol(m, text)),
    };
  }
  return {
    name: member.key.name,
    detail: member.value ? valueDetail(member.value, text) : undefined,
    kind: SymbolKind.Property,
    range: toLspRange(member.range),
    selectionRange: toLspRange(member.key.range),
  };
}

function valueDetail(value: Value, text: string): string {
  const source = text.slice(value.range.start.offset, value.range.end.offset).replace(/\s+/g, ' ');
  return source.length > DETAIL_LENGTH ? `${source.slice(0, DETAIL_LENGTH - 1)}…` : source;
}
