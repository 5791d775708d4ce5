// parse(text): lexer -> nesting guard -> chevrotain grammar (with recovery) ->
// syntax tree. Never throws: any input, however broken, gives a tree of what
// could be parsed and a diagnostic for every problem.
import type { IToken } from './chevrotain';
import type { RnnFile } from './ast';
import { t, type Diagnostic } from '../../shared';
import { AstBuilder } from './ast-builder';
import { grammar } from './grammar';
import { LBrace, LBracket, LParen, lex, RBrace, RBracket, RParen } from './lexer';
import { LineIndex } from './positions';
import { SyntaxErrorPhraser } from './syntax-errors';

export interface ParseResult {
  file: RnnFile;
  /** Lexer and parser diagnostics, sorted by position. */
  diagnostics: Diagnostic[];
  /** The text's line table the positions were computed on, for the checker to go on with. */
  lines: LineIndex;
}

/** Deeper brackets than this are cut off: the parser and the checker recurse per level. */
export const MAX_NESTING = 64;
/** A file that produces more syntax errors than this is not worth listing further. */
export const MAX_SYNTAX_DIAGNOSTICS = 1000;

export function parse(text: string): ParseResult {
  const lines = new LineIndex(text);
  try {
    return parseWith(text, lines);
  } catch (error) {
    // A bug in the parser must not take the editor or the CLI down with it.
    const message = error instanceof Error ? error.message : String(error);
    return {
      file: { kind: 'file', text, models: [], comments: [], range: lines.range(0, text.length) },
      diagnostics: [{ range: lines.range(0, 0), severity: 'error', code: 'syntax-error', message: t('internal parser error: {0}', message) }],
      lines,
    };
  }
}

function parseWith(text: string, lines: LineIndex): ParseResult {
  const lexed = lex(text, lines);
  const diagnostics = [...lexed.diagnostics];
  const tokens = limitNesting(lexed.tokens, lines, diagnostics);

  grammar.input = tokens;
  grammar.file();
  const raw = grammar.parsed;
  const phraser = new SyntaxErrorPhraser(tokens, lines);
  for (const error of grammar.errors) diagnostics.push(phraser.toDiagnostic(error));
  // Free the tokens and the tree: the grammar is a long-lived singleton.
  grammar.input = [];
  grammar.parsed = { models: [], junk: [] };

  const file = new AstBuilder(lines, lexed.separators, diagnostics, phraser).file(raw, lexed.comments);
  return { file, diagnostics: capped(sortByPosition(diagnostics), lines), lines };
}

/**
 * Drops everything inside brackets nested deeper than MAX_NESTING (with one
 * diagnostic per cut), so that pathological input cannot overflow the stack.
 */
function limitNesting(tokens: IToken[], lines: LineIndex, diagnostics: Diagnostic[]): IToken[] {
  let depth = 0;
  let cutAt = -1;
  const kept: IToken[] = [];
  for (const token of tokens) {
    const type = token.tokenType;
    const opens = type === LBrace || type === LBracket || type === LParen;
    const closes = type === RBrace || type === RBracket || type === RParen;
    if (opens) depth++;
    if (opens && depth > MAX_NESTING && cutAt < 0) {
      cutAt = depth;
      diagnostics.push({
        range: lines.range(token.startOffset, token.startOffset + token.image.length),
        severity: 'error',
        code: 'syntax-error',
        message: t('nesting deeper than {0} levels; the contents of this bracket are ignored', MAX_NESTING),
      });
    }
    if (cutAt < 0) kept.push(token);
    if (closes && depth > 0) {
      if (depth === cutAt) cutAt = -1;
      depth--;
    }
  }
  return kept;
}

export function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset);
}

function capped(diagnostics: Diagnostic[], lines: LineIndex): Diagnostic[] {
  if (diagnostics.length <= MAX_SYNTAX_DIAGNOSTICS) return diagnostics;
  const shown = diagnostics.slice(0, MAX_SYNTAX_DIAGNOSTICS);
  const last = shown[shown.length - 1];
  shown.push({
    range: last.range ?? lines.range(0, 0),
    severity: 'error',
    code: 'syntax-error',
    message: t('{0} more syntax errors not shown', diagnostics.length - MAX_SYNTAX_DIAGNOSTICS),
  });
  return shown;
}
