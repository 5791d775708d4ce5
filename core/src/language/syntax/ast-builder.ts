// Builds the syntax tree (ast.ts) from the parser's raw tree of tokens.
// Error recovery leaves holes (missing closers, tokens inserted with no
// position), so every access here is defensive. It also reports what the
// lenient grammar let through: stray tokens, missing separators, `key:`
// without a value.
import type { IToken } from './chevrotain';
import type {
  Block, CallValue, Comment, Identifier, ListValue, Member, ModelDecl, Property, Range, RnnFile, Value,
} from './ast';
import { t, type Diagnostic } from '../../shared';
import type { RawBody, RawCall, RawFile, RawList, RawMember, RawModel, RawValue } from './grammar';
import { describeCharacters, False, NumberLiteral, True, UnterminatedString, unescapeString } from './lexer';
import type { LineIndex } from './positions';
import type { SyntaxErrorPhraser } from './syntax-errors';
import { blockLabel, modelLabel } from './labels';

/** A token that really is in the text (recovery inserts tokens with no position). */
const real = (token: IToken | undefined): IToken | undefined =>
  token !== undefined && Number.isFinite(token.startOffset) && !token.isInsertedInRecovery ? token : undefined;
const realTokens = (tokens: IToken[]) => tokens.filter((t) => real(t));
const endOf = (token: IToken) => token.startOffset + token.image.length;
/** The furthest end offset among `ranged`, at least `floor` (no spread: lists can be huge). */
const furthestEnd = (floor: number, ranged: { range: Range }[]) =>
  ranged.reduce((end, item) => Math.max(end, item.range.end.offset), floor);

/** Describes where a list of items lives, for messages. */
interface Container {
  junkMessage: (found: string) => string;
  itemName: string;
}

export class AstBuilder {
  /** Offsets of every newline and comma, ascending: the separators between items. */
  private readonly separators: number[];

  constructor(
    private readonly lines: LineIndex,
    separators: IToken[],
    private readonly diagnostics: Diagnostic[],
    private readonly phraser: SyntaxErrorPhraser,
  ) {
    this.separators = separators.map((token) => token.startOffset);
  }

  file(raw: RawFile, comments: Comment[]): RnnFile {
    const textLength = this.lines.text.length;
    this.reportJunk(realTokens(raw.junk), {
      junkMessage: (found) => t('expected `model Name { ... }`, found {0}', found),
      itemName: 'model',
    });
    const models = raw.models.flatMap((model) => this.model(model) ?? []);
    return { kind: 'file', text: this.lines.text, models, comments, range: this.lines.range(0, textLength) };
  }

  private model(raw: RawModel): ModelDecl | undefined {
    const keyword = real(raw.keyword);
    if (!keyword) return undefined;
    const nameToken = real(raw.name);
    const keywordRange = this.range(keyword);
    const name = nameToken ? this.identifier(nameToken) : undefined;
    if (!nameToken) {
      this.error(keywordRange, t('expected a model name after `model`, e.g. `model Forecast { ... }`'));
    }
    const extendsToken = real(raw.extendsKeyword);
    const baseToken = real(raw.base);
    if (extendsToken && !baseToken) {
      this.error(this.range(extendsToken), t('expected the name of a model after `extends`, e.g. `model Variant extends Base { ... }`'));
    }
    const clause = extendsToken ? { keyword: this.range(extendsToken), base: baseToken && this.identifier(baseToken) } : undefined;
    const label = modelLabel(name?.name);
    const body = this.body(raw, raw.body, label, endOf(baseToken ?? extendsToken ?? nameToken ?? keyword));
    return {
      kind: 'model', keyword: keywordRange, name, ...(clause ? { extends: clause } : {}), members: body.members,
      bodyRange: body.bodyRange, range: { start: keywordRange.start, end: body.bodyRange.end },
    };
  }

  /** `{ members }` of a model or block; `afterName` is where the body would start when `{` is missing. */
  private body(braces: { open?: IToken; close?: IToken }, raw: RawBody | undefined, label: string, afterName: number) {
    const open = real(braces.open);
    const close = real(braces.close);
    const members = raw ? this.members(raw, label) : [];
    const start = open?.startOffset ?? afterName;
    const end = close ? endOf(close) : furthestEnd(start + (open ? 1 : 0), members);
    if (open && !close) this.missingCloser(open, 'RBrace', end);
    return { members, bodyRange: this.lines.range(start, end), end };
  }

