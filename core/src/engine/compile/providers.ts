// The seam between the model builder and the implementation of a recurrent
// layer. buildModel describes each layer as a RecurrentLayerRequest and asks
// the first provider of its list that supports it to create the layer; the
// training loop only sees a tfjs LayersModel. The list is a parameter of each
// build, never a shared registry: a fused kernel (one op per sequence instead
// of several per step) goes ahead of these two in the list of the run that
// uses it. Its layer must keep the weights' shapes and names so saved runs
// stay loadable (or register its own class for serialization).
import { layers, type Shape } from '@tensorflow/tfjs-layers';
import type { Layer } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { CellKind, RecurrentInitSpec } from '../../shared';
import { tfjsActivation } from './activations';
import { GatedCell, GatedRNN } from './cells';
import { computedGates, isStandardCell } from './gates';
import { recurrentInitializer, seededGlorotUniform } from './initializers';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';

export interface RecurrentLayerRequest {
  name: string;
  cell: CellKind;
  units: number;
  /** Active gates, canonical order. */
  gates: string[];
  coupled: boolean;
  peepholes: boolean;
  activation: string;
  gateActivation: string;
  dropout: number;
  recurrentDropout: number;
  returnSequences: boolean;
  /** Set on the first layer only (when it is not wrapped in a bidirectional layer). */
  inputShape?: Shape;
  kernelSeed: number;
  recurrentSeed: number;
  /** `hidden.recurrent_init`; absent: orthogonal with gain 1. */
  recurrentInit?: RecurrentInitSpec;
}

export interface RecurrentLayerProvider {
  /** Short name, recorded in logs (e.g. "tfjs-layers", "gated-cell", "fused-native"). */
  readonly id: string;
  supports(request: RecurrentLayerRequest): boolean;
  create(request: RecurrentLayerRequest): Layer;
}

/** The stock tfjs-layers layers, for standard configurations (every gate, no options). */
export const stockLayerProvider: RecurrentLayerProvider = {
  id: 'tfjs-layers',
  supports: (request) => isStandardCell(request),
  create(request) {
    const common = {
      name: request.name,
      units: request.units,
      activation: tfjsActivation(request.activation) as never,
      kernelInitializer: seededGlorotUniform(request.kernelSeed),
      recurrentInitializer: recurrentInitializer(request.recurrentInit, request.recurrentSeed),
      biasInitializer: 'zeros' as const,
      dropout: request.dropout,
      recurrentDropout: request.recurrentDropout,
      returnSequences: request.returnSequences,
      ...(request.inputShape ? { inputShape: request.inputShape } : {}),
    };
    // tfjs's own gate default is hard_sigmoid, so the gate activation is always passed explicitly.
    const recurrentActivation = tfjsActivation(request.gateActivation) as never;
    switch (request.cell) {
      case 'lstm':
        return layers.lstm({ ...common, recurrentActivation, unitForgetBias: true });
      case 'gru':
        return layers.gru({ ...common, recurrentActivation });
      case 'rnn':
        return layers.simpleRNN(common);
    }
  },
};

/** GatedCell inside GatedRNN: every LSTM/GRU variant. */
export const gatedCellProvider: RecurrentLayerProvider = {
  id: 'gated-cell',
  supports: (request) => request.cell !== 'rnn',
  create(request) {
    const cell = new GatedCell({
      name: `${request.name}_cell`,
      kind: request.cell as 'lstm' | 'gru',
      units: request.units,
      computedGates: computedGates(request),
      coupled: request.coupled,
      peepholes: request.peepholes,
      activation: request.activation,
      gateActivation: request.gateActivation,
      dropout: request.dropout,
      recurrentDropout: request.recurrentDropout,
      kernelSeed: request.kernelSeed,
      recurrentSeed: request.recurrentSeed,
      ...(request.recurrentInit ? { recurrentInit: request.recurrentInit } : {}),
    });
    return new GatedRNN({
      name: request.name,
      cell,
      returnSequences: request.returnSequences,
      ...(request.inputShape ? { inputShape: request.inputShape } : {}),
    } as never);
  },
};

/** The providers whose layers tfjs-layers (plus the gated cell) can load anywhere: the default, and what saved runs use. */
export const portableLayerProviders: readonly RecurrentLayerProvider[] = [stockLayerProvider, gatedCellProvider];

export function isPortableProvider(id: string): boolean {
  return portableLayerProviders.some((p) => p.id === id);
}

/** The first provider of `providers` that supports `request`. */
export function chooseRecurrentLayerProvider(
  request: RecurrentLayerRequest,
  providers: readonly RecurrentLayerProvider[] = portableLayerProviders,
): RecurrentLayerProvider {
  const provider = providers.find((p) => p.supports(request));
  if (!provider) throw new Error(`no recurrent layer implementation for a ${request.cell} layer with gates [${request.gates.join(', ')}]`);
  return provider;
}
