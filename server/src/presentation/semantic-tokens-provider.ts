// Semantic tokens: what each word is to the schema (a block, a key, an enum
// value, a function), beyond what the TextMate grammar can tell.
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver';
import { findEnumValue, findFunction } from '../../../core/src/language';
import { walk } from '../../../core/src/language';
import type { Range } from '../../../core/src/language';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { SemanticTokensProvider } from '../language-services';

const TOKEN_TYPES = [
  'keyword', 'class', 'struct', 'property', 'parameter', 'function', 'enumMember', 'variable', 'number', 'string', 'comment',
] as const;
type TokenType = (typeof TOKEN_TYPES)[number];
const TOKEN_MODIFIERS = ['declaration'] as const;

interface Token {
  range: Range;
  type: TokenType;
  declaration?: boolean;
}

export class SchemaSemanticTokensProvider implements SemanticTokensProvider {
  readonly legend: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

  semanticTokens(document: AnalyzedDocument): SemanticTokens {
    const file = document.result.file;
    const tokens: Token[] = file.comments.map((c) => ({ range: c.range, type: 'comment' }));
    walk(file, {
      model: (model) => {
        tokens.push({ range: model.keyword, type: 'keyword' });
        if (model.name) tokens.push({ range: model.name.range, type: 'class', declaration: true });
      },
      block: ({ block }) => tokens.push({ range: block.name.range, type: 'struct' }),
      property: ({ property, call }) => tokens.push({ range: property.key.range, type: call ? 'parameter' : 'property' }),
      value: ({ value, type }) => {
        switch (value.kind) {
          case 'number':
            return tokens.push({ range: value.range, type: 'number' });
          case 'string':
            return tokens.push({ range: value.range, type: 'string' });
          case 'boolean':
            return tokens.push({ range: value.range, type: 'keyword' });
          case 'call':
            return tokens.push({ range: value.callee.range, type: 'function' });
          case 'identifier-value': {
            const known = type && (findEnumValue(type, value.name) ? 'enumMember' : findFunction(type, value.name) ? 'function' : undefined);
            return tokens.push({ range: value.range, type: known || 'variable' });
          }
        }
      },
    });
    tokens.sort((a, b) => a.range.start.offset - b.range.start.offset);
    const builder = new SemanticTokensBuilder();
    for (const token of tokens) {
      const { start, end } = token.range;
      if (start.line !== end.line || end.character <= start.character) continue;
      builder.push(start.line, start.character, end.character - start.character, TOKEN_TYPES.indexOf(token.type), token.declaration ? 1 : 0);
    }
    return builder.build();
  }
}
