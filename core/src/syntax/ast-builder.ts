// Builds the syntax tree (ast.ts) from chevrotain's CST. Error recovery leaves
// holes (missing children, tokens inserted with no position), so every access
// here is defensive. It also reports what the lenient grammar let through:
// stray tokens, missing separators, `key:` without a value.
import type { CstElement, CstNode, IToken } from './chevrotain';
import type {
  Block, CallValue, Comment, Identifier, ListValue, Member, ModelDecl, Property, Range, RnnFile, Value,
} from './ast';
import type { Diagnostic } from '../check/diagnostic';
import { describeCharacters, UnterminatedString, unescapeString } from './lexer';
import type { LineIndex } from './positions';

type Children = Record<string, CstElement[] | undefined>;

const isToken = (element: CstElement | undefined): element is IToken =>
  element !== undefined && 'image' in element;
const isNode = (element: CstElement | undefined): element is CstNode =>
  element !== undefined && 'children' in element;
/** A token that really is in the text (recovery inserts tokens with no position). */
const isReal = (token: IToken | undefined): token is IToken =>
  token !== undefined && Number.isFinite(token.startOffset) && !token.isInsertedInRecovery;

const tokenOf = (children: Children, name: string): IToken | undefined => {
  const token = children[name]?.[0];
  return isToken(token) && isReal(token) ? token : undefined;
};
const nodeOf = (children: Children, name: string): CstNode | undefined => {
  const node = children[name]?.[0];
  return isNode(node) ? node : undefined;
};
const nodesOf = (children: Children, name: string): CstNode[] => (children[name] ?? []).filter(isNode);
const tokensOf = (children: Children, name: string): IToken[] =>
  (children[name] ?? []).filter((e): e is IToken => isToken(e) && isReal(e));
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
  ) {
    this.separators = separators.map((token) => token.startOffset);
  }

  file(node: CstNode | undefined, comments: Comment[]): RnnFile {
    const textLength = this.lines.text.length;
    const children = (node?.children ?? {}) as Children;
    this.reportJunk(tokensOf(children, 'TopJunk'), {
      junkMessage: (found) => `expected \`model Name { ... }\`, found ${found}`,
      itemName: 'model',
    });
    const models = nodesOf(children, 'model').map((model) => this.model(model));
    return { kind: 'file', text: this.lines.text, models, comments, range: this.lines.range(0, textLength) };
  }

  private model(node: CstNode): ModelDecl {
    const children = node.children as Children;
    const keyword = tokenOf(children, 'Model')!;
    const nameToken = tokenOf(children, 'Identifier');
    const name = nameToken ? this.identifier(nameToken) : undefined;
    if (!nameToken) {
      this.error(this.range(keyword), 'expected a model name after `model`, e.g. `model Forecast { ... }`');
    }
    const label = name ? `model \`${name.name}\`` : 'the model';
    const body = this.body(children, label, endOf(nameToken ?? keyword));
    return {
      kind: 'model', keyword: this.range(keyword), name, members: body.members,
      bodyRange: body.bodyRange, range: this.lines.range(keyword.startOffset, body.end),
    };
  }

  /** `{ members }` of a model or block; `afterName` is where the body would start when `{` is missing. */
  private body(children: Children, label: string, afterName: number) {
    const open = tokenOf(children, 'LBrace');
    const close = tokenOf(children, 'RBrace');
    const membersNode = nodeOf(children, 'members');
    const members = membersNode ? this.members(membersNode, label) : [];
    const start = open?.startOffset ?? afterName;
    const end = close ? endOf(close) : furthestEnd(start + (open ? 1 : 0), members);
    return { members, bodyRange: this.lines.range(start, end), end };
  }

  private members(node: CstNode, label: string): Member[] {
    const children = node.children as Children;
    this.reportJunk(tokensOf(children, 'MemberJunk'), {
      junkMessage: (found) => `unexpected ${found} in ${label}: a member is \`key: value\` or \`name { ... }\``,
      itemName: 'member',
    });
    const members = this.joinForgottenColons(nodesOf(children, 'member').flatMap((member) => this.member(member) ?? []), "expected ':' or '{' after");
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
  private joinForgottenColons<T extends Member>(members: T[], missingColonMessage: string): T[] {
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
        this.error(member.key.range, `expected ':' after \`${member.key.name}\``);
        const value: Value = { kind: 'identifier-value', name: next.key.name, range: next.key.range };
        joined.push({ ...member, value, range: this.lines.range(member.range.start.offset, next.range.end.offset) });
        i++;
      } else {
        this.error(member.key.range, `${missingColonMessage} \`${member.key.name}\``);
        joined.push(member);
      }
    }
    return joined;
  }

  private member(node: CstNode): Member | undefined {
    const children = node.children as Children;
    const keyToken = tokenOf(children, 'Identifier');
    if (!keyToken) return undefined;
    const key = this.identifier(keyToken);
    const blockBody = nodeOf(children, 'blockBody');
    if (blockBody) {
      const body = this.body(blockBody.children as Children, `the block \`${key.name}\``, endOf(keyToken));
      const block: Block = {
        kind: 'block', name: key, members: body.members, bodyRange: body.bodyRange,
        range: this.lines.range(keyToken.startOffset, body.end),
      };
      return block;
    }
    return this.property(key, nodeOf(children, 'propertyTail'));
  }

  /** A property, or an argument; a missing colon is reported by the caller, which sees the neighbours. */
  private property(key: Identifier, tail: CstNode | undefined): Property {
    const children = (tail?.children ?? {}) as Children;
    const colonToken = tokenOf(children, 'Colon');
    const valueNode = nodeOf(children, 'value');
    const value = valueNode ? this.value(valueNode) : undefined;
    if (colonToken && !value) {
      this.error(this.range(colonToken), `expected a value after \`${key.name}:\``);
    }
    const end = value?.range.end.offset ?? (colonToken ? endOf(colonToken) : key.range.end.offset);
    return {
      kind: 'property', key, value, colon: colonToken ? this.range(colonToken) : undefined,
      range: this.lines.range(key.range.start.offset, end),
    };
  }

  private value(node: CstNode): Value | undefined {
    const children = node.children as Children;
    const number = tokenOf(children, 'Number');
    if (number) return { kind: 'number', value: Number(number.image), text: number.image, range: this.range(number) };
    const string = tokenOf(children, 'String');
    if (string) {
      const terminated = string.tokenType !== UnterminatedString;
      return { kind: 'string', value: unescapeString(string.image, terminated), range: this.range(string) };
    }
    const trueToken = tokenOf(children, 'True');
    if (trueToken) return { kind: 'boolean', value: true, range: this.range(trueToken) };
    const falseToken = tokenOf(children, 'False');
    if (falseToken) return { kind: 'boolean', value: false, range: this.range(falseToken) };
    const list = nodeOf(children, 'list');
    if (list) return this.list(list);
    const identifierOrCall = nodeOf(children, 'identifierOrCall');
    if (identifierOrCall) return this.identifierOrCall(identifierOrCall);
    return undefined;
  }

  private list(node: CstNode): ListValue | undefined {
    const children = node.children as Children;
    const open = tokenOf(children, 'LBracket');
    if (!open) return undefined;
    this.reportJunk(tokensOf(children, 'ListJunk'), {
      junkMessage: (found) => `unexpected ${found} in a list: items are values separated by commas or newlines`,
      itemName: 'item',
    });
    const items = nodesOf(children, 'value').map((v) => this.value(v)).filter((v): v is Value => !!v);
    this.requireSeparators(items.map((item) => ({ start: item.range.start.offset, end: item.range.end.offset, label: this.text(item.range) })));
    const close = tokenOf(children, 'RBracket');
    const end = close ? endOf(close) : furthestEnd(endOf(open), items);
    return { kind: 'list', items, range: this.lines.range(open.startOffset, end) };
  }

  private identifierOrCall(node: CstNode): Value | undefined {
    const children = node.children as Children;
    const nameToken = tokenOf(children, 'Identifier');
    if (!nameToken) return undefined;
    const argsNode = nodeOf(children, 'args');
    const open = argsNode ? tokenOf(argsNode.children as Children, 'LParen') : undefined;
    if (!argsNode || !open) return { kind: 'identifier-value', name: nameToken.image, range: this.range(nameToken) };
    const callee = this.identifier(nameToken);
    const argChildren = argsNode.children as Children;
    this.reportJunk(tokensOf(argChildren, 'ArgJunk'), {
      junkMessage: (found) => `unexpected ${found} in the arguments of \`${callee.name}\`: an argument is \`name: value\``,
      itemName: 'argument',
    });
    const args = this.joinForgottenColons(nodesOf(argChildren, 'argument').flatMap((argument) => {
      const keyToken = tokenOf(argument.children as Children, 'Identifier');
      if (!keyToken) return [];
      return [this.property(this.identifier(keyToken), nodeOf(argument.children as Children, 'propertyTail'))];
    }), "expected ':' after the argument");
    this.requireSeparators(args.map((a) => ({ start: a.range.start.offset, end: a.range.end.offset, label: a.key.name })));
    const close = tokenOf(argChildren, 'RParen');
    const end = close ? endOf(close) : furthestEnd(endOf(open), args);
    const call: CallValue = {
      kind: 'call', callee, args, argsRange: this.lines.range(open.startOffset, end),
      range: this.lines.range(nameToken.startOffset, end),
    };
    return call;
  }

  /** Items on one line must be separated by commas: `a: 1 b: 2` is an error. */
  private requireSeparators(items: { start: number; end: number; label: string }[]) {
    for (let i = 1; i < items.length; i++) {
      if (!this.hasSeparatorBetween(items[i - 1].end, items[i].start)) {
        const start = items[i].start;
        this.error(this.lines.range(start, Math.min(items[i].end, start + items[i].label.length)),
          `expected a newline or comma before ${describeCharacters(items[i].label)}`);
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

  private identifier(token: IToken): Identifier {
    return { kind: 'identifier', name: token.image, range: this.range(token) };
  }

  private range(token: IToken): Range {
    return this.lines.range(token.startOffset, endOf(token));
  }

  private text(range: Range): string {
    return this.lines.text.slice(range.start.offset, range.end.offset);
  }

  private error(range: Range, message: string) {
    this.diagnostics.push({ range, severity: 'error', code: 'syntax-error', message });
  }
}
