// The generic syntax tree of a .rnn file. It knows nothing of the language's
// keys: every key, value type and default lives in core/src/language/schema.
// Every node carries its source range so diagnostics, hovers and edits can be
// placed exactly. Nodes produced by error recovery may lack parts (e.g. a
// property without a value); consumers must tolerate undefined fields.

export type { Position, Range } from '../../shared';
import type { Range } from '../../shared';

export interface Identifier {
  kind: 'identifier';
  name: string;
  range: Range;
}

export type Value = NumberValue | StringValue | IdentifierValue | BooleanValue | ListValue | CallValue;

export interface NumberValue {
  kind: 'number';
  value: number;
  /** The literal as written, e.g. "1e-3", for formatting and messages. */
  text: string;
  range: Range;
}

export interface StringValue {
  kind: 'string';
  /** The unescaped contents. */
  value: string;
  range: Range;
}

export interface IdentifierValue {
  kind: 'identifier-value';
  name: string;
  range: Range;
}

export interface BooleanValue {
  kind: 'boolean';
  value: boolean;
  range: Range;
}

export interface ListValue {
  kind: 'list';
  items: Value[];
  range: Range;
}

export interface CallValue {
  kind: 'call';
  callee: Identifier;
  args: Property[];
  /** Range of the parentheses including contents, for "inside the call" checks. */
  argsRange: Range;
  range: Range;
}

export interface Property {
  kind: 'property';
  key: Identifier;
  /** Missing when recovery produced `key:` with nothing after it. */
  value?: Value;
  /** Range of the colon, when present. */
  colon?: Range;
  range: Range;
}

export interface Block {
  kind: 'block';
  name: Identifier;
  members: Member[];
  /** Range of `{` ... `}` (end may be the end of file if `}` is missing). */
  bodyRange: Range;
  range: Range;
}

export type Member = Property | Block;

export interface ModelDecl {
  kind: 'model';
  /** The `model` keyword. */
  keyword: Range;
  name?: Identifier;
  /** `extends Base`: the model it inherits from (core/src/language/check/inheritance.ts). */
  extends?: ExtendsClause;
  members: Member[];
  bodyRange: Range;
  range: Range;
}

export interface ExtendsClause {
  /** The `extends` keyword. */
  keyword: Range;
  /** Missing when recovery produced `extends` with no name after it. */
  base?: Identifier;
}

export interface Comment {
  text: string;
  range: Range;
}

export interface RnnFile {
  kind: 'file';
  /** The text the tree was parsed from (set by parse; quick fixes and specs read it). */
  text?: string;
  models: ModelDecl[];
  comments: Comment[];
  range: Range;
}
