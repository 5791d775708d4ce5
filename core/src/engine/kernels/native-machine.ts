// The native build: native/build/Release/rnn_kernels.node (`npm run
// setup:native`, node-gyp, compiled for this CPU). Its memory is an
// ArrayBuffer owned here; growing it copies the live cache slots over.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeArguments } from './abi';
import { KERNELS_ABI, type KernelCall, type KernelMachine } from './machine';

interface NativeAddon {
  /** Kernel names in the order of their ids (the table's order: the ABI number vouches for it). */
  functions: string[];
  run(memory: ArrayBuffer, first: Float64Array, second?: Float64Array): void;
  /** Vector width of the build (16 SSE, 32 AVX, 64 AVX-512). */
  vectorBytes: number;
  /** RNN_KERNELS_ABI it was built with. */
  abi?: number;
}

/** Byte offset 0 means "no buffer" to the kernels, so the caller's memory starts above it. */
const HEAP_BASE = 64;
const INITIAL_BYTES = 1 << 21;

export class NativeMachine implements KernelMachine {
  readonly name = 'native';
  readonly heapBase = HEAP_BASE;
  private memory = new ArrayBuffer(INITIAL_BYTES);

  constructor(
    private readonly addon: NativeAddon,
    readonly threads: number,
  ) {}

  get vectorBits(): number {
    return this.addon.vectorBytes * 8;
  }

  reserve(bytes: number): Float32Array {
    if (bytes > this.memory.byteLength) {
      // Doubling keeps the copies rare; what lies below `bytes` (cache slots) moves along.
      const grown = new ArrayBuffer(Math.max(bytes, this.memory.byteLength * 2));
      new Uint8Array(grown).set(new Uint8Array(this.memory));
      this.memory = grown;
    }
    return new Float32Array(this.memory);
  }

  run(calls: KernelCall[]): void {
    // [id, ints..., offsets...]: the entry's arguments in the table's order.
    const encoded = calls.map((call) => {
      const values = new Float64Array(1 + call.entry.order.length);
      values[0] = call.entry.id;
      writeArguments(call, values, 1);
      return values;
    });
    this.addon.run(this.memory, encoded[0], encoded[1]);
  }
}

/** Where the addon may be: native/build from the sources or from dist/ (bundles), or RNN_KERNELS_NATIVE. */
function addonPaths(): string[] {
  const relative = join('native', 'build', 'Release', 'rnn_kernels.node');
  const paths = [join(__dirname, '..', relative), join(__dirname, '..', '..', '..', '..', relative)];
  if (process.env.RNN_KERNELS_NATIVE) paths.unshift(process.env.RNN_KERNELS_NATIVE);
  return paths;
}

const requireHere = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'));

/**
 * The native build, or null when it was not built here, does not load, or
 * was built from other sources (then the WebAssembly build is used).
 */
export function loadNativeMachine(threads: number): NativeMachine | null {
  const path = addonPaths().find((p) => existsSync(p));
  if (!path) return null;
  try {
    const addon = requireHere(path) as NativeAddon;
    return addon.abi === KERNELS_ABI ? new NativeMachine(addon, threads) : null;
  } catch {
    return null;
  }
}
