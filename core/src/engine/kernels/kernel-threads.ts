// A second thread for the fused kernels: a worker that instantiates the same
// WebAssembly module on the same shared memory and runs one kernel call at a
// time, while the calling thread runs another (the two halves of a batch).
// Calls are handed over through a shared control block with Atomics: a
// postMessage round trip per call would cost more than small kernels take.
import { Worker } from 'node:worker_threads';
import { KERNEL_ENTRIES, writeArguments } from './abi';
import type { KernelCall } from './machine';

// Control block (Int32): [0] state, [1] entry id, [2] argument count or
// result (0 ok, -1 failed), [3..] arguments, last: 1 once the worker runs.
const IDLE = 0;
const POSTED = 1;
const DONE = 2;
const STOP = 3;
const MAX_ARGS = 32;
const READY = 3 + MAX_ARGS;
/** How long a first call waits for the worker to start before running alone. */
const START_TIMEOUT_MS = 10000;

// Plain JavaScript, evaluated by the worker: no file to locate at run time,
// in the sources and in a bundle alike.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, names } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
const ctrl = new Int32Array(control);
Atomics.store(ctrl, ${READY}, 1);
Atomics.notify(ctrl, ${READY});
for (;;) {
  let state;
  while ((state = Atomics.load(ctrl, 0)) !== ${POSTED} && state !== ${STOP}) Atomics.wait(ctrl, 0, state);
  if (state === ${STOP}) break;
  const fn = instance.exports[names[ctrl[1]]];
  const args = Array.from(ctrl.subarray(3, 3 + ctrl[2]));
  try {
    fn(...args);
    ctrl[2] = 0;
  } catch (error) {
    ctrl[2] = -1;
  }
  Atomics.store(ctrl, 0, ${DONE});
  Atomics.notify(ctrl, 0);
}
`;

export class KernelThread {
  private readonly worker: Worker;
  private readonly control: Int32Array;

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory) {
    this.control = new Int32Array(new SharedArrayBuffer((4 + MAX_ARGS) * 4));
    // The worker finds an entry's export by the id a call carries.
    const names = KERNEL_ENTRIES.map((entry) => entry.name);
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control: this.control.buffer, names } });
    // A waiting worker must not keep the process alive.
    this.worker.unref();
  }

  /** False when the worker never started (then every call runs on this thread). */
  private usable = true;

  /** Waits (once) for the worker to be up, so a worker that failed to start cannot hang the caller. */
  private ready(): boolean {
    if (!this.usable) return false;
    if (Atomics.load(this.control, READY) === 1) return true;
    Atomics.wait(this.control, READY, 0, START_TIMEOUT_MS);
    this.usable = Atomics.load(this.control, READY) === 1;
    return this.usable;
  }

  /**
   * Runs `remote` on the worker and `local` here, and returns when both are
   * done; `runRemoteHere` runs the remote call on this thread instead when
   * the worker is not available.
   */
  runPair(remote: KernelCall, local: () => void, runRemoteHere: () => void): void {
    if (!this.ready()) {
      local();
      runRemoteHere();
      return;
    }
    const ctrl = this.control;
    const count = remote.entry.order.length;
    if (count > MAX_ARGS) throw new Error(`kernels: ${remote.entry.name} has too many arguments`);
    ctrl[1] = remote.entry.id;
    ctrl[2] = count;
    writeArguments(remote, ctrl, 3);
    Atomics.store(ctrl, 0, POSTED);
    Atomics.notify(ctrl, 0);
    let localError: unknown;
    try {
      local();
    } catch (error) {
      localError = error;
    }
    let state: number;
    while ((state = Atomics.load(ctrl, 0)) !== DONE) Atomics.wait(ctrl, 0, state);
    const failed = ctrl[2] !== 0;
    Atomics.store(ctrl, 0, IDLE);
    if (localError) throw localError;
    if (failed) throw new Error(`kernels: ${remote.entry.name} failed on the worker thread`);
  }

  stop(): void {
    Atomics.store(this.control, 0, STOP);
    Atomics.notify(this.control, 0);
  }
}
