// The server checks large files model by model and reuses unchanged models;
// the result must equal a whole-file check after any edit. (A unit test of
// the server's checker; the stdio tests cover the rest.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkText } from '../../core/src/language/check/checker';
import type { CheckResult } from '../../core/src/language/check/api';
import type { Range } from '../../core/src/shared';
import { IncrementalChecker } from '../../server/src/documents/incremental-checker';
import { root } from './lsp-client';
import { REPEATED_LOSS_FILE, repeatedLoss } from '../helpers/repeated-key-file';
import { essence, shown } from '../helpers/check-essence';

// Without `extends`: a file where one model extends another is checked whole (tested below).
const samples = ['sine.rnn', 'airline.rnn', 'gates.rnn', 'shakespeare.rnn']
  .map((f) => readFileSync(join(root, 'samples', f), 'utf8').replace(/ extends \w+/g, ''));
const path = join(root, 'samples', 'incremental.rnn');

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

test('model by model equals whole-file checking, edit after edit, including broken and duplicate models and keys', () => {
  const next = random(42);
  // The copies repeat keys and leave a list open: diagnostics with related locations, in models that move.
  const copies = samples.map((s) => s.replace(/model (\w+)/g, 'model $1Copy').replace(/\n(\s*)loss: (\w+)/, '\n$1loss: $2\n$1loss: $2')
    .replace('epochs:', 'epochs: 1, epochs:').replace(/units: \[([^\]]*)\]/, 'units: [$1'));
  const start = [...samples, ...copies].join('\n');
  let text = start;
  let wholeChecks = 0;
  const checker = new IncrementalChecker((t, p) => {
    if (t === text) wholeChecks++;
    return checkText(t, { path: p });
  });
  const snippets = [
    '}', '{', 'model X {\n', 'hidden { cell: gru }\n', '# note\n', 'units: [8]\n', '\n\n', 'los', '"', 'model SineForecast {\n}\n',
    'loss: mae\n', 'gates: [input, input]\n', 'units: [8\n',
  ];
  let modelByModel = 0;
  let shiftedRelated = 0;
  for (let round = 0; round < 150; round++) {
    // Random edits soon leave a model unclosed, and then every check is a whole-file one: start again now and then.
    if (round % 10 === 0) text = start;
    const at = Math.floor(next() * text.length);
    const roll = next();
    if (roll < 0.4) text = text.slice(0, at) + snippets[Math.floor(next() * snippets.length)] + text.slice(at);
    else if (roll < 0.7) text = text.slice(0, at) + text.slice(at + Math.floor(next() * 30));
    else text = text.slice(0, at) + String(Math.floor(next() * 100)) + text.slice(at + 1);
    const before = wholeChecks;
    const incremental = checker.analyze(text, path, 'file:///a.rnn');
    const whole = checkText(text, { path });
    assert.deepEqual(incremental.diagnostics.map(shown), whole.diagnostics.map(shown), `round ${round}`);
    assert.deepEqual(essence(incremental), essence(whole), `round ${round}`);
    if (wholeChecks === before) {
      modelByModel++;
      shiftedRelated += incremental.diagnostics.reduce((n, d) => n + (d.related?.length ?? 0), 0);
    }
  }
  // Otherwise the comparisons above would say little about merged pieces and their related locations.
  assert.ok(modelByModel >= 50, `only ${modelByModel} of 150 rounds checked model by model`);
  assert.ok(shiftedRelated >= 200, `only ${shiftedRelated} related locations in rounds checked model by model`);
});

/** Runs the checker's idle work at once, as if the server had been idle since the last check. */
const idleAtOnce = (work: () => void) => work();

test('an edit in one model re-checks only that model', () => {
  let checks = 0;
  const checker = new IncrementalChecker((t, p) => {
    checks++;
    return checkText(t, { path: p });
  }, idleAtOnce);
  const models = Array.from({ length: 10 }, (_, i) => samples[0].replace('SineForecast', `M${i}`)).join('\n');
  checker.analyze(models, path, 'file:///a.rnn');
  checks = 0;
  const edited = models.replace('epochs: 20', 'epochs: 21');
  const result = checker.analyze(edited, path, 'file:///a.rnn');
  assert.equal(checks, 1);
  assert.deepEqual(essence(result), essence(checkText(edited, { path })));
});

