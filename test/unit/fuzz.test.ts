import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkText } from '../../core/src/language/check/checker';
import { DIAGNOSTIC_CODES } from '../../core/src/shared/diagnostic';
import { ISSUE_SAMPLES, SAMPLES_DIR } from './issue-samples';

/** A small seeded generator (mulberry32), so a failure can be reproduced from its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]) => items[int(items.length)] };
}

const TOKENS = ['model', 'M', '{', '}', '[', ']', '(', ')', ':', ',', '\n', ' ', '"', '"x"', '#', '//', '1', '-2', '1e-3', '0.5',
  'true', 'false', 'lstm', 'gru', 'rnn', 'hidden', 'units', 'gates', 'forget', 'data', 'sine', 'csv', 'text', 'path', 'adam', 'lr', 'loss', 'mse',
  'softmax', 'train', 'generate', 'input', 'output', 'timesteps', 'coupled', 'peepholes', '\\', '\t', '\r'];

type Rng = ReturnType<typeof random>;

const MUTATIONS: ((text: string, rng: Rng) => string)[] = [
  // delete a run of characters
  (t, r) => { const i = r.int(t.length); return t.slice(0, i) + t.slice(i + 1 + r.int(8)); },
  // insert a token
  (t, r) => { const i = r.int(t.length + 1); return t.slice(0, i) + r.pick(TOKENS) + t.slice(i); },
  // duplicate a slice
  (t, r) => { const i = r.int(t.length); const j = i + r.int(40); return t.slice(0, j) + t.slice(i, j) + t.slice(j); },
  // swap two characters
  (t, r) => { const c = [...t]; const i = r.int(c.length); const j = r.int(c.length); [c[i], c[j]] = [c[j], c[i]]; return c.join(''); },
  // replace a word by a token
  (t, r) => t.replace(new RegExp(`\\b${r.pick(t.match(/\w+/g) ?? ['x'])}\\b`), r.pick(TOKENS)),
  // random bytes, including control characters and lone surrogates
  (t, r) => { const i = r.int(t.length + 1); return t.slice(0, i) + String.fromCharCode(...Array.from({ length: 1 + r.int(6) }, () => r.int(0x10000))) + t.slice(i); },
  // truncate
  (t, r) => t.slice(0, r.int(t.length + 1)),
  // delete a whole line
  (t, r) => { const lines = t.split('\n'); lines.splice(r.int(lines.length), 1); return lines.join('\n'); },
];

function assertWellFormed(text: string, label: string) {
  let result;
  try {
    result = checkText(text, { path: join(SAMPLES_DIR, 'fuzz.rnn') });
  } catch (error) {
    assert.fail(`${label} threw ${(error as Error).stack}\ninput: ${JSON.stringify(text)}`);
  }
  // Messages are built only on failure: the inputs can be a megabyte long.
  for (const d of result.diagnostics) {
    if (!(d.code in DIAGNOSTIC_CODES)) assert.fail(`${label}: unknown code ${d.code}`);
    if (!(d.range.start.offset <= d.range.end.offset && d.range.end.offset <= text.length)) assert.fail(`${label}: bad range for ${d.message}`);
    if (/internal (parser|checker) error/.test(d.message)) assert.fail(`${label}: ${d.message}\ninput: ${JSON.stringify(text.slice(0, 2000))}`);
  }
}

test('3,000 random mutations of the samples never make the checker throw', () => {
  const samples = Object.values(ISSUE_SAMPLES);
  for (let seed = 1; seed <= 3000; seed++) {
    const rng = random(seed);
    let text = samples[seed % samples.length];
    const rounds = 1 + rng.int(6);
    for (let k = 0; k < rounds; k++) text = rng.pick(MUTATIONS)(text, rng);
    assertWellFormed(text, `seed ${seed}`);
  }
});

test('one megabyte of random tokens checks without throwing', () => {
  const rng = random(42);
  const parts: string[] = [];
  let size = 0;
  while (size < 1_000_000) {
    const token = rng.pick(TOKENS);
    parts.push(token, rng.next() < 0.7 ? ' ' : '');
    size += token.length + 1;
  }
  assertWellFormed(parts.join(''), 'random tokens');
});

test('binary garbage and pathological shapes check without throwing', () => {
  const rng = random(7);
  const garbage = String.fromCharCode(...Array.from({ length: 100_000 }, () => rng.int(256)));
  assertWellFormed(garbage, 'binary garbage');
  assertWellFormed('model A {'.repeat(20_000), 'unclosed models');
  assertWellFormed(`model A { hidden { units: ${'['.repeat(100_000)} } }`, 'deep lists');
  assertWellFormed('}'.repeat(100_000), 'closers');
  assertWellFormed(`model A { data: sine(${'a: 1, '.repeat(20_000)}) }`, 'many arguments');
});
