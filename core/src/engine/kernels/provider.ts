// Plugs the fused kernels into the engine's layer-provider seam
// (core/src/engine/compile/providers.ts): registered ahead of the stock layers, it
// takes every request the kernels can run and leaves the rest to them.
import type { RecurrentLayerProvider, RecurrentLayerRequest } from '../compile/providers';
import { registerRecurrentLayerProvider } from '../compile/providers';
import { FusedRecurrent } from './fused-layer';
import { loadRecurrentKernels, preferKernelBuild, type KernelPreference } from './load';
import { kernelSupportsActivation } from './recurrent-kernels';

export const fusedLayerProvider: RecurrentLayerProvider = {
  /** "fused-native" or "fused-wasm": the build the layers run on. */
  get id(): string {
    return `fused-${loadRecurrentKernels()?.machineName ?? 'wasm'}`;
  },
  supports(request: RecurrentLayerRequest): boolean {
    return (
      loadRecurrentKernels() !== null &&
      kernelSupportsActivation(request.activation) &&
      kernelSupportsActivation(request.gateActivation)
    );
  },
  create(request: RecurrentLayerRequest) {
    return new FusedRecurrent({
      name: request.name,
      cell: request.cell,
      units: request.units,
      gates: request.gates,
      coupled: request.coupled,
      peepholes: request.peepholes,
      activation: request.activation,
      gateActivation: request.gateActivation,
      returnSequences: request.returnSequences,
      dropout: request.dropout,
      recurrentDropout: request.recurrentDropout,
      kernelSeed: request.kernelSeed,
      recurrentSeed: request.recurrentSeed,
      inputShape: request.inputShape,
    });
  },
};

/**
 * Puts the fused kernels (the given build, or the best one) ahead of the stock
 * layers while a model is built; returns how to undo it, or null when that
 * build does not exist here.
 */
export function useFusedKernels(build: KernelPreference = 'auto'): (() => void) | null {
  const previous = preferKernelBuild(build);
  if (!loadRecurrentKernels()) {
    preferKernelBuild(previous);
    return null;
  }
  const unregister = registerRecurrentLayerProvider(fusedLayerProvider);
  return () => {
    unregister();
    preferKernelBuild(previous);
  };
}

/**
 * True when a build of the kernels (the given one, or the best there is) is
 * here and would run every one of these layers, so the model's remaining ops
 * are a handful of small ones (the output layer, the loss, the optimizer's
 * updates).
 */
export function fusedKernelsTakeEveryLayer(requests: RecurrentLayerRequest[], build: KernelPreference = 'auto'): boolean {
  const previous = preferKernelBuild(build);
  try {
    return loadRecurrentKernels() !== null && requests.every((request) => fusedLayerProvider.supports(request));
  } finally {
    preferKernelBuild(previous);
  }
}
