// Choosing the tfjs backend: native TensorFlow when @tensorflow/tfjs-node
// loads (an optional dependency, usually absent: it is required lazily, never
// at import time), else WebAssembly, else plain JS.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AUTO_BACKEND_ORDER, t, type BackendName, type BackendPreference } from '../../shared';

export type { BackendPreference };

export interface BackendChoice {
  /** The tfjs backend name now active: "tensorflow", "wasm" or "cpu". */
  name: string;
  /** Why a preferred backend was not used (auto mode). */
  reason?: string;
}

export class BackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendError';
  }
}

// Works from tsx (CommonJS), a CommonJS esbuild bundle and plain ESM alike.
const requireHere = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'));

function tryTensorflow(): string | undefined {
  try {
    requireHere('@tensorflow/tfjs-node');
    return tf.findBackend('tensorflow') ? undefined : t('@tensorflow/tfjs-node loaded but registered no "tensorflow" backend');
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    return /Cannot find module '@tensorflow\/tfjs-node'/.test(message)
      ? t('@tensorflow/tfjs-node is not installed')
      : t('@tensorflow/tfjs-node failed to load: {0}', message);
  }
}

let wasmPathsSet = false;
function prepareWasm(): string | undefined {
  try {
    if (!wasmPathsSet) {
      // The .wasm files ship in the package's dist folder; resolve it so that a bundle finds them too.
      const main = requireHere.resolve('@tensorflow/tfjs-backend-wasm');
      setWasmPaths(join(dirname(main), '/'));
      wasmPathsSet = true;
    }
    return undefined;
  } catch (error) {
    return t('@tensorflow/tfjs-backend-wasm cannot be found: {0}', (error as Error).message.split('\n')[0]);
  }
}

/** The cpu backend prints a "Hi, install tfjs-node" banner on first use; the engine prints nothing. */
function quietCpuBackend(): void {
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu) cpu.firstUse = false;
}

async function activate(name: string): Promise<string | undefined> {
  try {
    quietCpuBackend();
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name ? undefined : t('the {0} backend failed to initialise', name);
  } catch (error) {
    return t('the {0} backend failed to initialise: {1}', name, (error as Error).message.split('\n')[0]);
  }
}

/** Activates a backend. An explicit preference that cannot be met throws a BackendError; `auto` falls back and says why. */
export async function selectBackend(preference: BackendPreference): Promise<BackendChoice> {
  const reasons: string[] = [];
  const attempt = async (name: BackendName): Promise<string | undefined> => {
    if (name === 'tensorflow') return tryTensorflow() ?? (await activate('tensorflow'));
    if (name === 'wasm') return prepareWasm() ?? (await activate('wasm'));
    return activate('cpu');
  };
  const order: readonly BackendName[] = preference === 'auto' ? AUTO_BACKEND_ORDER : [preference];
  for (const name of order) {
    const failure = await attempt(name);
    if (!failure) return reasons.length ? { name, reason: reasons.join('; ') } : { name };
    if (preference !== 'auto') throw new BackendError(t('cannot use the {0} backend: {1}', name, failure));
    reasons.push(failure);
  }
  throw new BackendError(t('no tfjs backend could be initialised: {0}', reasons.join('; ')));
}
