// The server checks large files model by model and reuses unchanged models;
// the result must equal a whole-file check after any edit. (A unit test of
// the server's checker; the stdio tests cover the rest.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkText } from '../../core/src/language/check/checker';
import type { CheckResult } from '../../core/src/language/check/api';
import { IncrementalChecker } from '../../server/src/documents/incremental-checker';
import { root } from './lsp-client';

const samples = ['sine.rnn', 'airline.rnn', 'gates.rnn', 'shakespeare.rnn'].map((f) => readFileSync(join(root, 'samples', f), 'utf8'));
const path = join(root, 'samples', 'incremental.rnn');

/** Everything a feature reads from a check, as comparable data. */
function essence(result: CheckResult) {
  return {
    diagnostics: result.diagnostics,
    models: result.models.map((m) => ({ name: m.name, decl: m.decl, layers: m.layers, totalParams: m.totalParams, spec: m.spec })),
    file: { models: result.file.models, comments: result.file.comments, range: result.file.range },
  };
}

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

test('model by model equals whole-file checking, edit after edit, including broken and duplicate models', () => {
  const next = random(42);
  let text = [...samples, ...samples.map((s) => s.replace(/model (\w+)/g, 'model $1Copy'))].join('\n');
  const checker = new IncrementalChecker((t, p) => checkText(t, { path: p }));
  const snippets = ['}', '{', 'model X {\n', 'hidden { cell: gru }\n', '# note\n', 'units: [8]\n', '\n\n', 'los', '"', 'model SineForecast {\n}\n'];
  for (let round = 0; round < 150; round++) {
    const at = Math.floor(next() * text.length);
    const roll = next();
    if (roll < 0.4) text = text.slice(0, at) + snippets[Math.floor(next() * snippets.length)] + text.slice(at);
    else if (roll < 0.7) text = text.slice(0, at) + text.slice(at + Math.floor(next() * 30));
    else text = text.slice(0, at) + String(Math.floor(next() * 100)) + text.slice(at + 1);
    assert.deepEqual(essence(checker.analyze(text, path, 'file:///a.rnn')), essence(checkText(text, { path })), `round ${round}`);
  }
});

test('an edit in one model re-checks only that model', () => {
  let checks = 0;
  const checker = new IncrementalChecker((t, p) => {
    checks++;
    return checkText(t, { path: p });
  });
  const models = Array.from({ length: 10 }, (_, i) => samples[0].replace('SineForecast', `M${i}`)).join('\n');
  checker.analyze(models, path, 'file:///a.rnn');
  checks = 0;
  const edited = models.replace('epochs: 20', 'epochs: 21');
  const result = checker.analyze(edited, path, 'file:///a.rnn');
  assert.equal(checks, 1);
  assert.deepEqual(essence(result), essence(checkText(edited, { path })));
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
