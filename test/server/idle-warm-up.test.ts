// The server's idle warm-up: rounds one per turn, a moment after
// `initialized`, that stop when a document opens, a warm-up text that stays a clean spec as the schema changes, and a
// server that publishes nothing for it and checks a document opened at once
// exactly as one opened after it. Nothing is timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkText } from '../../core/src/language';
import { createLanguageServices } from '../../server/src/default-services';
import { IdleWarmUp, WARM_UP_AFTER_MS, WARM_UP_ROUNDS, WARM_UP_TEXT, WARM_UP_URI, warmUpRound } from '../../server/src/documents/idle-warm-up';
import { ManualTimers } from '../helpers/manual-timers';
import { IncrementalChecker } from '../../server/src/documents/incremental-checker';
import { DEFAULT_SETTINGS } from '../../server/src/language-services';
import { RunIndex } from '../../server/src/saved-runs/run-index';
import { RunsLocation } from '../../server/src/saved-runs/runs-directory';
import { fileUri, root, TestClient } from './lsp-client';
import { join } from 'node:path';

test('the warm-up starts a moment after `initialized`, then runs its rounds one per turn, and no more', () => {
  const timers = new ManualTimers();
  let rounds = 0;
  const warmUp = new IdleWarmUp(() => ++rounds > 0, 3, timers);
  warmUp.start();
  warmUp.start();
  timers.advance(WARM_UP_AFTER_MS - 1);
  assert.equal(rounds, 0, 'a document opened with `initialized` meets no round');
  timers.advance(1);
  assert.equal(rounds, 3, 'then one round after the other (each a turn of its own)');
  warmUp.start();
  timers.advance(WARM_UP_AFTER_MS * 2);
  assert.equal(warmUp.roundsDone, 3, 'a finished warm-up does not start again');
});

test('a document that opens stops the warm-up, before it starts or between rounds', () => {
  const timers = new ManualTimers();
  let rounds = 0;
  const stopAfterTwo = new IdleWarmUp(() => {
    rounds++;
    if (rounds === 2) stopAfterTwo.stop();
    return true;
  }, 50, timers);
  stopAfterTwo.start();
  timers.advance(WARM_UP_AFTER_MS * 2);
  assert.equal(rounds, 2, 'the round under way finishes, no other starts');

  const early = new IdleWarmUp(() => ++rounds > 0, 50, timers);
  early.start();
  timers.advance(WARM_UP_AFTER_MS / 2);
  early.stop();
  timers.advance(WARM_UP_AFTER_MS * 2);
  assert.equal(rounds, 2);

  const never = new IdleWarmUp(() => ++rounds > 0, 50, timers);
  never.stop();
  never.start();
  timers.advance(WARM_UP_AFTER_MS * 2);
  assert.equal(rounds, 2);
});

test('a round that fails ends the warm-up', () => {
  const timers = new ManualTimers();
  let rounds = 0;
  const warmUp = new IdleWarmUp(() => ++rounds < 2, 50, timers);
  warmUp.start();
  timers.advance(WARM_UP_AFTER_MS * 2);
  assert.equal(rounds, 2);
  assert.equal(warmUp.roundsDone, 1);
});

test('the warm-up text is a clean spec, and a round keeps nothing of it', () => {
  // Else the warm-up would warm the error paths instead of what a clean file runs.
  assert.deepEqual(checkText(WARM_UP_TEXT, {}).diagnostics.map((d) => `${d.code}: ${d.message}`), []);
  const forgotten: string[] = [];
  const checker = new IncrementalChecker((text) => checkText(text, {}));
  const services = createLanguageServices({ ...DEFAULT_SETTINGS }, { error: assert.fail, info: () => undefined }, { index: new RunIndex(), location: new RunsLocation() });
  for (let round = 0; round < 3; round++) {
    assert.deepEqual(warmUpRound(services, checker.analyze, (uri) => {
      forgotten.push(uri);
      checker.forget(uri);
    }, round), []);
  }
  assert.deepEqual(forgotten, [WARM_UP_URI, WARM_UP_URI, WARM_UP_URI]);
  assert.ok(WARM_UP_ROUNDS > 0);
});

test('over stdio: a document opened at once and one opened after the warm-up get the same diagnostics, and the warm-up publishes nothing', async () => {
  const text = 'model A {\n  data: sine(samples: 500)\n  input { timesteps: 10 }\n  los: mse\n}\n';
  const uri = fileUri(join(root, 'samples', 'warm-up-test.rnn'));
  const codes = async (client: TestClient) => (await client.diagnosticsFor(uri)).map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`).sort();

  const atOnce = await TestClient.start();
  await atOnce.open(uri, text);
  const early = await codes(atOnce);

  const later = await TestClient.start();
  // Long enough on a quiet machine for the rounds to run; on a busy one the document stops them (both are fine).
  await sleep(500);
  await later.open(uri, text);
  const late = await codes(later);

  try {
    assert.ok(early.some((c) => c.startsWith('unknown-key@3:')), `expected the unknown key; got ${early.join(', ')}`);
    assert.deepEqual(late, early);
    for (const client of [atOnce, later]) {
      assert.deepEqual(client.publishedUris().filter((u) => u !== uri), [], 'nothing published for the warm-up');
      assert.deepEqual(client.logs.filter((l) => /failed|uncaught/.test(l)), []);
    }
  } finally {
    await atOnce.stop();
    await later.stop();
  }
});
