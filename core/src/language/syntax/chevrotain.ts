// Chevrotain 11 is an ES module whose entry imports its sibling packages
// (@chevrotain/utils, ...), which export only an `import` condition. tsx runs
// this repo's TypeScript as CommonJS and transpiles required ES modules to
// CommonJS, so those sibling imports fail to resolve. Chevrotain also ships a
// self-contained bundle with no imports at all: load that one, with the
// package's own types. esbuild bundles it like any other file.
// Everything in the repo that needs chevrotain imports it from here.
// @ts-ignore: the bundle has no declaration file of its own; its types are the package's.
import * as selfContainedBundle from '../../../../node_modules/chevrotain/lib/chevrotain.mjs';

type Chevrotain = typeof import('chevrotain');
const chevrotain = selfContainedBundle as Chevrotain;

export const { createToken, Lexer, EmbeddedActionsParser, EOF, tokenMatcher } = chevrotain;
export type {
  IToken, TokenType, IParserErrorMessageProvider, IRecognitionException, ILexingError,
} from 'chevrotain';
