// The grammar of .rnn files as a chevrotain CST parser. It is deliberately
// lenient: newlines and commas never reach it (the lexer sets them aside),
// members, list items and arguments need no separator here, and stray tokens
// are consumed as "junk", so one mistake never swallows the rest of a block.
// The CST-to-AST builder reports missing separators and junk with precise
// messages; chevrotain's own recovery handles missing closers.
import { CstParser, type IParserErrorMessageProvider, type TokenType } from './chevrotain';
import {
  ALL_TOKENS, ArgJunk, Colon, False, Identifier, LBrace, LBracket, ListJunk, LParen, MemberJunk,
  Model, NumberLiteral, RBrace, RBracket, RParen, StringLiteral, TopJunk, True, type RnnToken,
} from './lexer';

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

class RnnGrammar extends CstParser {
  constructor() {
    super(ALL_TOKENS, {
      recoveryEnabled: true,
      nodeLocationTracking: 'none',
      maxLookahead: 2,
      errorMessageProvider: expectationRecorder,
    });
    this.performSelfAnalysis();
  }

  // Every closure the rules pass to chevrotain is created once, here, rather
  // than on every rule invocation: closures are cheap, but tsx (which runs the
  // tests) wraps each new function to keep its name, which tripled parse time.
  private readonly modelOrJunk = [
    { ALT: () => this.SUBRULE(this.model) },
    { ALT: () => this.CONSUME(TopJunk) },
  ];
  private readonly memberOrJunk = [
    { ALT: () => this.SUBRULE(this.member) },
    { ALT: () => this.CONSUME(MemberJunk) },
  ];
  private readonly propertyOrBlock = [
    { ALT: () => this.SUBRULE(this.propertyTail) },
    { ALT: () => this.SUBRULE(this.blockBody) },
  ];
  private readonly valueKinds = [
    { ALT: () => this.CONSUME(NumberLiteral) },
    { ALT: () => this.CONSUME(StringLiteral) },
    { ALT: () => this.CONSUME(True) },
    { ALT: () => this.CONSUME(False) },
    { ALT: () => this.SUBRULE(this.list) },
    { ALT: () => this.SUBRULE(this.identifierOrCall) },
  ];
  private readonly itemOrJunk = [
    { ALT: () => this.SUBRULE(this.value) },
    { ALT: () => this.CONSUME(ListJunk) },
  ];
  private readonly argumentOrJunk = [
    { ALT: () => this.SUBRULE(this.argument) },
    { ALT: () => this.CONSUME(ArgJunk) },
  ];
  private readonly oneModelOrJunk = () => this.OR(this.modelOrJunk);
  private readonly oneMemberOrJunk = () => this.OR(this.memberOrJunk);
  private readonly modelName = () => this.CONSUME(Identifier);
  private readonly propertyTailOrBlockBody = () => this.OR1(this.propertyOrBlock);
  /** `key:` at the end of a line has no value: the next line is the next member. */
  private readonly valueOnSameLine = {
    GATE: () => !(this.LA(1) as RnnToken).startsLine,
    DEF: () => this.SUBRULE(this.value),
  };
  private readonly callArguments = () => this.SUBRULE(this.args);
  private readonly listItems = {
    // `name:` or `name {` cannot be an item: the list is missing its `]` and the next member starts.
    GATE: () => !(this.LA(1).tokenType === Identifier && startsMember(this.LA(2).tokenType)),
    DEF: () => this.OR2(this.itemOrJunk),
  };
  private readonly argumentList = {
    // `name {` cannot be an argument: the call is missing its `)` and a block starts.
    GATE: () => !(this.LA(1).tokenType === Identifier && this.LA(2).tokenType === LBrace),
    DEF: () => this.OR3(this.argumentOrJunk),
  };
  private readonly argumentTail = () => this.SUBRULE(this.propertyTail);

  readonly file = this.RULE('file', () => {
    this.MANY(this.oneModelOrJunk);
  });

  readonly model = this.RULE('model', () => {
    this.CONSUME(Model);
    this.OPTION(this.modelName);
    this.CONSUME(LBrace);
    this.SUBRULE(this.members);
    this.CONSUME(RBrace);
  });

  readonly members = this.RULE('members', () => {
    this.MANY(this.oneMemberOrJunk);
  });

  readonly member = this.RULE('member', () => {
    this.CONSUME(Identifier);
    this.OPTION(this.propertyTailOrBlockBody);
  });

  readonly propertyTail = this.RULE('propertyTail', () => {
    this.CONSUME(Colon);
    this.OPTION(this.valueOnSameLine);
  });

  readonly blockBody = this.RULE('blockBody', () => {
    this.CONSUME(LBrace);
    this.SUBRULE(this.members);
    this.CONSUME(RBrace);
  });

  readonly value = this.RULE('value', () => {
    this.OR(this.valueKinds);
  });

  readonly identifierOrCall = this.RULE('identifierOrCall', () => {
    this.CONSUME(Identifier);
    this.OPTION(this.callArguments);
  });

  readonly list = this.RULE('list', () => {
    this.CONSUME(LBracket);
    this.MANY(this.listItems);
    this.CONSUME(RBracket);
  });

  readonly args = this.RULE('args', () => {
    this.CONSUME(LParen);
    this.MANY(this.argumentList);
    this.CONSUME(RParen);
  });

  readonly argument = this.RULE('argument', () => {
    this.CONSUME(Identifier);
    this.OPTION(this.argumentTail);
  });
}

function startsMember(type: TokenType): boolean {
  return type === Colon || type === LBrace;
}

/** The one parser instance: chevrotain's self-analysis is costly, parsing is cheap. */
export const grammar = new RnnGrammar();

/** Token types the error phraser needs to recognise. */
export const CLOSERS = { RBrace, RBracket, RParen } as const;
export const OPENERS = { LBrace, LBracket, LParen } as const;
