// Property: on any text, parse, checkText and formatText return (never
// throw), and every diagnostic they give has a known code, a range inside
// the text whose line and column agree with its offset (as an editor counts
// them), related locations and fixes inside the text too, and no internal
// error; every range of the syntax tree is inside the text and right too.
// The seeded cases of fuzz.test.ts stay (a megabyte of tokens, 100,000-deep
// nesting); this one shrinks a failure to a small text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkText, formatText, parse } from '../../core/src/language';
import { DIAGNOSTIC_CODES, type Diagnostic, type Range } from '../../core/src/shared';
import { propertyParameters } from '../helpers/property-runs';
import { rnnText, SAMPLES_DIR } from '../helpers/rnn-arbitraries';

/** Why a range is wrong for this text, or undefined when it is right. */
function rangeProblem(range: Range, document: TextDocument, length: number): string | undefined {
  const { start, end } = range;
  if (!(start.offset >= 0 && start.offset <= end.offset && end.offset <= length)) return `offsets ${start.offset}..${end.offset} outside 0..${length}`;
  for (const position of [start, end]) {
    // vscode-languageserver-textdocument counts lines as LSP does (\n, \r\n and \r), independently of our LineIndex.
    const expected = document.positionAt(position.offset);
    if (expected.line !== position.line || expected.character !== position.character) {
      return `offset ${position.offset} is ${expected.line}:${expected.character}, not ${position.line}:${position.character}`;
    }
  }
  return undefined;
}

function diagnosticProblem(d: Diagnostic, document: TextDocument, length: number): string | undefined {
  if (!Object.hasOwn(DIAGNOSTIC_CODES, d.code)) return `unknown code ${d.code}`;
  if (!['error', 'warning', 'info'].includes(d.severity)) return `unknown severity ${d.severity}`;
  if (typeof d.message !== 'string' || d.message === '') return 'no message';
  if (/internal (parser|checker) error/.test(d.message)) return d.message;
  const ranges: [string, Range][] = [
    ['range', d.range],
    ...(d.related ?? []).map((r): [string, Range] => [`related "${r.message}"`, r.range]),
    ...(d.fixes ?? []).flatMap((f) => f.edits.map((e): [string, Range] => [`fix "${f.title}"`, e.range])),
  ];
  for (const [what, range] of ranges) {
    const problem = rangeProblem(range, document, length);
    if (problem) return `${what}: ${problem}`;
  }
  return undefined;
}

function assertDiagnostics(diagnostics: readonly Diagnostic[], text: string, who: string): void {
  const document = TextDocument.create('file:///p.rnn', 'rnn', 0, text);
  for (const d of diagnostics) {
    const problem = diagnosticProblem(d, document, text.length);
    // The message is built only on failure: texts can be long.
    if (problem) assert.fail(`${who}: ${problem} (diagnostic ${d.code} "${d.message}" at ${JSON.stringify(d.range.start)})`);
  }
}

/** Every position in the syntax tree (of models, members, values, comments) is inside the text and where an editor puts it. */
function assertTreePositions(tree: unknown, text: string): void {
  const document = TextDocument.create('file:///p.rnn', 'rnn', 0, text);
  const seen = new Set<object>();
  const visit = (node: unknown, where: string) => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const range = node as Partial<Range>;
    if (range.start && range.end && typeof range.start.offset === 'number') {
      const problem = rangeProblem(range as Range, document, text.length);
      if (problem) assert.fail(`syntax tree at ${where}: ${problem}`);
    }
    for (const [key, value] of Object.entries(node)) visit(value, `${where}.${key}`);
  };
  visit(tree, 'file');
}

const path = join(SAMPLES_DIR, 'property.rnn');

test('parse, check and format never throw, and give well-formed diagnostics, on any text', () => {
  fc.assert(
    fc.property(rnnText, (text) => {
      const parsed = parse(text);
      assertDiagnostics(parsed.diagnostics, text, 'parse');
      assertTreePositions(parsed.file, text);
      // With a path, data files named in the text are read relative to the samples (their data is there).
      const checked = checkText(text, { path });
      assertDiagnostics(checked.diagnostics, text, 'checkText');
      for (const model of checked.models) assert.equal(typeof model.name, 'string');
      const formatted = formatText(text);
      assert.ok(formatted.ok ? typeof formatted.text === 'string' : formatted.reason.length > 0, 'formatText says why it refuses');
    }),
    propertyParameters(600),
  );
});
