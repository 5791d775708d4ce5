// The portable build: dist/kernels.wasm (kernels/build.mjs, clang + lld),
// instantiated on a shared memory so a worker thread (kernel-threads.ts) can
// run the second half of a batch on the same buffers.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { t } from '../../shared';
import { KernelThread } from './kernel-threads';
import { KERNEL_ENTRIES, writeArguments } from './abi';
import { KERNELS_ABI, type KernelCall, type KernelMachine } from './machine';

const PAGE_BYTES = 65536;
/** 2 GiB: the most a shared wasm32 memory declared here may grow to (address space, not RAM). */
const MAX_PAGES = 32768;

type KernelFunction = (...args: number[]) => void;

export class WasmMachine implements KernelMachine {
  readonly name = 'wasm';
  readonly heapBase: number;
  private readonly memory: WebAssembly.Memory;
  /** The exported entry points by entry id. */
  private readonly functions: KernelFunction[];
  /** Reused for every call on this thread: the arguments in the C order. */
  private readonly argumentList: number[] = [];
  private readonly thread: KernelThread | null;

  constructor(module: WebAssembly.Module, threads: number) {
    this.memory = new WebAssembly.Memory({ initial: 32, maximum: MAX_PAGES, shared: true });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    const exports = instance.exports;
    const abi = (exports.kernels_abi as (() => number) | undefined)?.();
    if (abi !== KERNELS_ABI) throw new Error(t('kernels: dist/kernels.wasm was built from other sources (ABI {0}, expected {1}); rebuild it', String(abi), KERNELS_ABI));
    this.heapBase = Number((exports.__heap_base as WebAssembly.Global).value);
    this.functions = KERNEL_ENTRIES.map((entry) => exports[entry.name] as KernelFunction);
    this.thread = threads > 1 ? new KernelThread(module, this.memory) : null;
  }

  get threads(): number {
    return this.thread ? 2 : 1;
  }

  reserve(bytes: number): Float32Array {
    const missing = bytes - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / PAGE_BYTES));
    return new Float32Array(this.memory.buffer);
  }

  /** Two calls: the first on the worker, the second here. */
  run(calls: KernelCall[]): void {
    const invoke = (call: KernelCall) => {
      const list = this.argumentList;
      list.length = call.entry.order.length;
      writeArguments(call, list, 0);
      this.functions[call.entry.id].apply(undefined, list);
    };
    if (calls.length === 1) invoke(calls[0]);
    else this.thread!.runPair(calls[0], () => invoke(calls[1]), () => invoke(calls[0]));
  }
}

/** Where the built module may be: next to the bundle (dist/), or dist/ from the sources. */
function wasmPaths(): string[] {
  const paths = [join(__dirname, 'kernels.wasm'), join(__dirname, '..', '..', '..', '..', 'dist', 'kernels.wasm')];
  if (process.env.RNN_KERNELS_WASM) paths.unshift(process.env.RNN_KERNELS_WASM);
  return paths;
}

/** The WebAssembly build, or null when dist/kernels.wasm has not been built (no clang) or is from other sources. */
export function loadWasmMachine(threads: number): WasmMachine | null {
  const path = wasmPaths().find((p) => existsSync(p));
  if (!path) return null;
  try {
    return new WasmMachine(new WebAssembly.Module(readFileSync(path)), threads);
  } catch {
    return null;
  }
}
