// The grammar of .rnn files as a chevrotain parser with embedded actions. It
// is deliberately lenient: newlines and commas never reach it (the lexer sets
// them aside), members, list items and arguments need no separator here, and
// stray tokens are consumed as "junk", so one mistake never swallows the rest
// of a block. The syntax tree builder (ast-builder.ts) reports missing
// separators and junk with precise messages; chevrotain's own recovery
// handles missing closers.
//
// The parser builds a raw tree of tokens, each node attached to its parent
// *before* its contents are parsed: when recovery abandons a rule half way,
// everything parsed so far is already in the tree. (A CST would keep it too,
// but allocating one made parsing twice as slow.)
import { EmbeddedActionsParser, type IParserErrorMessageProvider, type IToken, type TokenType } from './chevrotain';
import {
  ALL_TOKENS, ArgJunk, Colon, Identifier, LBrace, LBracket, ListJunk, Literal, LParen, MemberJunk,
  Model, RBrace, RBracket, RParen, TopJunk, type RnnToken,
} from './lexer';

export interface RawFile { models: RawModel[]; junk: IToken[] }
export interface RawBody { members: RawMember[]; junk: IToken[] }
export interface RawModel { keyword: IToken; name?: IToken; extendsKeyword?: IToken; base?: IToken; open?: IToken; close?: IToken; body: RawBody }
/** A property (`key: value`), a block (`key { ... }`) or, from recovery, a bare key. */
export interface RawMember { key: IToken; colon?: IToken; value?: RawValue; open?: IToken; close?: IToken; body?: RawBody }
export type RawValue = RawLiteral | RawList | RawCall;
export interface RawLiteral { kind: 'literal'; token: IToken }
export interface RawList { kind: 'list'; open: IToken; items: RawValue[]; junk: IToken[]; close?: IToken }
/** A call, or a bare identifier when `open` is absent. */
export interface RawCall { kind: 'call'; name: IToken; open?: IToken; args: RawMember[]; junk: IToken[]; close?: IToken }

/**
 * Chevrotain's messages dump token names; we only record what was expected and
 * let syntax-errors.ts phrase it with context (which block, opened where).
 */
const expectationRecorder: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => `expected:${expected.name}`,
  buildNotAllInputParsedMessage: () => 'unparsed',
  buildNoViableAltMessage: ({ ruleName }) => `no-alternative:${ruleName}`,
  buildEarlyExitMessage: ({ ruleName }) => `no-alternative:${ruleName}`,
};

function startsMember(type: TokenType): boolean {
  return type === Colon || type === LBrace;
}

class RnnGrammar extends EmbeddedActionsParser {
  /** The tree of the last parse; kept here because recovery may abandon the top rule's return value. */
  parsed: RawFile = { models: [], junk: [] };

  /** `validate`: chevrotain checks the grammar itself (ambiguities, left recursion), which throws on a mistake. */
  constructor(validate: boolean) {
    super(ALL_TOKENS, {
      recoveryEnabled: true,
      maxLookahead: 2,
      errorMessageProvider: expectationRecorder,
      skipValidations: !validate,
    });
    this.performSelfAnalysis();
  }

  /** Adds to the tree, except while chevrotain records the grammar (when there is no tree). */
  private keep(add: () => void) {
    if (!this.RECORDING_PHASE) add();
  }

  // While chevrotain records the grammar, rules run without their arguments:
  // these stand-ins take the writes and are thrown away.
  private static standInBody = (body: RawBody | undefined): RawBody => body ?? { members: [], junk: [] };
  private static standInMember = (member: RawMember | undefined): RawMember => member ?? ({} as RawMember);
  private static standInCall = (call: RawCall | undefined): RawCall => call ?? ({ args: [], junk: [] } as unknown as RawCall);

