// Property: after any sequence of edits (insert, delete, replace, duplicate,
// truncate, at random places and at model boundaries, inside and across
// models), the language server's model-by-model check equals a whole-file
// check: the same diagnostics with severity, code, range, message and
// related locations, and the same syntax tree and specs. A failure shrinks
// to the shortest sequence of the smallest edits that still differs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { checkText } from '../../core/src/language';
import { IncrementalChecker } from '../../server/src/documents/incremental-checker';
import { essence, shown } from '../helpers/check-essence';
import { propertyParameters } from '../helpers/property-runs';
import { applyEdit, editOf, fragment, SAMPLES, SAMPLES_DIR, type Edit } from '../helpers/rnn-arbitraries';

const path = join(SAMPLES_DIR, 'incremental.rnn');

/**
 * Four to eight sample models, renamed apart (enough for the server to check them one by one), with any line ends.
 * Without `extends`: a file where one model extends another is always checked whole (incremental-checker.test.ts).
 */
const startText = fc
  .tuple(fc.array(fc.constantFrom(...SAMPLES), { minLength: 4, maxLength: 8 }), fc.constantFrom('\n', '\n', '\r\n', '\r'))
  .map(([samples, end]) => samples.map((s, i) => s.replace(/ extends \w+/g, '').replace(/model (\w+)/g, `model $1_${i}`)).join('\n').replace(/\n/g, end));

/** What edits insert besides fragments of the language: whole models and the pieces that open and close them. */
const insertion = fc.oneof(fragment, fc.constantFrom(...SAMPLES), fc.constantFrom('model ', 'model Z {\n', '}\n', '}\n\nmodel Y {\n', 'loss: mse\n'));

/** An edit, placed either anywhere or near the start of a model or the end of a block (`index` picks which). */
const placedEdit = fc.tuple(
  editOf(insertion),
  fc.option(fc.record({ index: fc.nat({ max: 40 }), delta: fc.integer({ min: -2, max: 2 }) }), { nil: undefined }),
);

function place(text: string, [e, anchor]: [Edit, { index: number; delta: number } | undefined]): Edit {
  if (!anchor) return e;
  const boundaries = [...text.matchAll(/model|\}/g)].map((m) => m.index);
  if (boundaries.length === 0) return e;
  return { ...e, at: Math.max(0, boundaries[anchor.index % boundaries.length] + anchor.delta) };
}

test('model by model equals whole-file checking after any sequence of edits', () => {
  const seen = { steps: 0, modelByModel: 0 };
  fc.assert(
    // `prepared`: the server was idle after the first check, so every model of the opened text was checked alone.
    fc.property(startText, fc.array(placedEdit, { minLength: 1, maxLength: 12 }), fc.boolean(), (start, edits, prepared) => {
      let text = start;
      let wholeChecks = 0;
      const checker = new IncrementalChecker((t, p) => {
        if (t === text) wholeChecks++;
        return checkText(t, { path: p });
      }, prepared ? (work) => work() : () => undefined);
      checker.analyze(text, path, 'file:///p.rnn');
      edits.forEach((placed, step) => {
        text = applyEdit(text, place(text, placed));
        const before = wholeChecks;
        const incremental = checker.analyze(text, path, 'file:///p.rnn');
        seen.steps++;
        if (wholeChecks === before) seen.modelByModel++;
        const whole = checkText(text, { path });
        assert.deepEqual(incremental.diagnostics.map(shown), whole.diagnostics.map(shown), `after edit ${step + 1}`);
        assert.deepEqual(essence(incremental), essence(whole), `after edit ${step + 1}`);
      });
    }),
    propertyParameters(60, 10),
  );
  // Otherwise the comparisons would say little about merged pieces: most steps must be checked model by model.
  assert.ok(seen.modelByModel >= seen.steps / 5, `only ${seen.modelByModel} of ${seen.steps} steps checked model by model`);
});
