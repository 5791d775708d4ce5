// The native build: native/build/Release/rnn_kernels.node (node-gyp,
// compiled for this CPU), else the prebuilt variant (native-variants.ts) this
// CPU runs best. Its memory is an ArrayBuffer owned here; growing it copies
// the live cache slots over.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { t } from '../../shared';
import { writeArguments } from './abi';
import { KERNELS_ABI, type KernelCall, type KernelMachine } from './machine';
import { BASELINE_VARIANT, missingFeatures, nativeVariants, prebuiltVariantPath } from './native-variants';

interface NativeAddon {
  /** Kernel names in the order of their ids (the table's order: the ABI number vouches for it). */
  functions: string[];
  run(memory: ArrayBuffer, first: Float64Array, second?: Float64Array): void;
  /** Vector width of the build (16 SSE, 32 AVX, 64 AVX-512). */
  vectorBytes: number;
  /** RNN_KERNELS_ABI it was built with. */
  abi?: number;
  /** Which build (binding.gyp): native (-march=native) or a prebuilt variant; absent in builds from before the variants. */
  variant?: string;
  /** The CPU features the variants need, as this CPU and OS offer them (x86-64 builds). */
  cpu?: Record<string, boolean>;
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

  /** native (-march=native) or the prebuilt variant's name. */
  get variant(): string {
    return this.addon.variant ?? 'native';
  }

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

/**
 * The package root: the folder above dist/ for the bundles (the installed
 * extension too), the repository when running from the sources. Only that one:
 * from an installed extension, four folders up is the user's home.
 */
function packageRoot(): string {
  return basename(__dirname) === 'dist' ? join(__dirname, '..') : join(__dirname, '..', '..', '..', '..');
}

/** The development build, compiled for this machine's CPU (-march=native). */
const DEVELOPMENT_BUILD = join('native', 'build', 'Release', 'rnn_kernels.node');

const requireHere = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'));

/** The addon at `path`, or why it does not load. */
function requireAddon(path: string): NativeAddon | string {
  try {
    return requireHere(path) as NativeAddon;
  } catch (error) {
    return t('native kernels: {0} does not load ({1})', path, String((error as Error).message).split('\n')[0]);
  }
}

/** A machine on the addon at `path`, or why not: it does not load, or it was built from other sources than this engine's. */
function openAddon(path: string, threads: number): NativeLoad {
  const addon = requireAddon(path);
  if (typeof addon === 'string') return { machine: null, problem: addon };
  if (addon.abi !== KERNELS_ABI) {
    return { machine: null, problem: t('native kernels: {0} was built from other sources (ABI {1}, expected {2}); rebuild it (npm run build)', path, String(addon.abi), String(KERNELS_ABI)) };
  }
  return { machine: new NativeMachine(addon, threads) };
}

/** The native build that loaded, or null with the reason when one is there but was refused (none there: no reason). */
export type NativeLoad = { machine: NativeMachine; problem?: undefined } | { machine: null; problem?: string };

/** The CPU features as the baseline variant reports them: it runs on every CPU of its architecture, so only it may be asked. */
function cpuFeatures(root: string): Record<string, boolean> | undefined {
  const baseline = requireAddon(prebuiltVariantPath(root, BASELINE_VARIANT));
  return typeof baseline === 'string' ? undefined : baseline.cpu;
}

/** The package root when it holds this platform's prebuilt variants (the baseline is always among them). */
function prebuiltRoot(): string | undefined {
  const root = packageRoot();
  return existsSync(prebuiltVariantPath(root, BASELINE_VARIANT)) ? root : undefined;
}

/** The widest prebuilt variant this CPU runs, or null (with the reason when it was refused). */
export function loadPrebuiltNativeMachine(threads: number): NativeLoad {
  const root = prebuiltRoot();
  if (!root) return { machine: null };
  const cpu = cpuFeatures(root);
  const variant = nativeVariants().find((v) => existsSync(prebuiltVariantPath(root, v.name)) && missingFeatures(v, cpu).length === 0);
  return variant ? openAddon(prebuiltVariantPath(root, variant.name), threads) : { machine: null };
}

/**
 * One prebuilt variant by name (tests and benchmarks compare them), or null
 * with the reason: not built here, this CPU cannot run it, or refused.
 */
export function loadNativeVariant(name: string, threads: number): NativeLoad {
  const variant = nativeVariants().find((v) => v.name === name);
  if (!variant) return { machine: null, problem: t('native kernels: no variant {0} for {1} (there are {2})', name, process.arch, nativeVariants().map((v) => v.name).join(', ')) };
  const root = prebuiltRoot();
  if (!root || !existsSync(prebuiltVariantPath(root, name))) return { machine: null, problem: t('native kernels: the {0} variant is not built (npm run build)', name) };
  const missing = missingFeatures(variant, cpuFeatures(root));
  if (missing.length > 0) return { machine: null, problem: t('native kernels: this CPU cannot run the {0} variant (it lacks {1})', name, missing.join(', ')) };
  return openAddon(prebuiltVariantPath(root, name), threads);
}

/**
 * The native build: RNN_KERNELS_NATIVE when set (that file only), else the
 * development build when it was made here and loads, else the widest prebuilt
 * variant this CPU runs. Null when there is none, or (with the reason) when
 * what is there does not load or was built from other sources; the engine
 * then uses the WebAssembly build.
 */
export function loadNativeMachine(threads: number): NativeLoad {
  const asked = process.env.RNN_KERNELS_NATIVE;
  // resolve(): relative to the working directory, as a user means it (require() would take it for a package name).
  if (asked) return existsSync(asked) ? openAddon(resolve(asked), threads) : { machine: null };
  const development = join(packageRoot(), DEVELOPMENT_BUILD);
  const own = existsSync(development) ? openAddon(development, threads) : undefined;
  if (own?.machine) return own;
  const prebuilt = loadPrebuiltNativeMachine(threads);
  // Nothing usable: the reason of what was there (a stale build of its own says more than no prebuilt variant).
  return prebuilt.machine || prebuilt.problem || !own ? prebuilt : own;
}
