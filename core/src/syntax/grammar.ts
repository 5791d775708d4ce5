// The grammar of .rnn files as a chevrotain CST parser. It is deliberately
// lenient: members, list items and arguments need no separator here and stray
// tokens are consumed as "junk", so one mistake never swallows the rest of a
// block. The CST-to-AST builder reports missing separators and junk with
// precise messages; chevrotain's own recovery handles missing closers.
import { CstParser, type IParserErrorMessageProvider, type TokenType } from './chevrotain';
import {
  ALL_TOKENS, ArgJunk, Colon, Comma, False, Identifier, LBrace, LBracket, ListJunk, LParen, MemberJunk,
  Model, Newline, NumberLiteral, RBrace, RBracket, RParen, StringLiteral, TopJunk, True,
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

  readonly file = this.RULE('file', () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(Newline) },
        { ALT: () => this.SUBRULE(this.model) },
        { ALT: () => this.CONSUME(TopJunk) },
      ]);
    });
  });

  readonly model = this.RULE('model', () => {
    this.CONSUME(Model);
    this.OPTION(() => this.CONSUME(Identifier));
    this.CONSUME(LBrace);
    this.SUBRULE(this.members);
    this.CONSUME(RBrace);
  });

  readonly members = this.RULE('members', () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(Newline) },
        { ALT: () => this.CONSUME(Comma) },
        { ALT: () => this.SUBRULE(this.member) },
        { ALT: () => this.CONSUME(MemberJunk) },
      ]);
    });
  });

  readonly member = this.RULE('member', () => {
    this.CONSUME(Identifier);
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.propertyTail) },
        { ALT: () => this.SUBRULE(this.blockBody) },
      ]);
    });
  });

  readonly propertyTail = this.RULE('propertyTail', () => {
    this.CONSUME(Colon);
    this.OPTION(() => this.SUBRULE(this.value));
  });

  readonly blockBody = this.RULE('blockBody', () => {
    this.CONSUME(LBrace);
    this.SUBRULE(this.members);
    this.CONSUME(RBrace);
  });

  readonly value = this.RULE('value', () => {
    this.OR([
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.identifierOrCall) },
    ]);
  });

  readonly identifierOrCall = this.RULE('identifierOrCall', () => {
    this.CONSUME(Identifier);
    this.OPTION(() => this.SUBRULE(this.args));
  });

  readonly list = this.RULE('list', () => {
    this.CONSUME(LBracket);
    this.MANY({
      // `name:` or `name {` cannot be an item: the list is missing its `]` and the next member starts.
      GATE: () => !(this.LA(1).tokenType === Identifier && startsMember(this.LA(2).tokenType)),
      DEF: () => {
        this.OR([
          { ALT: () => this.CONSUME(Newline) },
          { ALT: () => this.CONSUME(Comma) },
          { ALT: () => this.SUBRULE(this.value) },
          { ALT: () => this.CONSUME(ListJunk) },
        ]);
      },
    });
    this.CONSUME(RBracket);
  });

  readonly args = this.RULE('args', () => {
    this.CONSUME(LParen);
    this.MANY({
      // `name {` cannot be an argument: the call is missing its `)` and a block starts.
      GATE: () => !(this.LA(1).tokenType === Identifier && this.LA(2).tokenType === LBrace),
      DEF: () => {
        this.OR([
          { ALT: () => this.CONSUME(Newline) },
          { ALT: () => this.CONSUME(Comma) },
          { ALT: () => this.SUBRULE(this.argument) },
          { ALT: () => this.CONSUME(ArgJunk) },
        ]);
      },
    });
    this.CONSUME(RParen);
  });

  readonly argument = this.RULE('argument', () => {
    this.CONSUME(Identifier);
    this.OPTION(() => this.SUBRULE(this.propertyTail));
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
