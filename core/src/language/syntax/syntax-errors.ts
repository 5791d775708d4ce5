// Turns chevrotain's recognition errors into messages a person understands:
// "expected '}' to close the block `hidden`, found the end of the file", with
// the range of the offending token and, as a related location, where the
// block opened.
import type { IRecognitionException, IToken } from './chevrotain';
import { t, type Diagnostic, type RelatedLocation } from '../../shared';
import type { Range } from './ast';
import { describeCharacters, Identifier, LBrace, LBracket, LParen, Model, Newline, RBrace, RBracket, RParen } from './lexer';
import type { LineIndex } from './positions';

const CLOSER_OF: Record<string, string> = { LBrace: 'RBrace', LBracket: 'RBracket', LParen: 'RParen' };
const CLOSER_TEXT: Record<string, string> = { RBrace: "'}'", RBracket: "']'", RParen: "')'" };

/** A message and the places that explain it. */
interface Phrase {
  message: string;
  related?: RelatedLocation[];
}

/**
 * For each token, the innermost bracket still open before it. Computed once
 * per parse (and only when there are errors) so every message finds its
 * opener in time proportional to the nesting depth.
 */
class BracketTable {
  private readonly enclosing: Int32Array;
  private readonly parent: Int32Array;

  constructor(private readonly tokens: IToken[]) {
    this.enclosing = new Int32Array(tokens.length).fill(-1);
    this.parent = new Int32Array(tokens.length).fill(-1);
    const open: number[] = [];
    tokens.forEach((token, index) => {
      this.enclosing[index] = open.length ? open[open.length - 1] : -1;
      const type = token.tokenType;
      if (type === LBrace || type === LBracket || type === LParen) {
        this.parent[index] = this.enclosing[index];
        open.push(index);
      } else if (type === RBrace || type === RBracket || type === RParen) {
        let match = open.length - 1;
        while (match >= 0 && CLOSER_OF[tokens[open[match]].tokenType.name] !== type.name) match--;
        if (match >= 0) open.length = match;
      }
    });
  }

  /** The innermost unclosed opener whose closer is `closerName`, seen from the token at `index` (tokens.length = end of file). */
  openerFor(index: number, closerName: string): number {
    let opener = index < this.tokens.length ? this.enclosing[index] : this.lastOpen();
    while (opener >= 0 && CLOSER_OF[this.tokens[opener].tokenType.name] !== closerName) opener = this.parent[opener];
    return opener;
  }

  private lastOpen(): number {
    // At the end of file: whatever is still open after the last token.
    const last = this.tokens.length - 1;
    if (last < 0) return -1;
    const type = this.tokens[last].tokenType;
    if (type === LBrace || type === LBracket || type === LParen) return last;
    if (type === RBrace || type === RBracket || type === RParen) {
      // The last token closed something: its opener's parent is what remains open.
      const opener = this.openerFor(last, type.name);
      return opener >= 0 ? this.parent[opener] : this.enclosing[last];
    }
    return this.enclosing[last];
  }
}

export class SyntaxErrorPhraser {
  private brackets?: BracketTable;
  /** Offsets of the openers whose missing closer is already reported. */
  private readonly reportedOpeners = new Set<number>();

  constructor(private readonly tokens: IToken[], private readonly lines: LineIndex) {}

  toDiagnostic(error: IRecognitionException): Diagnostic {
    const token = error.token;
    return syntaxError(this.tokenRange(token), this.phrase(error));
  }

  private phrase(error: IRecognitionException): Phrase {
    const found = this.describeToken(error.token);
    const [kind, detail] = error.message.split(':');
    if (kind === 'expected') {
      if (detail in CLOSER_TEXT) {
        const closer = this.closerPhrase(error.token, detail);
        return { ...closer, message: t('{0}, found {1}', closer.message, found) };
      }
      if (detail === 'LBrace') return { message: t("expected '{0}' to open the model's body, found {1}", '{', found) };
      if (detail === 'Identifier') return { message: t('expected a name, found {0}', found) };
      return { message: t('expected {0}, found {1}', detail, found) };
    }
    if (kind === 'no-alternative' && detail === 'value') return { message: t('expected a value (a number, string, identifier, list or call), found {0}', found) };
    return { message: t('unexpected {0}', found) };
  }

