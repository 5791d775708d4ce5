// fast-check generators of .rnn text for the property-based tests: not only
// random strings (which rarely get past the lexer) but the real samples
// mutated with pieces of the language (keywords, the schema's names, braces,
// strings, numbers with exponents, comments), files built from the grammar,
// deep nesting and long lines, all in bounded sizes.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as fc from 'fast-check';
import { ACTIVATIONS, CELLS, DATA_SOURCES, GATES, LOSSES, NORMALIZATIONS, OPTIMIZERS, SCHEMA } from '../../core/src/language';

export const ROOT = resolve(__dirname, '..', '..');
export const SAMPLES_DIR = join(ROOT, 'samples');
export const SAMPLE_NAMES = ['sine.rnn', 'airline.rnn', 'gates.rnn', 'shakespeare.rnn'] as const;
export const SAMPLES: readonly string[] = SAMPLE_NAMES.map((name) => readFileSync(join(SAMPLES_DIR, name), 'utf8'));

/** Every `name` in the schema: block and property keys, functions, their arguments and enum values. */
function schemaNames(): string[] {
  const names = new Set<string>();
  const seen = new Set<object>();
  const visit = (node: unknown) => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const name = (node as { name?: unknown }).name;
    if (typeof name === 'string') names.add(name);
    for (const value of Object.values(node)) visit(value);
  };
  [SCHEMA, ACTIVATIONS, CELLS, DATA_SOURCES, GATES, LOSSES, NORMALIZATIONS, OPTIMIZERS].forEach(visit);
  return [...names].sort();
}

export const SCHEMA_NAMES = schemaNames();

const identifier = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SCHEMA_NAMES) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/) },
);

/** Numbers as people write them: signs, fractions, exponents, and the odd spelling. */
const numberText = fc.oneof(
  fc.integer({ min: -1000, max: 100_000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.tuple(fc.constantFrom('', '-'), fc.nat(99), fc.constantFrom('', '.', '.5', '.25'), fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.nat(400))
    .map((parts) => parts.join('')),
  fc.constantFrom('.5', '1.', '-0', '1e999', '-1e-999', '0.0000001', '9007199254740993'),
);

/** A string literal; its contents may hold escapes, quotes escaped or not, and any character. */
const stringText = fc.string({ maxLength: 12, unit: fc.oneof(fc.constantFrom('\\"', '\\\\', '\\n', 'a', ' ', 'data/airline-passengers.csv'), fc.string({ unit: 'binary', maxLength: 1 }).filter((c) => !/[\r\n"\\]/.test(c))) })
  .map((s) => `"${s}"`);

const comment = fc.tuple(fc.constantFrom('#', '//'), fc.string({ maxLength: 10 }).filter((s) => !/[\r\n]/.test(s))).map(([mark, s]) => mark + s);

/** Pieces of the language, one token or a little more. */
export const fragment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('model', 'true', 'false', '{', '}', '[', ']', '(', ')', ':', ',', '\n', '\r\n', '\r', ' ', '\t', '"', '\\', '#', '//',
    '\u00a0', '\ufeff', '\u2028', '\0', '\x1b[31m', 'model M {\n', '}\n', 'units: [8]\n', 'hidden { cell: gru }\n'),
  identifier,
  numberText,
  stringText,
  comment,
  identifier.map((key) => `${key}: `),
  identifier.map((key) => `${key} {`),
);

/** Any text: every code point (lone surrogates included), or random pieces of the language. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300, size: 'large' }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 300, size: 'large' }),
  fc.array(fragment, { maxLength: 120 }).map((parts) => parts.join('')),
);

/** One change to a text; positions are taken modulo its length, so they always land and shrink toward the start. */
export type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'replace'; at: number; length: number; text: string }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number };

const position = fc.nat({ max: 1_000_000 });
const span = fc.nat({ max: 60 });

/** Edits that insert what `insert` generates. */
export function editOf(insert: fc.Arbitrary<string>): fc.Arbitrary<Edit> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, text: insert }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position, length: span }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: position, length: span, text: insert }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: position, length: span }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
  );
}

export const edit = editOf(fragment);

export function applyEdit(text: string, e: Edit): string {
  const at = e.at % (text.length + 1);
  switch (e.kind) {
    case 'insert': return text.slice(0, at) + e.text + text.slice(at);
    case 'delete': return text.slice(0, at) + text.slice(at + e.length);
    case 'replace': return text.slice(0, at) + e.text + text.slice(at + e.length);
    case 'duplicate': return text.slice(0, at + e.length) + text.slice(at, at + e.length) + text.slice(at + e.length);
    case 'truncate': return text.slice(0, at);
  }
}

/** A sample (or two joined) changed by a few edits. */
export const mutatedSample: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...SAMPLES), fc.option(fc.constantFrom(...SAMPLES), { nil: undefined }), fc.array(edit, { maxLength: 6 }))
  .map(([first, second, edits]) => edits.reduce(applyEdit, second === undefined ? first : `${first}\n${second}`));

const CLOSER: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

/**
 * Deep nesting of blocks, lists and calls, mixed, around the parser's limit
 * (64 levels) and far beyond it; all closed, some closed, or none.
 */
