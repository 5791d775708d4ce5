// Generates the reference manual of the .rnn language from the schema (every
// block, key, type, range, default, value and function) and the diagnostic
// codes, in English (docs/language.md) and Simplified Chinese
// (docs/language.zh-CN.md). Only the introduction is written by hand
// (scripts/language-doc-text.ts). test/unit/schema-docs.test.ts fails when a
// committed manual drifts from this output: run `npm run docs` after changing
// the schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENDS_DOC, SCHEMA, SWEEP_BLOCK, SWEEP_DISTRIBUTIONS } from '../core/src/language';
import type { BlockSchema, EnumValue, FunctionSchema, NumericBounds, PropertySchema, ValueType } from '../core/src/language';
import { boundsText, docText, factEntries, inferredText, typeText } from '../core/src/language';
import { bundlesFor, currentLocale, DIAGNOSTIC_CODES, diagnosticCodeDescription, useLocale } from '../core/src/shared';
import type { DiagnosticCode } from '../core/src/shared';
import { INTRODUCTION, type DocLocale } from './language-doc-text';

/**
 * The manual's own headings and table labels. They are doc text, written once
 * per manual, not messages a running program shows, so they live here rather
 * than in the l10n catalogs.
 */
interface Labels {
  reference: string;
  /** Between the items of a list of names. */
  separator: string;
  /** Between two sentences (Chinese ones need no space). */
  sentenceGap: string;
  propertyHeader: string;
  valuesHeader: string;
  required: string;
  /** Appended to the doc of a required block. */
  requiredBlock: string;
  sameAs: (path: string) => string;
  usualRange: (bounds: string) => string;
  notTogether: (keys: string) => string;
  mustEqual: (path: string) => string;
  blocks: (names: string) => string;
  facts: (text: string) => string;
  none: string;
  values: string;
  valuesOf: (key: string) => string;
  /** The anchor a renderer (GitHub) derives from `valuesOf(key)`, for the links in the tables. */
  valuesAnchor: (key: string) => string;
  listOf: (items: string) => string;
  atLeast: (n: number) => string;
  noRepeats: string;
  call: (names: string) => string;
  /** The items of `choice(values: ...)`: whatever the swept key takes. */
  sweptValue: string;
  diagnostics: string;
  diagnosticsIntro: string;
  diagnosticsHeader: string;
  meaning: (code: DiagnosticCode) => string;
}

const LABELS: Record<DocLocale, Labels> = {
  en: {
    reference: 'Reference',
    separator: ', ',
    sentenceGap: ' ',
    propertyHeader: '| key | type | default | description |',
    valuesHeader: '| value | description | facts |',
    required: 'required',
    requiredBlock: ' Required.',
    sameAs: (path) => `same as ${path}`,
    usualRange: (bounds) => `Usual range: ${bounds} (outside it, a warning).`,
    notTogether: (keys) => `Not together with ${keys}.`,
    mustEqual: (path) => `Must equal ${path}.`,
    blocks: (names) => `Blocks: ${names}.`,
    facts: (text) => `Facts: ${text}.`,
    none: 'none',
    values: 'values',
    valuesOf: (key) => `Values of ${key}`,
    valuesAnchor: (key) => `values-of-${key}`,
    listOf: (items) => `list of ${items}`,
    atLeast: (n) => `, at least ${n}`,
    noRepeats: ', no repeats',
    call: (names) => `call: ${names}`,
    sweptValue: 'values of the swept key',
    diagnostics: 'Diagnostics',
    diagnosticsIntro: 'Every problem `rnn check` and the editor report carries one of these codes.'
      + ' Some also point at a second place in the file (where a repeated key was first given, where an unclosed block opens):'
      + ' the editor lists it under the problem, and `rnn check` prints it as a `note:` line below the problem\'s own line.',
    diagnosticsHeader: '| code | meaning |',
    meaning: (code) => DIAGNOSTIC_CODES[code],
  },
  'zh-cn': {
    reference: '参考',
    separator: '、',
    sentenceGap: '',
    propertyHeader: '| 键 | 类型 | 默认值 | 说明 |',
    valuesHeader: '| 取值 | 说明 | 特性 |',
    required: '必需',
    requiredBlock: '必需。',
    sameAs: (path) => `同 ${path}`,
    usualRange: (bounds) => `常用范围：${bounds}（超出时给出警告）。`,
    notTogether: (keys) => `不能与 ${keys} 同时给出。`,
    mustEqual: (path) => `必须等于 ${path}。`,
    blocks: (names) => `块：${names}。`,
    facts: (text) => `特性：${text}。`,
    none: '无',
    values: '取值',
    valuesOf: (key) => `${key} 的取值`,
    valuesAnchor: (key) => `${key}-的取值`,
    listOf: (items) => `${items} 的列表`,
    atLeast: (n) => `，至少 ${n} 项`,
    noRepeats: '，不能重复',
    call: (names) => `调用：${names}`,
    sweptValue: '被扫描键的取值',
    diagnostics: '诊断',
    diagnosticsIntro: '`rnn check` 和编辑器报告的每个问题都带有下列代码之一。'
      + '有些问题还会指向文件中的另一处（重复的键第一次出现的位置、未闭合的块开始的位置）：'
      + '编辑器把它列在问题下方，`rnn check` 则在问题所在行的下面另起一行 `note:` 打印出来。',
    diagnosticsHeader: '| 代码 | 含义 |',
    meaning: (code) => diagnosticCodeDescription(code, 'zh-cn'),
  },
};

