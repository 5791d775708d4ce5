// Plugs the fused kernels into the engine's layer-provider seam
// (core/src/compile/providers.ts): registered ahead of the stock layers, it
// takes every request the kernels can run and leaves the rest to them.
import type { RecurrentLayerProvider, RecurrentLayerRequest } from '../compile/providers';
import { registerRecurrentLayerProvider } from '../compile/providers';
import { FusedRecurrent } from './fused-layer';
import { kernelSupportsActivation, loadRecurrentKernels } from './wasm-kernels';

export const fusedLayerProvider: RecurrentLayerProvider = {
  id: 'fused-wasm',
  supports(request: RecurrentLayerRequest): boolean {
    return (
      loadRecurrentKernels() !== null &&
      request.recurrentDropout === 0 &&
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
      kernelSeed: request.kernelSeed,
      recurrentSeed: request.recurrentSeed,
      inputShape: request.inputShape,
    });
  },
};

/** Puts the fused kernels ahead of the stock layers when they are built; returns how to undo it (or null). */
export function useFusedKernels(): (() => void) | null {
  if (!loadRecurrentKernels()) return null;
  return registerRecurrentLayerProvider(fusedLayerProvider);
}
