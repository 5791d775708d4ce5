// The shape of the declarative schema. The checker, completion, hover, the
// formatter's canonical order and docs/language.md all read a `LanguageSchema`;
// none of them hard-codes a key, a value or a default.
import type { ActivationName, GateName, HiddenSpec, Task } from '../../shared';

/**
 * Documentation in every language the product speaks: English (the source)
 * and Simplified Chinese, side by side so a translation cannot drift from its
 * entry and a missing one is a compile error. Read it through `docText`
 * (doc-text.ts), which picks the reader's language. Code and formulas inside a
 * doc stay the same in both.
 */
export interface Doc {
  en: string;
  zh: string;
}

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

/**
 * An enum value: an identifier, with its documentation and the facts other
 * parts of the core need (typed per kind of value in facts.ts, read through
 * its accessors). Code that walks any enum sees `object` facts.
 */
export interface EnumValue<Facts extends object = object> {
  name: string;
  doc: Doc;
  facts?: Facts;
}

/** An enum value of a kind that always has facts (every cell, activation, loss). */
export type EnumValueWithFacts<Facts extends object> = EnumValue<Facts> & { facts: Facts };

export interface EnumType {
  kind: 'enum';
  values: EnumValue[];
  /** The name of the spec's TypeScript union of these values (scripts/gen-spec-types.ts); unnamed enums are written inline. */
  typeName?: string;
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
  /** The name of the spec's TypeScript union of these calls (scripts/gen-spec-types.ts); unnamed calls are written inline. */
  typeName?: string;
}

/** One of several types; the first that matches the value's syntax is used. */
export interface UnionType {
  kind: 'union';
  types: ValueType[];
}

export interface FunctionSchema<Facts extends object = object> {
  name: string;
  doc: Doc;
  args: PropertySchema[];
  facts?: Facts;
}

/** A function of a kind that always has facts (every data source). */
export type FunctionWithFacts<Facts extends object> = FunctionSchema<Facts> & { facts: Facts };

export interface PropertySchema {
  kind: 'property';
  key: string;
  doc: Doc;
  type: ValueType;
  required?: boolean;
  /** The value used when the property is absent. Absent and no default: the engine infers it (see `inferred`). */
  default?: unknown;
  /**
   * How a computed default comes about: the path of the key it copies (code,
   * the same in every language, e.g. `input.timesteps`) or a phrase for
   * readers ("from the data").
   */
  inferred?: string | Doc;
  /**
   * The checker infers the absent value (from the data or the rest of the
   * model), so a checked spec always has it. Without this, an absent property
   * with no default, `defaultFrom` or `sameAs` is absent from the spec too
   * (the engine chooses, e.g. a random seed).
   */
  checkerInfers?: boolean;
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
  /**
   * It changes only what a run records beside the model (TensorBoard files, the insight recording), never what is
   * trained: a resumed run may change it, and the exports, which train the same model elsewhere, leave it out.
   */
  recordsOnly?: boolean;
}

export interface BlockSchema {
  kind: 'block';
  name: string;
  doc: Doc;
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

// ---------------------------------------------------------------- facts
// What the schema records about each kind of enum value and function, beyond
// its name and documentation. Read them through the accessors of facts.ts.

/** A recurrent cell. */
export interface CellFacts {
  /** The cell's gates in canonical order: the order of their weights and of the kernels' gate flags. */
  gates: GateName[];
  /** Weight blocks per direction of the standard cell: the candidate and every gate. */
  blocks: number;
  /** The standard cell's parameter count per direction, for hover. */
  formula: string;
  /** The boolean `hidden` keys that apply to this cell only. */
  options: (keyof HiddenSpec)[];
  /** `coupled: true` ties these two gates: the first is computed from the second (input = 1 - forget). */
  couples?: [GateName, GateName];
  /** Over more timesteps than this the cell's gradients are likely to vanish (a warning). */
  longSequence?: number;
  /** The Keras class its layers are named after. */
  layer: string;
}

/** What an activation's outputs are, for the manual. */
export type ActivationOutputs = 'real' | 'bounded' | 'probability' | 'nonnegative' | 'distribution';

export interface ActivationFacts {
  outputs: ActivationOutputs;
}

export interface LossFacts {
  task: Task;
  /**
   * What a target is: values, one yes/no value (binary), or a class (as an
   * index or one-hot). Classification data gives classes: a class index per
   * window or sequence.
   */
  targets: 'values' | 'yes-no' | 'classes';
  /** The output activations the loss fits. */
  activations: ActivationName[];
}

export interface DataSourceFacts {
  task: Task;
  /** Values per step, when the source fixes them. */
  features?: number;
  /** Outputs, when the source fixes them. */
  outputs?: number;
  /** The data is text a trained model can sample from (the `generate` block). */
  generates?: boolean;
  /** One series cut into windows a row apart: a model can forecast several rows ahead (`output.horizon`). */
  series?: boolean;
  /** The inputs are tokens of a vocabulary (one-hot, or through an `embedding`). */
  tokens?: boolean;
  /** Independent sequences with one class label each: split at random (or stratified), kept whole. */
  labelled?: boolean;
  /**
   * What the target after each step of a window is, when there is one:
   * `next`, the next step's input (the next point of a series, the next
   * character), so a model can predict at every step (`output.at:
   * every_step`). Absent: one target per sequence.
   */
  stepTargets?: 'next';
}