const code = (text: unknown) => `\`${String(text)}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

class ReferenceWriter {
  private readonly out: string[] = [];
  /** Enums already described, so shared ones (activations) are listed once. */
  private readonly describedEnums = new Map<EnumValue[], string>();
  private readonly pending: { title: string; values: EnumValue[] }[] = [];

  constructor(private readonly locale: DocLocale, private readonly labels: Labels) {}

  render(): string {
    this.out.push(INTRODUCTION[this.locale], `# ${this.labels.reference}`, '');
    this.block(SCHEMA.model, 'model', 2);
    this.constructs();
    for (const { title, values } of this.pending) this.enumSection(title, values);
    this.diagnostics();
    return this.out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
  }

  private block(block: BlockSchema, path: string, level: number) {
    const heading = '#'.repeat(level);
    this.out.push(`${heading} ${code(path === 'model' ? 'model Name { ... }' : `${block.name} { ... }`)}`, '');
    this.out.push(`${docText(block.doc)}${block.required ? this.labels.requiredBlock : ''}`, '');
    const properties = block.members.filter((m): m is PropertySchema => m.kind === 'property');
    if (properties.length) this.propertyTable(properties);
    const blocks = block.members.filter((m): m is BlockSchema => m.kind === 'block');
    if (blocks.length && path === 'model') this.out.push(this.labels.blocks(blocks.map((b) => code(b.name)).join(this.labels.separator)), '');
    for (const property of properties) this.valueDetails(property, level + 1);
    for (const child of blocks) this.block(child, `${path}.${child.name}`, level + 1);
  }

  /** The constructs that are not keys of a model (core/src/language/schema/constructs.ts). */
  private constructs() {
    this.out.push(`## ${code('model Name extends Base { ... }')}`, '', docText(EXTENDS_DOC), '');
    this.out.push(`## ${code('sweep { ... }')}`, '', docText(SWEEP_BLOCK.doc), '');
    this.propertyTable(SWEEP_BLOCK.members.filter((m): m is PropertySchema => m.kind === 'property'));
    for (const fn of SWEEP_DISTRIBUTIONS) {
      this.out.push(`### ${code(`path: ${fn.name}(...)`)}`, '', docText(fn.doc), '');
      this.propertyTable(fn.args);
    }
  }

  private propertyTable(properties: PropertySchema[]) {
    this.out.push(this.labels.propertyHeader, '|---|---|---|---|');
    for (const p of properties) {
      this.out.push(`| ${code(p.key)} | ${cell(this.typeCell(p.type, p.key))} | ${cell(this.defaultText(p))} | ${cell(this.notes(p))} |`);
    }
    this.out.push('');
  }

  private defaultText(p: PropertySchema): string {
    if (p.required) return this.labels.required;
    if (p.default !== undefined) return code(p.default === '' ? '""' : p.default);
    if (!p.inferred) return '—';
    return typeof p.inferred === 'string' ? this.labels.sameAs(code(p.inferred)) : inferredText(p.inferred);
  }

  private notes(p: PropertySchema): string {
    const doc = docText(p.doc);
    const parts = [doc];
    if (p.usual) parts.push(this.labels.usualRange(boundsText(p.usual)));
    if (p.conflictsWith?.length) parts.push(this.labels.notTogether(p.conflictsWith.map(code).join(this.labels.separator)));
    if (p.sameAs && !doc.includes(p.sameAs)) parts.push(this.labels.mustEqual(code(p.sameAs)));
    return parts.join(this.labels.sentenceGap);
  }

  /** Facts worth printing next to an enum value (lists and numbers; docs-only facts are skipped). */
  private factsText(value: EnumValue | FunctionSchema): string {
    return factEntries(value)
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? (v.length ? v.map(code).join(this.labels.separator) : this.labels.none) : code(v)}`)
      .join('; ');
  }

  /** Enum values get a section of their own (listed once, however many keys share them); the table links to it. */
  private typeCell(type: ValueType, key: string): string {
    if (type.kind === 'enum') return `${typeText(type)} ([${this.labels.values}](#${this.enumAnchor(type.values, key)}))`;
    if (type.kind === 'list') {
      return `${this.labels.listOf(this.typeCell(type.items, key))}${type.minItems ? this.labels.atLeast(type.minItems) : ''}${type.unique ? this.labels.noRepeats : ''}`;
    }
    if (type.kind === 'union' && type.types.length === 0) return this.labels.sweptValue;
    if (type.kind === 'call') return this.labels.call(type.functions.map((f) => code(`${f.name}(...)`)).join(this.labels.separator));
    return typeText(type);
  }

  private enumAnchor(values: EnumValue[], key: string): string {
    let anchor = this.describedEnums.get(values);
    if (!anchor) {
      anchor = this.labels.valuesAnchor(key);
      this.describedEnums.set(values, anchor);
      this.pending.push({ title: this.labels.valuesOf(code(key)), values });
    }
    return anchor;
  }

  private valueDetails(property: PropertySchema, level: number) {
    const type = property.type;
    if (type.kind !== 'call') return;
    for (const fn of type.functions) {
      this.out.push(`${'#'.repeat(level)} ${code(`${property.key}: ${fn.name}(...)`)}`, '', docText(fn.doc), '');
      const facts = this.factsText(fn);
      if (facts) this.out.push(this.labels.facts(facts), '');
      if (fn.args.length) this.propertyTable(fn.args);
    }
  }

  private enumSection(title: string, values: EnumValue[]) {
    this.out.push(`## ${title}`, '', this.labels.valuesHeader, '|---|---|---|');
    for (const v of values) this.out.push(`| ${code(v.name)} | ${cell(docText(v.doc))} | ${cell(this.factsText(v))} |`);
    this.out.push('');
  }

  private diagnostics() {
    this.out.push(`## ${this.labels.diagnostics}`, '', this.labels.diagnosticsIntro, '', this.labels.diagnosticsHeader, '|---|---|');
    for (const name of Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[]) this.out.push(`| ${code(name)} | ${cell(this.labels.meaning(name))} |`);
    this.out.push('');
  }
}

/**
 * The manual in `locale`. The schema's docs and the type descriptions the
 * editor shares (typeText) answer in the process's locale, so rendering
 * switches to it and back.
 */
export function renderLanguageReference(locale: DocLocale = 'en'): string {
  const previous = currentLocale();
  useLocale(locale, ...bundlesFor(locale));
  try {
    return new ReferenceWriter(locale, LABELS[locale]).render();
  } finally {
    useLocale(previous, ...bundlesFor(previous));
  }
}

export const LANGUAGE_DOC_PATHS: Record<DocLocale, string> = {
  en: join(__dirname, '..', 'docs', 'language.md'),
  'zh-cn': join(__dirname, '..', 'docs', 'language.zh-CN.md'),
};

if (process.argv[1]?.endsWith('gen-docs.ts')) {
  for (const [locale, path] of Object.entries(LANGUAGE_DOC_PATHS) as [DocLocale, string][]) writeFileSync(path, renderLanguageReference(locale));
}
