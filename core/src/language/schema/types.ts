// The shape of the declarative schema. The checker, completion, hover, the
// formatter's canonical order and docs/language.md all read a `LanguageSchema`;
// none of them hard-codes a key, a value or a default.

export type ValueType =
  | IntegerType
  | NumberType
  | StringType
  | BooleanType
  | EnumType
  | ListType
  | CallType
  | UnionType;

export interface NumericBounds {
  /** Inclusive lower bound. */
  min?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Exclusive lower bound (value must be greater). */
  greaterThan?: number;
  /** Exclusive upper bound (value must be less). */
  lessThan?: number;
}

export interface IntegerType extends NumericBounds {
  kind: 'integer';
}

export interface NumberType extends NumericBounds {
  kind: 'number';
}

export interface StringType {
  kind: 'string';
  /**
   * `path`: a file path relative to the .rnn file (completion lists files, links open them).
   * `column`: the name of a column of the CSV file named by the path argument of the same call (completion lists the header).
   */
  format?: 'path' | 'column';
}

export interface BooleanType {
  kind: 'boolean';
}

/** An enum value: an identifier, with its documentation and facts other parts of the core need. */
export interface EnumValue {
  name: string;
  doc: string;
  /** Free-form facts about the value, read by checker and engine (e.g. a cell's gates). */
  facts?: Record<string, unknown>;
}

export interface EnumType {
  kind: 'enum';
  values: EnumValue[];
}

export interface ListType {
  kind: 'list';
  items: ValueType;
  minItems?: number;
  /** Items must not repeat. */
  unique?: boolean;
}

/**
 * A call with named arguments, e.g. `adam(lr: 0.005)`; `functions` are the callable names.
 * A bare identifier (`optimizer: adam`) means that function with all its defaults.
 */
export interface CallType {
  kind: 'call';
  functions: FunctionSchema[];
}

/** One of several types; the first that matches the value's syntax is used. */
export interface UnionType {
  kind: 'union';
  types: ValueType[];
}

export interface FunctionSchema {
  name: string;
  doc: string;
  args: PropertySchema[];
  facts?: Record<string, unknown>;
}

export interface PropertySchema {
  kind: 'property';
  key: string;
  doc: string;
  type: ValueType;
  required?: boolean;
  /** The value used when the property is absent. Absent and no default: the engine infers it (see `inferred`). */
  default?: unknown;
  /** Human text for a default that is computed, e.g. "from the data". */
  inferred?: string;
  /** A value outside this range is allowed but warned about. */
  usual?: NumericBounds;
  /** Another key that cannot be given together with this one. */
  conflictsWith?: string[];
  /** Absent: the value of this other property, a path in the model such as `input.timesteps`. */
  defaultFrom?: string;
  /** When given, it must equal this other property (a path in the model); absent, it takes that value. */
  sameAs?: string;
  /** Source text of a typical value, inserted by the quick fix for a missing required property. */
  example?: string;
}

export interface BlockSchema {
  kind: 'block';
  name: string;
  doc: string;
  required?: boolean;
  members: MemberSchema[];
  /** Snippet body (LSP snippet syntax) that completion inserts for the whole block. */
  snippet?: string;
}

export type MemberSchema = PropertySchema | BlockSchema;

export interface LanguageSchema {
  /** The top-level declaration, `model Name { ... }`. */
  model: BlockSchema;
}