  readonly file = this.RULE('file', () => {
    const file: RawFile = { models: [], junk: [] };
    this.parsed = file;
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.model, { ARGS: [file.models] }) },
        { ALT: () => { const junk = this.CONSUME(TopJunk); this.keep(() => file.junk.push(junk)); } },
      ]);
    });
  });

  readonly model = this.RULE('model', (models: RawModel[]) => {
    const model: RawModel = { keyword: this.CONSUME(Model), body: { members: [], junk: [] } };
    this.keep(() => models.push(model));
    this.OPTION(() => { model.name = this.CONSUME1(Identifier); });
    // `extends` is a keyword only here, so a key may still be called so.
    this.OPTION2({
      GATE: () => this.LA(1).image === 'extends',
      DEF: () => {
        model.extendsKeyword = this.CONSUME2(Identifier);
        this.OPTION3(() => { model.base = this.CONSUME3(Identifier); });
      },
    });
    model.open = this.CONSUME(LBrace);
    this.SUBRULE(this.members, { ARGS: [model.body] });
    model.close = this.CONSUME(RBrace);
  });

  readonly members = this.RULE('members', (given?: RawBody) => {
    const body = RnnGrammar.standInBody(given);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.member, { ARGS: [body.members] }) },
        { ALT: () => { const junk = this.CONSUME(MemberJunk); this.keep(() => body.junk.push(junk)); } },
      ]);
    });
  });

  readonly member = this.RULE('member', (members: RawMember[]) => {
    const member: RawMember = { key: this.CONSUME(Identifier) };
    this.keep(() => members.push(member));
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.propertyTail, { ARGS: [member] }) },
        { ALT: () => this.SUBRULE(this.blockBody, { ARGS: [member] }) },
      ]);
    });
  });

  readonly propertyTail = this.RULE('propertyTail', (given?: RawMember) => {
    const member = RnnGrammar.standInMember(given);
    member.colon = this.CONSUME(Colon);
    // `key:` at the end of a line has no value: the next line is the next member.
    this.OPTION({
      GATE: () => !(this.LA(1) as RnnToken).startsLine,
      DEF: () => this.SUBRULE(this.value, { ARGS: [(value: RawValue) => { member.value = value; }] }),
    });
  });

  readonly blockBody = this.RULE('blockBody', (given?: RawMember) => {
    const member = RnnGrammar.standInMember(given);
    member.open = this.CONSUME(LBrace);
    const body: RawBody = { members: [], junk: [] };
    member.body = body;
    this.SUBRULE(this.members, { ARGS: [body] });
    member.close = this.CONSUME(RBrace);
  });

  readonly value = this.RULE('value', (attach: (value: RawValue) => void) => {
    this.OR([
      { ALT: () => { const token = this.CONSUME(Literal); this.keep(() => attach({ kind: 'literal', token })); } },
      { ALT: () => this.SUBRULE(this.list, { ARGS: [attach] }) },
      { ALT: () => this.SUBRULE(this.identifierOrCall, { ARGS: [attach] }) },
    ]);
  });

  readonly identifierOrCall = this.RULE('identifierOrCall', (attach: (value: RawValue) => void) => {
    const call: RawCall = { kind: 'call', name: this.CONSUME(Identifier), args: [], junk: [] };
    this.keep(() => attach(call));
    this.OPTION(() => this.SUBRULE(this.args, { ARGS: [call] }));
  });

  readonly list = this.RULE('list', (attach: (value: RawValue) => void) => {
    const list: RawList = { kind: 'list', open: this.CONSUME(LBracket), items: [], junk: [] };
    this.keep(() => attach(list));
    const addItem = (item: RawValue) => list.items.push(item);
    this.MANY({
      // `name:` or `name {` cannot be an item: the list is missing its `]` and the next member starts.
      GATE: () => !(this.LA(1).tokenType === Identifier && startsMember(this.LA(2).tokenType)),
      DEF: () => {
        this.OR([
          { ALT: () => this.SUBRULE(this.value, { ARGS: [addItem] }) },
          { ALT: () => { const junk = this.CONSUME(ListJunk); this.keep(() => list.junk.push(junk)); } },
        ]);
      },
    });
    list.close = this.CONSUME(RBracket);
  });

  readonly args = this.RULE('args', (given?: RawCall) => {
    const call = RnnGrammar.standInCall(given);
    call.open = this.CONSUME(LParen);
    this.MANY({
      // `name {` cannot be an argument: the call is missing its `)` and a block starts.
      GATE: () => !(this.LA(1).tokenType === Identifier && this.LA(2).tokenType === LBrace),
      DEF: () => {
        this.OR([
          { ALT: () => this.SUBRULE(this.argument, { ARGS: [call.args] }) },
          { ALT: () => { const junk = this.CONSUME(ArgJunk); this.keep(() => call.junk.push(junk)); } },
        ]);
      },
    });
    call.close = this.CONSUME(RParen);
  });

  readonly argument = this.RULE('argument', (args: RawMember[]) => {
    const argument: RawMember = { key: this.CONSUME(Identifier) };
    this.keep(() => args.push(argument));
    this.OPTION(() => this.SUBRULE(this.propertyTail, { ARGS: [argument] }));
  });
}

/**
 * The one parser instance: chevrotain's self-analysis is costly, parsing is cheap. It skips the grammar's
 * validation, 5-15 ms of every start of the language server and the CLI for a grammar that does not change
 * at run time; test/unit/parser.test.ts validates it instead (`validateGrammar`).
 */
export const grammar = new RnnGrammar(false);

/** Builds a parser with chevrotain's validation of the grammar: throws when the grammar has a mistake. */
export function validateGrammar(): void {
  void new RnnGrammar(true);
}