  private members(raw: RawBody, label: string): Member[] {
    this.reportJunk(realTokens(raw.junk), {
      junkMessage: (found) => t('unexpected {0} in {1}: a member is `key: value` or `name { ... }`', found, label),
      itemName: 'member',
    });
    const members = this.joinForgottenColons(raw.members.flatMap((member) => this.member(member) ?? []), (key) => t("expected ':' or '{0}' after `{1}`", '{', key));
    this.requireSeparators(members.map((m) => {
      const key = m.kind === 'block' ? m.name : m.key;
      return { start: key.range.start.offset, end: m.range.end.offset, label: key.name };
    }));
    return members;
  }

  /**
   * Reports keys without a colon. `loss mse` is one mistake, not two: the bare
   * word after a bare key on the same line becomes its value.
   */
  private joinForgottenColons<T extends Member>(members: T[], missingColonMessage: (key: string) => string): T[] {
    const isBare = (m: Member | undefined): m is Property => m?.kind === 'property' && !m.colon && !m.value;
    const joined: T[] = [];
    for (let i = 0; i < members.length; i++) {
      const member = members[i];
      if (!isBare(member)) {
        joined.push(member);
        continue;
      }
      const next = members[i + 1];
      const sameLine = isBare(next) && next.key.range.start.line === member.key.range.end.line
        && !this.hasSeparatorBetween(member.range.end.offset, next.range.start.offset);
      if (sameLine) {
        this.error(member.key.range, t("expected ':' after `{0}`", member.key.name));
        const value: Value = { kind: 'identifier-value', name: next.key.name, range: next.key.range };
        joined.push({ ...member, value, range: this.lines.range(member.range.start.offset, next.range.end.offset) });
        i++;
      } else {
        this.error(member.key.range, missingColonMessage(member.key.name));
        joined.push(member);
      }
    }
    return joined;
  }

  private member(raw: RawMember): Member | undefined {
    const keyToken = real(raw.key);
    if (!keyToken) return undefined;
    const key = this.identifier(keyToken);
    if (raw.body) {
      const body = this.body(raw, raw.body, blockLabel(key.name), endOf(keyToken));
      const block: Block = {
        kind: 'block', name: key, members: body.members, bodyRange: body.bodyRange,
        range: { start: key.range.start, end: body.bodyRange.end },
      };
      return block;
    }
    return this.property(key, raw);
  }

  /** A property, or an argument; a missing colon is reported by the caller, which sees the neighbours. */
  private property(key: Identifier, raw: RawMember): Property {
    const colonToken = real(raw.colon);
    const colon = colonToken ? this.range(colonToken) : undefined;
    const value = raw.value ? this.value(raw.value) : undefined;
    if (colon && !value) {
      this.error(colon, t('expected a value after `{0}:`', key.name));
    }
    return {
      kind: 'property', key, value, colon,
      range: { start: key.range.start, end: (value?.range ?? colon ?? key.range).end },
    };
  }

  private value(raw: RawValue): Value | undefined {
    if (raw.kind === 'list') return this.list(raw);
    if (raw.kind === 'call') return this.identifierOrCall(raw);
    const token = real(raw.token);
    if (!token) return undefined;
    const range = this.range(token);
    switch (token.tokenType) {
      case NumberLiteral: return { kind: 'number', value: Number(token.image), text: token.image, range };
      case True: return { kind: 'boolean', value: true, range };
      case False: return { kind: 'boolean', value: false, range };
      default: return { kind: 'string', value: unescapeString(token.image, token.tokenType !== UnterminatedString), range };
    }
  }

  private list(raw: RawList): ListValue | undefined {
    const open = real(raw.open);
    if (!open) return undefined;
    this.reportJunk(realTokens(raw.junk), {
      junkMessage: (found) => t('unexpected {0} in a list: items are values separated by commas or newlines', found),
      itemName: 'item',
    });
    const items = raw.items.flatMap((item) => this.value(item) ?? []);
    this.requireSeparators(items.map((item) => ({ start: item.range.start.offset, end: item.range.end.offset, label: this.text(item.range) })));
    const close = real(raw.close);
    const end = close ? endOf(close) : furthestEnd(endOf(open), items);
    if (!close) this.missingCloser(open, 'RBracket', end);
    return { kind: 'list', items, range: { start: this.lines.positionAt(open.startOffset), end: this.endPosition(close, end) } };
  }

