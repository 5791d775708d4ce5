// Generates docs/language.md, the reference manual of the .rnn language, from
// the schema (every block, key, type, range, default, value and function) and
// the diagnostic codes. Only the introduction is written by hand, below.
// test/unit/schema-docs.test.ts fails when the committed manual drifts from
// this output: run `npm run docs` after changing the schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA } from '../core/src/language';
import type { BlockSchema, EnumValue, FunctionSchema, NumericBounds, PropertySchema, ValueType } from '../core/src/language';
import { factEntries, typeText } from '../core/src/language';
import { DIAGNOSTIC_CODES } from '../core/src/shared';

const INTRODUCTION = `# The .rnn language

A \`.rnn\` file describes one or more recurrent neural networks: where their
data comes from, their layers, their loss and optimizer, and how to train
them. \`rnn check\` reports every problem in a file, \`rnn train\` trains a
model and \`rnn summary\` prints its layers and parameter counts.

\`\`\`rnn
# Forecast the next point of a noisy sine wave from the previous 50.
model SineForecast {
  data: sine(samples: 2000, period: 40, noise: 0.05)
  input { timesteps: 50, features: 1 }
  hidden { cell: lstm, units: [64, 32] }
  output { units: 1, activation: linear }
  loss: mse
  optimizer: adam(lr: 0.005, clipnorm: 1.0)
  train { epochs: 20, batch_size: 64, validation_split: 0.2 }
}
\`\`\`

## Syntax

The grammar is small and knows no key names: every key, its type, range and
default is listed in the reference below, which is generated from the same
schema the checker, completion and hover read.

\`\`\`
file     = { model }
model    = "model" Name "{" members "}"
members  = [ member { separator member } ] [ separator ]
member   = key ":" value  |  key "{" members "}"
value    = number | string | "true" | "false" | identifier | list | call
list     = "[" [ value { separator value } ] [ separator ] "]"
call     = identifier "(" [ key ":" value { separator key ":" value } ] [ separator ] ")"
separator = newline | ","
\`\`\`

- Members are separated by newlines or commas; \`a: 1 b: 2\` on one line is an
  error. Blank lines and trailing commas are fine.
- A value starts on the line of its \`:\`; lists and calls may span lines.
- Numbers: \`64\`, \`0.005\`, \`1e-3\`, \`-2\`. Strings: \`"data/x.csv"\`, with the
  escapes \`\\"\`, \`\\\\\` and \`\\n\`. Identifiers: letters, digits and \`_\`, not
  starting with a digit.
- Comments start with \`#\` or \`//\` and run to the end of the line.
- A bare function name (\`optimizer: adam\`) means that function with all its
  defaults.
- Paths are relative to the \`.rnn\` file.
`;

