// The backend the runs of a process share (backend/process-backend.ts): chosen
// and checked against cpu once, never switched while a run uses it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { BackendError, ProcessBackend, selectBackend, type StepProbe } from '../../core/src/engine/backend';

after(async () => {
  await selectBackend('cpu');
});

/** A probe that counts its calls and gives the same step on every backend (or, buggy, a backend-dependent one). */
function countingProbe(buggy = false): { probe: StepProbe; calls: () => number } {
  let calls = 0;
  const probe: StepProbe = () => {
    calls++;
    const gradient = buggy && tf.getBackend() !== 'cpu' ? 1.5 : 1;
    return { loss: 1, gradients: [new Float32Array([gradient])] };
  };
  return { probe, calls: () => calls };
}

/** Counts backend switches made through tfjs while `body` runs. */
async function countSwitches(body: () => Promise<void>): Promise<number> {
  const engine = tf.engine();
  const original = engine.setBackend;
  let switches = 0;
  engine.setBackend = (name: string) => {
    switches++;
    return original.call(engine, name);
  };
  try {
    await body();
  } finally {
    engine.setBackend = original;
  }
  return switches;
}

test('runs prepare one at a time and share the backend; it is selected and checked once', async () => {
  await selectBackend('cpu');
  const backends = new ProcessBackend();
  const { probe, calls } = countingProbe();
  const steps: string[] = [];
  const first = backends.acquire(['wasm']).then((lease) => (steps.push('first acquired'), lease));
  const second = backends.acquire(['wasm']).then((lease) => (steps.push('second acquired'), lease));
  const a = await first;
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(steps, ['first acquired'], 'the second run waits while the first prepares');
  const checkA = await a.verify(probe);
  const b = await second;
  assert.deepEqual(steps, ['first acquired', 'second acquired']);
  const checkB = await b.verify(probe);
  assert.equal(calls(), 2, 'one step on cpu and one on wasm, for both runs');
  assert.equal(checkA.choice.name, 'wasm');
  assert.equal(checkB.choice.name, 'wasm');
  assert.match(checkB.log!.message, /^wasm matches cpu/);
  assert.equal(checkB.log!.message, checkA.log!.message);
  a.release();
  b.release();

  // A later run asking for the same backend neither switches nor checks again.
  const switches = await countSwitches(async () => {
    const c = await backends.acquire(['wasm']);
    await c.verify(probe);
    c.release();
  });
  assert.equal(switches, 0);
  assert.equal(calls(), 2);
  assert.equal(tf.getBackend(), 'wasm');
});

test('while a run uses the backend, another one by name is refused and auto shares it; once released, it may change', async () => {
  const backends = new ProcessBackend();
  const running = await backends.acquire(['cpu']);
  await running.verify(undefined);
  await assert.rejects(
    backends.acquire(['wasm']),
    (e: unknown) => e instanceof BackendError && /cannot use the wasm backend: another run of this process is training on the cpu backend/.test(e.message),
  );
  const shared = await backends.acquire(['wasm', 'auto']);
  assert.equal(shared.choice.name, 'cpu');
  assert.match(shared.choice.reason!, /another run of this process is training on it/);
  const switches = await countSwitches(async () => {
    await shared.verify(countingProbe().probe);
  });
  assert.equal(switches, 0, 'nothing switches the backend under a running run');
  shared.release();
  running.release();

  const next = await backends.acquire(['wasm']);
  assert.equal(next.choice.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  next.release();
});

test('a backend that fails the check moves the process to cpu; runs asking for it then get cpu with the same warning', async () => {
  await selectBackend('cpu');
  const backends = new ProcessBackend();
  const { probe, calls } = countingProbe(true);
  const first = await backends.acquire(['wasm']);
  const check = await first.verify(probe);
  assert.equal(check.choice.name, 'cpu');
  assert.equal(check.log?.level, 'warning');
  assert.match(check.log!.message, /wasm differs from cpu .*; training on the cpu backend instead/);
  assert.equal(tf.getBackend(), 'cpu');

  const second = await backends.acquire(['wasm']);
  const again = await second.verify(probe);
  assert.equal(again.choice.name, 'cpu');
  assert.equal(again.log!.message, check.log!.message);
  assert.equal(calls(), 2, 'the check ran once');
  first.release();
  second.release();
});

test('a lease released before its check lets the next run prepare', async () => {
  const backends = new ProcessBackend();
  const failedEarly = await backends.acquire(['cpu']);
  const next = backends.acquire(['wasm']);
  failedEarly.release();
  failedEarly.release();
  const lease = await next;
  assert.equal(lease.choice.name, 'wasm');
  lease.release();
});