  private identifierOrCall(raw: RawCall): Value | undefined {
    const nameToken = real(raw.name);
    if (!nameToken) return undefined;
    const open = real(raw.open);
    if (!open) return { kind: 'identifier-value', name: nameToken.image, range: this.range(nameToken) };
    const callee = this.identifier(nameToken);
    this.reportJunk(realTokens(raw.junk), {
      junkMessage: (found) => t('unexpected {0} in the arguments of `{1}`: an argument is `name: value`', found, callee.name),
      itemName: 'argument',
    });
    const args = this.joinForgottenColons(raw.args.flatMap((argument) => {
      const keyToken = real(argument.key);
      return keyToken ? [this.property(this.identifier(keyToken), argument)] : [];
    }), (key) => t("expected ':' after the argument `{0}`", key));
    this.requireSeparators(args.map((a) => ({ start: a.range.start.offset, end: a.range.end.offset, label: a.key.name })));
    const close = real(raw.close);
    const end = close ? endOf(close) : furthestEnd(endOf(open), args);
    if (!close) this.missingCloser(open, 'RParen', end);
    const endPosition = this.endPosition(close, end);
    const call: CallValue = {
      kind: 'call', callee, args, argsRange: { start: this.lines.positionAt(open.startOffset), end: endPosition },
      range: { start: callee.range.start, end: endPosition },
    };
    return call;
  }

  /** Items on one line must be separated by commas: `a: 1 b: 2` is an error. */
  private requireSeparators(items: { start: number; end: number; label: string }[]) {
    for (let i = 1; i < items.length; i++) {
      if (!this.hasSeparatorBetween(items[i - 1].end, items[i].start)) {
        const start = items[i].start;
        this.error(this.lines.range(start, Math.min(items[i].end, start + items[i].label.length)),
          t('expected a newline or comma before {0}', describeCharacters(items[i].label)));
      }
    }
  }

  private hasSeparatorBetween(from: number, to: number): boolean {
    let low = 0;
    let high = this.separators.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.separators[middle] < from) low = middle + 1;
      else high = middle;
    }
    return low < this.separators.length && this.separators[low] < to;
  }

  /** One diagnostic per run of stray tokens on a line, not one per token. */
  private reportJunk(tokens: IToken[], container: Container) {
    let runStart: IToken | undefined;
    let runEnd: IToken | undefined;
    const flush = () => {
      if (!runStart || !runEnd) return;
      this.error(this.lines.range(runStart.startOffset, endOf(runEnd)), container.junkMessage(describeCharacters(runStart.image)));
    };
    for (const token of tokens) {
      const sameLine = runEnd !== undefined && !this.hasSeparatorBetween(endOf(runEnd), token.startOffset);
      if (sameLine) {
        runEnd = token;
      } else {
        flush();
        runStart = token;
        runEnd = token;
      }
    }
    flush();
  }

  private missingCloser(open: IToken, closerName: 'RBrace' | 'RBracket' | 'RParen', contentEnd: number) {
    const diagnostic = this.phraser.missingCloser(open, closerName, contentEnd);
    if (diagnostic) this.diagnostics.push(diagnostic);
  }

  private identifier(token: IToken): Identifier {
    return { kind: 'identifier', name: token.image, range: this.range(token) };
  }

  private range(token: IToken): Range {
    return this.lines.lineRange(token.startOffset, token.image.length);
  }

  /** Where a list, call or block ends: after its closer, else after its last content. */
  private endPosition(close: IToken | undefined, contentEnd: number) {
    return close ? this.range(close).end : this.lines.positionAt(contentEnd);
  }

  private text(range: Range): string {
    return this.lines.text.slice(range.start.offset, range.end.offset);
  }

  private error(range: Range, message: string) {
    this.diagnostics.push({ range, severity: 'error', code: 'syntax-error', message });
  }
}
