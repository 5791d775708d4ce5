// Which build of the fused kernels the engine runs: the native addon when it
// was built on this machine (npm install, npm run build or setup:native), else the WebAssembly
// module. Each build is loaded once per process; which one a model uses is
// chosen when it is built (kernels/provider.ts), not set process-wide.
import { kernelThreads } from './machine';
import { loadNativeMachine } from './native-machine';
import { RecurrentKernels } from './recurrent-kernels';
import { loadWasmMachine } from './wasm-machine';

export type KernelBuild = 'native' | 'wasm';
/** 'auto': native when available, else wasm. */
export type KernelPreference = KernelBuild | 'auto';

const loaded = new Map<KernelBuild, RecurrentKernels | null>();

/** One build of the kernels, or null when it is not built here. */
export function loadKernelBuild(build: KernelBuild): RecurrentKernels | null {
  if (!loaded.has(build)) {
    const machine = build === 'native' ? loadNativeMachine(kernelThreads()) : loadWasmMachine(kernelThreads());
    loaded.set(build, machine ? new RecurrentKernels(machine) : null);
  }
  return loaded.get(build)!;
}

/** The fused kernels of the build asked for ('auto': the best one here), or null when no such build exists. */
export function loadRecurrentKernels(preference: KernelPreference = 'auto'): RecurrentKernels | null {
  if (preference !== 'auto') return loadKernelBuild(preference);
  return loadKernelBuild('native') ?? loadKernelBuild('wasm');
}