export const deepNesting: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.constantFrom('{', '[', '(', 'hidden {', 'f(a: ', 'x: ['), { minLength: 1, maxLength: 4 }),
    fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 3000 })),
    fc.nat(),
  )
  .map(([openers, depth, closedFraction]) => {
    const opened = Array.from({ length: depth }, (_, i) => openers[i % openers.length]);
    const closers = opened.map((o) => CLOSER[o.replace(/[^{[(]/g, '')]).reverse();
    return `model M {\n  data: ${opened.join(' ')}${closers.slice(0, closedFraction % (depth + 1)).join('')}\n}\n`;
  });

/** A line of thousands of characters, from one fragment repeated (fuzz.test.ts checks a megabyte once). */
export const longLine: fc.Arbitrary<string> = fc
  .tuple(fragment.filter((f) => f.length > 0), fc.integer({ min: 300, max: 4000 }))
  .map(([piece, count]) => `model M {\n  units: [${`${piece}, `.repeat(count)}]\n}\n`);

/** Everything above, weighted toward the inputs that reach the checker's later stages. */
export const rnnText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: anyText },
  { weight: 6, arbitrary: mutatedSample },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: longLine },
);

const separator = fc.constantFrom('\n', ', ', ',\n', '\n\n', '\n\n\n', ' ,  ', '\n  # a note\n', '  # at the end\n', '\r\n');

/** Values of any shape: literals, identifiers, lists and calls, nested a few levels. */
const { value } = fc.letrec<{ value: string; list: string; call: string }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, numberText, stringText, identifier, fc.constantFrom('true', 'false'), tie('list'), tie('call')),
  list: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
  call: fc.tuple(identifier, fc.array(fc.tuple(identifier, tie('value')), { maxLength: 3 }))
    .map(([name, args]) => `${name}(${args.map(([k, v]) => `${k}: ${v}`).join(', ')})`),
}));

/** Members of a block: properties and nested blocks, separated as people separate them. */
const { members } = fc.letrec<{ members: string; member: string }>((tie) => ({
  members: fc.array(fc.tuple(tie('member'), separator), { maxLength: 6 }).map((items) => items.map(([m, s]) => m + s).join('')),
  member: fc.oneof({ depthSize: 'small' },
    fc.tuple(identifier, value).map(([key, v]) => `${key}: ${v}`),
    fc.tuple(identifier, tie('members')).map(([key, body]) => `${key} {\n${body}\n}`)),
}));

/** Files built from the grammar: mostly free of syntax errors, full of semantic ones. */
export const grammarFile: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,5}$/), members, fc.constantFrom('\n', '\n\n', '\n# between models\n\n')), { minLength: 1, maxLength: 3 })
  .map((models) => models.map(([name, body, after]) => `model ${name} {\n${body}\n}${after}`).join(''));

type LayoutKind = 'indent' | 'trailing-space' | 'trailing-comment' | 'blank' | 'comment-line' | 'join' | 'comma';
type LayoutChange = { line: number; kind: LayoutKind; text: string };

const ALL_LAYOUT_KINDS: LayoutKind[] = ['indent', 'trailing-space', 'trailing-comment', 'blank', 'comment-line', 'join', 'comma'];
/** The changes the canonical layout undoes: formatting gives the same text with or without them. */
export const UNDONE_BY_FORMAT: LayoutKind[] = ['indent', 'trailing-space', 'comma'];

function changeLayout(lines: string[], change: LayoutChange): string[] {
  const i = change.line % lines.length;
  const line = lines[i];
  const next = lines[i + 1];
  const changed = [...lines];
  const blankText = change.text.trim() === '' ? change.text : '';
  switch (change.kind) {
    case 'indent': changed[i] = blankText + line.trimStart(); break;
    case 'trailing-space': changed[i] = line + (blankText || ' '); break;
    case 'trailing-comment': if (!line.includes('#')) changed[i] = `${line} # ${change.text}`; break;
    case 'blank': changed.splice(i, 0, blankText); break;
    case 'comment-line': changed.splice(i, 0, `${blankText}# ${change.text}`); break;
    case 'comma': if (/[\w\])"]$/.test(line.trimEnd()) && !line.includes('#')) changed[i] = `${line.trimEnd()},`; break;
    case 'join':
      // Two members on one line need a comma between them; after `{` or before `}` none is needed.
      if (next !== undefined && !line.includes('#')) {
        changed.splice(i, 2, line.trimEnd() + (/[{,]$/.test(line.trimEnd()) || /^\s*}/.test(next) ? ' ' : ', ') + next.trim());
      }
      break;
  }
  return changed;
}

/** The samples with their layout changed by `kinds` of changes (indentation, blank lines, comments, members joined on a line, CRLF): the same models. */
export function layoutChangedSampleOf(kinds: LayoutKind[] = ALL_LAYOUT_KINDS): fc.Arbitrary<{ sample: string; text: string }> {
  const change = fc.record({
    line: fc.nat({ max: 10_000 }),
    kind: fc.constantFrom(...kinds),
    text: fc.constantFrom('', ' ', '\t', '    ', ' \t ', 'note', '# with a hash', '    spaces'),
  });
  return fc.tuple(fc.constantFrom(...SAMPLES), fc.array(change, { maxLength: 12 }), fc.boolean()).map(([sample, changes, crlf]) => {
    const text = changes.reduce(changeLayout, sample.split('\n')).join('\n');
    return { sample, text: crlf ? text.replace(/\n/g, '\r\n') : text };
  });
}

export const layoutChangedSample: fc.Arbitrary<string> = layoutChangedSampleOf().map(({ text }) => text);