const code = (text: unknown) => `\`${String(text)}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** "≥ 0.0001 and ≤ 1", worded as the editor's hover words a number type. */
const boundsText = (bounds: NumericBounds) => typeText({ kind: 'number', ...bounds }).replace(/^number /, '');

function defaultText(p: PropertySchema): string {
  if (p.required) return 'required';
  if (p.default !== undefined) return code(p.default === '' ? '""' : p.default);
  if (!p.inferred) return '—';
  // An inferred default is either a path to another key or a phrase.
  return /^\w+\.\w+$/.test(p.inferred) ? `same as ${code(p.inferred)}` : p.inferred;
}

function notes(p: PropertySchema): string {
  const parts = [p.doc];
  if (p.usual) parts.push(`Usual range: ${boundsText(p.usual)} (outside it, a warning).`);
  if (p.conflictsWith?.length) parts.push(`Not together with ${p.conflictsWith.map(code).join(', ')}.`);
  if (p.sameAs && !p.doc.includes(p.sameAs)) parts.push(`Must equal ${code(p.sameAs)}.`);
  return parts.join(' ');
}

/** Facts worth printing next to an enum value (lists and numbers; docs-only facts are skipped). */
function factsText(value: EnumValue | FunctionSchema): string {
  return factEntries(value).map(([k, v]) => `${k}: ${Array.isArray(v) ? (v.length ? v.map(code).join(', ') : 'none') : code(v)}`).join('; ');
}

class ReferenceWriter {
  private readonly out: string[] = [];
  /** Enums already described, so shared ones (activations) are listed once. */
  private readonly describedEnums = new Map<EnumValue[], string>();
  private readonly pending: { title: string; values: EnumValue[] }[] = [];

  render(): string {
    this.out.push(INTRODUCTION, '# Reference', '');
    this.block(SCHEMA.model, 'model', 2);
    for (const { title, values } of this.pending) this.enumSection(title, values);
    this.diagnostics();
    return this.out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
  }

  private block(block: BlockSchema, path: string, level: number) {
    const heading = '#'.repeat(level);
    this.out.push(`${heading} ${code(path === 'model' ? 'model Name { ... }' : `${block.name} { ... }`)}`, '');
    this.out.push(`${block.doc}${block.required ? ' Required.' : ''}`, '');
    const properties = block.members.filter((m): m is PropertySchema => m.kind === 'property');
    if (properties.length) this.propertyTable(properties);
    const blocks = block.members.filter((m): m is BlockSchema => m.kind === 'block');
    if (blocks.length && path === 'model') {
      this.out.push(`Blocks: ${blocks.map((b) => code(b.name)).join(', ')}.`, '');
    }
    for (const property of properties) this.valueDetails(property, level + 1);
    for (const child of blocks) this.block(child, `${path}.${child.name}`, level + 1);
  }

  private propertyTable(properties: PropertySchema[]) {
    this.out.push('| key | type | default | description |', '|---|---|---|---|');
    for (const p of properties) {
      this.out.push(`| ${code(p.key)} | ${cell(this.typeCell(p.type, p.key))} | ${cell(defaultText(p))} | ${cell(notes(p))} |`);
    }
    this.out.push('');
  }

  /** Enum values get a section of their own (listed once, however many keys share them); the table links to it. */
  private typeCell(type: ValueType, key: string): string {
    if (type.kind === 'enum') return `${typeText(type)} ([values](#${this.enumAnchor(type.values, key)}))`;
    if (type.kind === 'list') return `list of ${this.typeCell(type.items, key)}${type.minItems ? `, at least ${type.minItems}` : ''}${type.unique ? ', no repeats' : ''}`;
    if (type.kind === 'call') return `call: ${type.functions.map((f) => code(`${f.name}(...)`)).join(', ')}`;
    return typeText(type);
  }

  private enumAnchor(values: EnumValue[], key: string): string {
    let anchor = this.describedEnums.get(values);
    if (!anchor) {
      anchor = `values-of-${key}`;
      this.describedEnums.set(values, anchor);
      this.pending.push({ title: `Values of ${code(key)}`, values });
    }
    return anchor;
  }

  private valueDetails(property: PropertySchema, level: number) {
    const type = property.type;
    if (type.kind !== 'call') return;
    for (const fn of type.functions) {
      this.out.push(`${'#'.repeat(level)} ${code(`${property.key}: ${fn.name}(...)`)}`, '', fn.doc, '');
      const facts = factsText(fn);
      if (facts) this.out.push(`Facts: ${facts}.`, '');
      if (fn.args.length) this.propertyTable(fn.args);
    }
  }

  private enumSection(title: string, values: EnumValue[]) {
    this.out.push(`## ${title}`, '', '| value | description | facts |', '|---|---|---|');
    for (const v of values) this.out.push(`| ${code(v.name)} | ${cell(v.doc)} | ${cell(factsText(v))} |`);
    this.out.push('');
  }

  private diagnostics() {
    this.out.push('## Diagnostics', '', 'Every problem `rnn check` and the editor report carries one of these codes.'
      + ' Some also point at a second place in the file (where a repeated key was first given, where an unclosed block opens):'
      + ' the editor lists it under the problem, and `rnn check` prints it as a `note:` line below the problem\'s own line.', '',
      '| code | meaning |', '|---|---|');
    for (const [name, meaning] of Object.entries(DIAGNOSTIC_CODES)) this.out.push(`| ${code(name)} | ${cell(meaning)} |`);
    this.out.push('');
  }
}

export function renderLanguageReference(): string {
  return new ReferenceWriter().render();
}

export const LANGUAGE_DOC_PATH = join(__dirname, '..', 'docs', 'language.md');

if (process.argv[1]?.endsWith('gen-docs.ts')) {
  writeFileSync(LANGUAGE_DOC_PATH, renderLanguageReference());
}
