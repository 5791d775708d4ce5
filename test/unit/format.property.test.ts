// Properties of the formatter: formatting twice gives what formatting once
// gave, and formatting keeps what the file means: the same models with the
// same checked specs (all but their source text), layers and parameter
// counts, diagnostics of the same codes and severities, and the comments; and
// the layout is canonical: indentation, trailing spaces and commas between
// members do not change what formatting gives. The formatter
// refuses a file with syntax errors or with a comment it cannot place; those
// files are outside these properties (the refusal itself is covered by
// check.property.test.ts and format.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { checkText, formatText, type CheckResult } from '../../core/src/language';
import { propertyParameters } from '../helpers/property-runs';
import { grammarFile, layoutChangedSample, layoutChangedSampleOf, rnnText, SAMPLES_DIR, UNDONE_BY_FORMAT } from '../helpers/rnn-arbitraries';

const path = join(SAMPLES_DIR, 'property.rnn');

/** What a check means, positions and source text aside. */
function meaning(result: CheckResult) {
  return {
    models: result.models.map(({ name, spec, layers, totalParams }) => {
      const { source: _source, ...rest } = spec ?? { source: '' };
      return { name, spec: spec ? rest : undefined, layers, totalParams };
    }),
    diagnostics: result.diagnostics.map((d) => `${d.severity} ${d.code}`).sort(),
    // Comments are kept, in their order (their trailing spaces may go).
    comments: result.file.comments.map((c) => c.text.trimEnd()),
  };
}

test('formatting is idempotent and keeps the checked meaning of every file it formats', () => {
  const seen = { cases: 0, formatted: 0, specs: 0 };
  fc.assert(
    fc.property(fc.oneof({ weight: 3, arbitrary: layoutChangedSample }, { weight: 3, arbitrary: grammarFile }, { weight: 1, arbitrary: rnnText }), (text) => {
      seen.cases++;
      const once = formatText(text);
      if (!once.ok) return;
      seen.formatted++;
      const twice = formatText(once.text);
      assert.ok(twice.ok, `the formatted text is refused: ${twice.ok ? '' : twice.reason}`);
      assert.equal(twice.text, once.text, 'formatting again changes the text');
      const before = meaning(checkText(text, { path }));
      assert.deepEqual(meaning(checkText(once.text, { path })), before);
      seen.specs += before.models.filter((m) => m.spec).length;
    }),
    propertyParameters(400, 2),
  );
  // Otherwise the property would hold by refusing: most generated files must format, and many must have specs to compare.
  assert.ok(seen.formatted >= seen.cases / 2, `only ${seen.formatted} of ${seen.cases} texts formatted`);
  assert.ok(seen.specs >= seen.cases / 4, `only ${seen.specs} checked specs compared in ${seen.cases} texts`);
});

test('formatting undoes indentation, trailing spaces and commas: the sample and its changed copy format alike', () => {
  fc.assert(
    fc.property(layoutChangedSampleOf(UNDONE_BY_FORMAT), ({ sample, text }) => {
      const expected = formatText(sample);
      const actual = formatText(text);
      assert.ok(expected.ok && actual.ok, `not formatted: ${expected.ok ? '' : expected.reason} ${actual.ok ? '' : actual.reason}`);
      // A file with \r\n line ends keeps them; the layout is otherwise the same.
      assert.equal(actual.text.replace(/\r\n/g, '\n'), expected.text);
    }),
    propertyParameters(200, 2),
  );
});
