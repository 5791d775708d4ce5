// The tokens of the .rnn language. Newlines are tokens because they separate
// members. The only keywords are `model`, `true` and `false`; every other word
// (`extends` too: the grammar knows it by its place) is an identifier whose
// meaning comes from the schema. An identifier may be a dotted path
// (`optimizer.lr`), which is how a sweep addresses a key inside a block.
//
// The `*Junk` categories say which tokens cannot start anything in a given
// place: the parser consumes them one by one as errors, so a stray token costs
// one diagnostic instead of the rest of the block.
import { createToken, Lexer, type IToken, type TokenType } from './chevrotain';
import type { Comment } from './ast';
import { t, type Diagnostic } from '../../shared';
import type { LineIndex } from './positions';

const category = (name: string) => createToken({ name, pattern: Lexer.NA });

/** Cannot start a model at the top level of a file. */
export const TopJunk = category('TopJunk');
/** Cannot start a member inside a block. */
export const MemberJunk = category('MemberJunk');
/** Cannot start an item inside a list. */
export const ListJunk = category('ListJunk');
/** Cannot start an argument inside a call. */
export const ArgJunk = category('ArgJunk');
/** A number, string or boolean: a value in one token. */
export const Literal = category('Literal');

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\f\v\u00a0\ufeff\u2028\u2029]+/, group: Lexer.SKIPPED });
// Separators never reach the parser: the grammar needs no separators, and the
// syntax tree builder checks that items are separated (see cst-to-ast.ts).
export const Newline = createToken({ name: 'Newline', pattern: /\r\n?|\n/, line_breaks: true, group: 'separators' });
export const LineComment = createToken({ name: 'Comment', pattern: /(?:#|\/\/)[^\r\n]*/, group: 'comments' });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/, categories: [TopJunk] });
export const Model = createToken({ name: 'Model', pattern: /model/, longer_alt: Identifier });
export const True = createToken({ name: 'True', pattern: /true/, longer_alt: Identifier, categories: [Literal, TopJunk, MemberJunk, ArgJunk] });
export const False = createToken({ name: 'False', pattern: /false/, longer_alt: Identifier, categories: [Literal, TopJunk, MemberJunk, ArgJunk] });
export const NumberLiteral = createToken({
  name: 'Number',
  pattern: /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/,
  categories: [Literal, TopJunk, MemberJunk, ArgJunk],
});
export const StringLiteral = createToken({
  name: 'String',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  categories: [Literal, TopJunk, MemberJunk, ArgJunk],
});
/** A string that reaches the end of the line; the parser treats it as a string, the lexer reports it. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  categories: [StringLiteral, Literal, TopJunk, MemberJunk, ArgJunk],
});
export const LBrace = createToken({ name: 'LBrace', pattern: '{', label: "'{'", categories: [TopJunk, MemberJunk, ListJunk] });
export const RBrace = createToken({ name: 'RBrace', pattern: '}', label: "'}'", categories: [TopJunk] });
export const LBracket = createToken({ name: 'LBracket', pattern: '[', label: "'['", categories: [TopJunk, MemberJunk, ArgJunk] });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', label: "']'", categories: [TopJunk, MemberJunk, ArgJunk] });
export const LParen = createToken({ name: 'LParen', pattern: '(', label: "'('", categories: [TopJunk, MemberJunk, ListJunk, ArgJunk] });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: "')'", categories: [TopJunk, MemberJunk, ListJunk] });
export const Colon = createToken({ name: 'Colon', pattern: ':', label: "':'", categories: [TopJunk, MemberJunk, ListJunk, ArgJunk] });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: "','", group: 'separators' });

export const ALL_TOKENS: TokenType[] = [
  TopJunk, MemberJunk, ListJunk, ArgJunk, Literal,
  WhiteSpace, Newline, LineComment,
  Model, True, False, Identifier,
  NumberLiteral, StringLiteral, UnterminatedString,
  LBrace, RBrace, LBracket, RBracket, LParen, RParen, Colon, Comma,
];

const rnnLexer = new Lexer(ALL_TOKENS, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: false,
  skipValidations: true,
});

/** A token that knows whether a newline precedes it: a property's value must start on the line of its colon. */
export interface RnnToken extends IToken {
  startsLine?: boolean;
}

export interface LexResult {
  tokens: IToken[];
  /** Newlines and commas, in order. */
  separators: IToken[];
  comments: Comment[];
  diagnostics: Diagnostic[];
}

export function lex(text: string, lines: LineIndex): LexResult {
  const result = rnnLexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  for (const error of result.errors) {
    const offset = error.offset;
    const length = Math.max(1, error.length);
    diagnostics.push({
      range: lines.range(offset, offset + length),
      severity: 'error',
      code: 'unexpected-character',
      message: length === 1
        ? t('unexpected character {0}', describeCharacters(text.slice(offset, offset + length)))
        : t('unexpected characters {0}', describeCharacters(text.slice(offset, offset + length))),
    });
  }
  for (const token of result.tokens) {
    if (token.tokenType === UnterminatedString) {
      diagnostics.push({
        range: lines.range(token.startOffset, token.startOffset + token.image.length),
        severity: 'error',
        code: 'unterminated-string',
        message: t('unterminated string: add a closing `"` before the end of the line'),
      });
    }
  }
  const comments = (result.groups.comments ?? []).map((token) => ({
    text: token.image,
    range: lines.range(token.startOffset, token.startOffset + token.image.length),
  }));
  const separators = result.groups.separators ?? [];
  markLineStarts(result.tokens, separators);
  return { tokens: result.tokens, separators, comments, diagnostics };
}

function markLineStarts(tokens: RnnToken[], separators: IToken[]) {
  let next = 0;
  for (const token of tokens) {
    let newline = false;
    while (next < separators.length && separators[next].startOffset < token.startOffset) {
      if (separators[next].tokenType === Newline) newline = true;
      next++;
    }
    token.startsLine = newline;
  }
}

/** Shows characters readably even when they are control characters or binary garbage. */
export function describeCharacters(characters: string): string {
  const shown = characters.length > 20 ? characters.slice(0, 20) + '…' : characters;
  const printable = /^[\x21-\x7e\u00a1-\uffff]+$/.test(shown) && !/[`]/.test(shown);
  if (printable) return '`' + shown + '`';
  return Array.from(shown, (c) => 'U+' + (c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')).join(' ');
}

/** The contents of a string literal with its escapes resolved. */
export function unescapeString(image: string, terminated: boolean): string {
  const body = image.slice(1, terminated ? -1 : undefined);
  return body.replace(/\\(.?)/g, (_, escaped: string) => {
    switch (escaped) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      default: return escaped;
    }
  });
}
