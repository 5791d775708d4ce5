// What RecurrentKernels needs from a build of kernels/src: one linear memory
// it lays buffers out in (byte offsets, 0 = none) and a way to run kernel
// calls on it, two at once when there are two threads.
import { availableParallelism } from 'node:os';
import { kernelAbiNumber, type KernelCall } from './abi';

export type { KernelCall } from './abi';

/** RNN_KERNELS_ABI of kernels/src/recurrent.h: both are the hash of the table in abi.ts. */
export const KERNELS_ABI = kernelAbiNumber();

export interface KernelMachine {
  readonly name: 'wasm' | 'native';
  /** 1 or 2. */
  readonly threads: number;
  /** The first byte the caller may use (everything below belongs to the build). */
  readonly heapBase: number;
  /** The memory, grown to at least `bytes`; a view taken earlier may be stale after this. */
  reserve(bytes: number): Float32Array;
  /** Runs one call, or two at the same time (the halves of a batch); returns when all are done. */
  run(calls: KernelCall[]): void;
}

/** Threads for the kernels: RNN_KERNEL_THREADS, else both cores of a two-core machine (at most 2). */
export function kernelThreads(): number {
  const asked = Number(process.env.RNN_KERNEL_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, 2);
  return Math.min(2, availableParallelism());
}
