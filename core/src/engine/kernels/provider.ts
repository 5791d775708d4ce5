// Plugs the fused kernels into the engine's layer-provider seam
// (core/src/engine/compile/providers.ts): put ahead of the portable providers
// in the list a model is built with, it takes every request the kernels can
// run and leaves the rest to them. Each provider is bound to one build of the
// kernels, so runs on different builds can be built side by side.
import { portableLayerProviders, type RecurrentLayerProvider, type RecurrentLayerRequest } from '../compile/providers';
import { FusedRecurrent } from './fused-layer';
import { loadRecurrentKernels, type KernelPreference } from './load';
import { kernelSupportsActivation, type RecurrentKernels } from './recurrent-kernels';

/** The provider of layers running on `kernels`; its id, "fused-native" or "fused-wasm", names the build. */
export function fusedLayerProvider(kernels: RecurrentKernels): RecurrentLayerProvider {
  return {
    id: `fused-${kernels.machineName}`,
    supports: (request: RecurrentLayerRequest) => kernelSupportsActivation(request.activation) && kernelSupportsActivation(request.gateActivation),
    create: (request: RecurrentLayerRequest) =>
      new FusedRecurrent({
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
        ...(request.recurrentInit ? { recurrentInit: request.recurrentInit } : {}),
        inputShape: request.inputShape,
        kernels,
      }),
  };
}

/**
 * The providers of a model on the fused kernels (the given build, or the best
 * one), the portable ones behind them for what the kernels cannot run; null
 * when that build does not exist here.
 */
export function fusedKernelProviders(build: KernelPreference = 'auto'): RecurrentLayerProvider[] | null {
  const kernels = loadRecurrentKernels(build);
  return kernels ? [fusedLayerProvider(kernels), ...portableLayerProviders] : null;
}

/**
 * True when a build of the kernels (the given one, or the best there is) is
 * here and would run every one of these layers, so the model's remaining ops
 * are a handful of small ones (the output layer, the loss, the optimizer's
 * updates).
 */
export function fusedKernelsTakeEveryLayer(requests: RecurrentLayerRequest[], build: KernelPreference = 'auto'): boolean {
  const kernels = loadRecurrentKernels(build);
  if (!kernels) return false;
  const provider = fusedLayerProvider(kernels);
  return requests.every((request) => provider.supports(request));
}
