// Which build of the fused kernels the engine runs: the native addon when
// there is one for this machine (built here by npm install, npm run build or
// setup:native, or a prebuilt variant this CPU runs), else the WebAssembly
// module. Each build is loaded once per process; which one a model uses is
// chosen when it is built (kernels/provider.ts), not set process-wide.
import { kernelThreads } from './machine';
import { loadNativeMachine, loadNativeVariant } from './native-machine';
import { nativeVariants } from './native-variants';
import { RecurrentKernels } from './recurrent-kernels';
import { loadWasmMachine } from './wasm-machine';

export type KernelBuild = 'native' | 'wasm';
/** 'auto': native when available, else wasm. */
export type KernelPreference = KernelBuild | 'auto';

const loaded = new Map<KernelBuild, RecurrentKernels | null>();
const refusals = new Map<KernelBuild, string>();

function loadMachine(build: KernelBuild) {
  if (build === 'wasm') return loadWasmMachine(kernelThreads());
  const { machine, problem } = loadNativeMachine(kernelThreads());
  if (problem) refusals.set(build, problem);
  return machine;
}

/** One build of the kernels, or null when it is not built here. */
export function loadKernelBuild(build: KernelBuild): RecurrentKernels | null {
  if (!loaded.has(build)) {
    const machine = loadMachine(build);
    loaded.set(build, machine ? new RecurrentKernels(machine) : null);
  }
  return loaded.get(build)!;
}

/** Why a build that is there was not used (it does not load, or was built from other sources); undefined when it loaded or is absent. */
export function kernelBuildRefusal(build: KernelBuild): string | undefined {
  loadKernelBuild(build);
  return refusals.get(build);
}

/** The fused kernels of the build asked for ('auto': the best one here), or null when no such build exists. */
export function loadRecurrentKernels(preference: KernelPreference = 'auto'): RecurrentKernels | null {
  if (preference !== 'auto') return loadKernelBuild(preference);
  return loadKernelBuild('native') ?? loadKernelBuild('wasm');
}

/**
 * Every prebuilt native variant for this architecture, widest first, with its
 * kernels or the reason it is not usable here (not built, the CPU lacks its
 * instructions): what the benchmark compares.
 */
export function loadNativeVariants(): { variant: string; kernels: RecurrentKernels | null; problem?: string }[] {
  return nativeVariants().map(({ name }) => {
    const { machine, problem } = loadNativeVariant(name, kernelThreads());
    return { variant: name, kernels: machine ? new RecurrentKernels(machine) : null, problem };
  });
}
