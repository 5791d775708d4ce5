// The server's idle warm-up: rounds one per turn that stop when a document
// opens, a warm-up text that stays a clean spec as the schema changes, and a
// server that publishes nothing for it and checks a document opened at once
// exactly as one opened after it. Nothing is timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkText } from '../../core/src/language';
import { createLanguageServices } from '../../server/src/default-services';
import { IdleWarmUp, WARM_UP_ROUNDS, WARM_UP_TEXT, WARM_UP_URI, warmUpRound, type Turns } from '../../server/src/documents/idle-warm-up';
import { IncrementalChecker } from '../../server/src/documents/incremental-checker';
import { DEFAULT_SETTINGS } from '../../server/src/language-services';
import { RunIndex } from '../../server/src/saved-runs/run-index';
import { RunsLocation } from '../../server/src/saved-runs/runs-directory';
import { fileUri, root, TestClient } from './lsp-client';
import { join } from 'node:path';

/** Turns that run only when the test says so. */
class ManualTurns implements Turns {
  private nextId = 0;
  readonly queued = new Map<number, () => void>();

  next(work: () => void): unknown {
    const id = this.nextId++;
    this.queued.set(id, work);
    return id;
  }

  cancel(handle: unknown): void {
    this.queued.delete(handle as number);
  }

  /** Runs the turns queued now (not those they queue). */
  turn(): void {
    const due = [...this.queued];
    this.queued.clear();
    for (const [, work] of due) work();
  }
}

test('the warm-up runs its rounds one per turn, and no more', () => {
  const turns = new ManualTurns();
  let rounds = 0;
  const warmUp = new IdleWarmUp(() => ++rounds > 0, 3, turns);
  assert.equal(turns.queued.size, 0, 'nothing before start');
  warmUp.start();
  warmUp.start();
  assert.equal(rounds, 0, 'the first round waits for a turn');
  turns.turn();
  assert.equal(rounds, 1);
  turns.turn();
  turns.turn();
  assert.equal(rounds, 3);
  assert.equal(turns.queued.size, 0);
  warmUp.start();
  turns.turn();
  assert.equal(warmUp.roundsDone, 3, 'a finished warm-up does not start again');
});

test('a document that opens stops the warm-up; a stop before the start means none', () => {
  const turns = new ManualTurns();
  let rounds = 0;
  const warmUp = new IdleWarmUp(() => ++rounds > 0, 50, turns);
  warmUp.start();
  turns.turn();
  turns.turn();
  warmUp.stop();
  assert.equal(turns.queued.size, 0, 'the next round is cancelled');
  turns.turn();
  assert.equal(rounds, 2);

  const never = new IdleWarmUp(() => ++rounds > 0, 50, turns);
  never.stop();
  never.start();
  turns.turn();
  assert.equal(rounds, 2);
});

test('a round that fails ends the warm-up', () => {
  const turns = new ManualTurns();
  let rounds = 0;
  const warmUp = new IdleWarmUp(() => ++rounds < 2, 50, turns);
  warmUp.start();
  for (let i = 0; i < 5; i++) turns.turn();
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