test('a file where a model extends another is checked whole, so an edit of the base reaches its children', () => {
  let checks = 0;
  const checker = new IncrementalChecker((t, p) => {
    checks++;
    return checkText(t, { path: p });
  });
  const gates = readFileSync(join(root, 'samples', 'gates.rnn'), 'utf8');
  checker.analyze(gates, path, 'file:///gates.rnn');
  const edited = gates.replace('units: [32]', 'units: [12]');
  checks = 0;
  const result = checker.analyze(edited, path, 'file:///gates.rnn');
  assert.equal(result.models.find((m) => m.name === 'AddingGRU')?.spec?.hidden.units[0], 12);
  assert.deepEqual(essence(result), essence(checkText(edited, { path })));
  assert.ok(checks >= 1);
});

test('two documents with the same models at different places do not disturb each other', () => {
  const checker = new IncrementalChecker((t, p) => checkText(t, { path: p }));
  const models = Array.from({ length: 6 }, (_, i) => samples[0].replace('SineForecast', `M${i}`)).join('\n');
  const first = checker.analyze(models, undefined, 'untitled:1');
  const firstEssence = structuredClone(essence(first));
  const shiftedText = `# a comment that moves everything\n\n${models}`;
  checker.analyze(shiftedText, undefined, 'untitled:2');
  assert.deepEqual(essence(first), firstEssence);
  assert.deepEqual(essence(checker.analyze(shiftedText, undefined, 'untitled:2')), essence(checkText(shiftedText)));
});

test('five models, the last repeating `loss:`: the duplicate and its first `loss:` are where the whole-file check puts them, before and after an edit above', () => {
  let checks = 0;
  const checker = new IncrementalChecker((t, p) => {
    checks++;
    return checkText(t, { path: p });
  }, idleAtOnce);
  const duplicateIn = (result: CheckResult) => {
    const found = result.diagnostics.filter((d) => d.code === 'duplicate-key');
    assert.equal(found.length, 1, result.diagnostics.map(shown).join('\n'));
    const lineAndColumn = ({ start }: Range) => ({ line: start.line, character: start.character });
    return { duplicate: lineAndColumn(found[0].range), first: found[0].related?.map((r) => lineAndColumn(r.range)) };
  };
  const expected = (text: string) => {
    const { duplicate, first } = repeatedLoss(text);
    return { duplicate, first: [first] };
  };
  assert.deepEqual(duplicateIn(checker.analyze(REPEATED_LOSS_FILE, undefined, 'file:///five.rnn')), expected(REPEATED_LOSS_FILE));

  const edited = REPEATED_LOSS_FILE.replace('model A {\n', 'model A {\n  # two lines\n  # above model E\n');
  checks = 0;
  const result = checker.analyze(edited, undefined, 'file:///five.rnn');
  assert.equal(checks, 1, 'model E is moved, not checked again');
  assert.deepEqual(duplicateIn(result), expected(edited));
  assert.deepEqual(result.diagnostics.map(shown), checkText(edited).diagnostics.map(shown));
});

test('a document seen for the first time is checked whole; its models are prepared a few at a time later, and an edit before they are all prepared checks the rest itself', () => {
  const checked: string[] = [];
  const turns: (() => void)[] = [];
  const checker = new IncrementalChecker((t, p) => {
    checked.push(t);
    return checkText(t, { path: p });
  }, (work) => turns.push(work));
  const models = Array.from({ length: 20 }, (_, i) => samples[0].replace('SineForecast', `M${i}`)).join('\n');
  const first = checker.analyze(models, path, 'file:///prepared.rnn');
  assert.deepEqual(checked, [models], 'one whole-file check, nothing else yet');
  assert.deepEqual(essence(first), essence(checkText(models, { path })));
  assert.equal(turns.length, 1);
  turns.shift()!();
  const preparedInFirstTurn = checked.length - 1;
  assert.ok(preparedInFirstTurn > 0 && preparedInFirstTurn < 20, `${preparedInFirstTurn} models in the first turn`);
  assert.equal(turns.length, 1, 'another turn is queued for the rest');

  // An edit in the last model before the rest is prepared: the unprepared models are checked now, the prepared reused.
  checked.length = 0;
  const edited = models.replace(/epochs: 20(?![\s\S]*epochs: 20)/, 'epochs: 21');
  assert.notEqual(edited, models);
  const result = checker.analyze(edited, path, 'file:///prepared.rnn');
  assert.equal(checked.length, 20 - preparedInFirstTurn);
  assert.deepEqual(essence(result), essence(checkText(edited, { path })));
  // The preparation of the old text stops: its turn checks nothing.
  checked.length = 0;
  turns.shift()!();
  assert.deepEqual(checked, []);
  assert.equal(turns.length, 0);
  // Now every model is there: the next edit checks one.
  const again = edited.replace('epochs: 21', 'epochs: 22');
  checker.analyze(again, path, 'file:///prepared.rnn');
  assert.equal(checked.length, 1);
});