  /**
   * Chevrotain reports one missing closer where it gives up; when several
   * blocks are left open (at the end of the file, say), the syntax tree
   * builder asks here for the others, found after `contentEnd`.
   */
  missingCloser(open: IToken, closerName: 'RBrace' | 'RBracket' | 'RParen', contentEnd: number): Diagnostic | undefined {
    if (this.reportedOpeners.has(open.startOffset)) return undefined;
    const opener = this.indexAtOffset(open.startOffset);
    if (this.tokens[opener] !== open) return undefined;
    const next = this.tokens[this.indexAtOffset(contentEnd)];
    const range = next ? this.tokenRange(next) : this.lines.endOfText;
    const found = next ? this.describeToken(next) : t('the end of the file');
    const opened = this.openerPhrase(opener, closerName);
    return syntaxError(range, { ...opened, message: t('{0}, found {1}', opened.message, found) });
  }

  private closerPhrase(token: IToken, closerName: string): Phrase {
    this.brackets ??= new BracketTable(this.tokens);
    const index = this.indexOf(token);
    const opener = this.brackets.openerFor(index, closerName);
    if (opener < 0) return { message: t('expected {0}', CLOSER_TEXT[closerName]) };
    return this.openerPhrase(opener, closerName);
  }

  /** "expected '}' to close the block `hidden`", related to where that block opens. */
  private openerPhrase(opener: number, closerName: string): Phrase {
    this.reportedOpeners.add(this.tokens[opener].startOffset);
    const before = this.tokens[opener - 1];
    const name = before && before.tokenType === Identifier ? before.image : undefined;
    // People find a block by its name (or `model` keyword), a list by its bracket.
    const keyword = this.tokens[opener - (name ? 2 : 1)];
    const anchor = keyword?.tokenType === Model ? keyword : name ? before : this.tokens[opener];
    const related = [{ range: this.tokenRange(anchor), message: t('opened here') }];
    return { message: this.expectedCloser(opener, closerName, name), related };
  }

  private expectedCloser(opener: number, closerName: string, name: string | undefined): string {
    switch (closerName) {
      case 'RBrace': {
        const isModel = name !== undefined && this.tokens[opener - 2]?.tokenType === Model;
        if (isModel) return t("expected '}' to close model `{0}`", name);
        if (this.tokens[opener - 1]?.tokenType === Model) return t("expected '}' to close the model");
        return name ? t("expected '}' to close the block `{0}`", name) : t("expected '}' to close the block");
      }
      case 'RParen':
        return name ? t("expected ')' to close the arguments of `{0}`", name) : t("expected ')' to close the arguments");
      default:
        return t("expected ']' to close the list");
    }
  }

  private indexOf(token: IToken): number {
    return Number.isFinite(token.startOffset) ? this.indexAtOffset(token.startOffset) : this.tokens.length;
  }

  /** Index of the first token starting at or after `offset`. */
  private indexAtOffset(offset: number): number {
    let low = 0;
    let high = this.tokens.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.tokens[middle].startOffset < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private tokenRange(token: IToken): Range {
    if (!Number.isFinite(token.startOffset)) return this.lines.endOfText;
    return this.lines.range(token.startOffset, token.startOffset + token.image.length);
  }

  describeToken(token: IToken): string {
    if (!Number.isFinite(token.startOffset) || token.tokenType.name === 'EOF') return t('the end of the file');
    if (token.tokenType === Newline) return t('the end of the line');
    return describeCharacters(token.image);
  }
}

function syntaxError(range: Range, { message, related }: Phrase): Diagnostic {
  return { range, severity: 'error', code: 'syntax-error', message, ...(related ? { related } : {}) };
}
