import type { Range } from './range';

export type Severity = 'error' | 'warning' | 'info';

/** A text edit that fixes a diagnostic; editors turn it into a quick fix. */
export interface Fix {
  title: string;
  edits: { range: Range; newText: string }[];
}

/**
 * Another place in the same document that explains a diagnostic: where a key
 * was first given, where an unclosed bracket opens. Positions travel as data,
 * never inside message text, so they stay right when a diagnostic moves.
 */
export interface RelatedLocation {
  range: Range;
  /** Reads on its own next to the place, e.g. "first given here". */
  message: string;
}

export interface Diagnostic {
  range: Range;
  severity: Severity;
  /** Stable code, one per kind of problem (see DIAGNOSTIC_CODES). */
  code: DiagnosticCode;
  /** Free of positions: those go in `related`. */
  message: string;
  /** Suggested fixes, best first. */
  fixes?: Fix[];
  /** Other places that explain this problem, in the order a reader wants them. */
  related?: RelatedLocation[];
}

/** Every diagnostic code the language core can produce, with a one-line description for docs. */
export const DIAGNOSTIC_CODES = {
  'unexpected-character': 'The lexer met a character that starts no token.',
  'unterminated-string': 'A string literal is not closed before the end of the line.',
  'syntax-error': 'The parser expected something else here; it recovered and went on.',
  'no-model': 'The file declares no `model` block.',
  'duplicate-model': 'Two models in one file have the same name.',
  'unknown-key': 'A property or block name that does not exist at this place.',
  'duplicate-key': 'A property or block given twice in the same place.',
  'conflicting-keys': 'Two properties or arguments that cannot be given together (e.g. `column` and `columns`).',
  'missing-required': 'A required property, block or argument is absent.',
  'type-mismatch': 'A value of the wrong type (e.g. a string where a number belongs).',
  'unknown-value': 'An identifier that is not one of the allowed values.',
  'unknown-function': 'A call to a data source or optimizer that does not exist.',
  'unknown-argument': 'A named argument that the function does not take.',
  'out-of-range': 'A number outside its allowed range.',
  'not-an-integer': 'A fractional number where a whole number is required.',
  'empty-list': 'A list that must have at least one item is empty.',
  'duplicate-item': 'The same item twice in a list that must not repeat.',
  'gate-not-in-cell': 'A gate that the chosen cell does not have.',
  'coupled-needs-input-forget': '`coupled: true` needs both the input and the forget gate.',
  'option-not-for-cell': 'An option (e.g. peepholes, coupled) that the chosen cell does not support.',
  'loss-activation-mismatch': 'The loss does not fit the output activation.',
  'loss-task-mismatch': 'A regression loss on classification data, or the other way round.',
  'output-units-mismatch': 'The output units do not match what the data provides.',
  'features-mismatch': 'The input features do not match what the data provides.',
  'timesteps-mismatch': 'The data source and the input block disagree on the sequence length.',
  'data-file-missing': 'The data file does not exist.',
  'data-column-missing': 'The CSV file has no such column.',
  'data-unreadable': 'The data file exists but cannot be read or parsed.',
  'not-enough-data': 'The data yields too few training windows for the requested sequence length.',
  'no-validation-samples': 'validation_split leaves no validation samples.',
  'long-sequence-rnn': 'A plain rnn over a long sequence: gradients are likely to vanish.',
  'unusual-learning-rate': 'A learning rate outside the usual range for this optimizer.',
  'generate-needs-text': 'A `generate` block on a model whose data is not text.',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
