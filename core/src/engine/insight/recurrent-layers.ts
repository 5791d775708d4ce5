// Finds the recurrent layers of a built model, whoever implements them (the
// stock tfjs-layers SimpleRNN/LSTM/GRU, the engine's gated cell, the fused
// kernels, each possibly inside tfjs's Bidirectional wrapper), and describes
// every direction the same way: its cell, gates, weights and how to run its
// step function by hand. The probe needs that because tfjs-layers hides the
// per-step states the insight records are about.
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, LayerVariable } from '@tensorflow/tfjs-layers';
import type { Layer } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { CellKind, InsightDirection } from '../../shared';
import { activationFunction } from '../compile/activations';
import { GatedRNN, type GatedCell } from '../compile/cells';
import { computedGates, weightBlocks } from '../compile/gates';
import { FusedRecurrent } from '../kernels/fused-layer';

type Activation = (x: tf.Tensor) => tf.Tensor;

/** One direction of one recurrent layer. */
export interface RecurrentDirection {
  /** 0-based index among the model's recurrent layers. */
  layer: number;
  direction: InsightDirection;
  cell: CellKind;
  units: number;
  /** Weight blocks that exist, tfjs order (lstm input forget candidate output, gru update reset candidate; rnn candidate). */
  blocks: string[];
  /** Gates with their own weights (the candidate is not one). */
  computed: string[];
  coupled: boolean;
  activate: Activation;
  gateActivate: Activation;
  /** Processes the sequence last step first (the backward half of a bidirectional layer). */
  goBackwards: boolean;
  returnSequences: boolean;
  kernel: LayerVariable;
  recurrentKernel: LayerVariable;
  bias: LayerVariable | null;
  /** LSTM with peepholes: one vector per computed gate, in `computed` order. */
  peephole: LayerVariable | null;
  /** Set when the fused kernels run this direction. */
  fused: FusedRecurrent | null;
}

/** A model layer that holds recurrent directions (one, or two when bidirectional). */
export interface RecurrentLayer {
  modelLayer: Layer;
  directions: RecurrentDirection[];
}

/** What is read of a stock tfjs-layers cell (its fields are not in the typings). */
interface StockCell {
  units: number;
  kernel: LayerVariable;
  recurrentKernel: LayerVariable;
  bias: LayerVariable | null;
  activation: { apply(x: tf.Tensor): tf.Tensor };
  recurrentActivation?: { apply(x: tf.Tensor): tf.Tensor };
}

const STOCK_CELLS: Record<string, CellKind> = { SimpleRNN: 'rnn', LSTM: 'lstm', GRU: 'gru' };

/** The weight of `layer` whose name ends with `/suffix` (tfjs names them `<layer>/<weight>`). */
function weightNamed(layer: Layer, suffix: string): LayerVariable | null {
  return layer.weights.find((w) => w.name.split('/').pop()?.replace(/_\d+$/, '') === suffix) ?? null;
}

function describe(inner: Layer): Omit<RecurrentDirection, 'layer' | 'direction'> | null {
  const rnn = inner as unknown as { returnSequences: boolean; goBackwards: boolean };
  if (inner instanceof FusedRecurrent) {
    const { cell, units, gates, coupled, activation, gateActivation, returnSequences } = inner.args;
    const computed = cell === 'rnn' ? [] : computedGates({ cell, gates, coupled });
    return {
      cell,
      units,
      blocks: storedBlocks(cell, computed),
      computed,
      coupled: cell === 'lstm' && coupled,
      activate: activationFunction(activation),
      gateActivate: activationFunction(gateActivation),
      goBackwards: inner.goBackwards,
      returnSequences,
      kernel: weightNamed(inner, 'kernel')!,
      recurrentKernel: weightNamed(inner, 'recurrent_kernel')!,
      bias: weightNamed(inner, 'bias'),
      peephole: weightNamed(inner, 'peephole'),
      fused: inner,
    };
  }
  if (inner instanceof GatedRNN) {
    const gated = inner.cell as GatedCell;
    const { kind, units, computedGates: computed, coupled = false, activation, gateActivation } = gated.args;
    return {
      cell: kind,
      units,
      blocks: storedBlocks(kind, computed),
      computed,
      coupled: kind === 'lstm' && coupled,
      activate: activationFunction(activation),
      gateActivate: activationFunction(gateActivation),
      goBackwards: rnn.goBackwards,
      returnSequences: rnn.returnSequences,
      kernel: weightNamed(inner, 'kernel')!,
      recurrentKernel: weightNamed(inner, 'recurrent_kernel')!,
      bias: weightNamed(inner, 'bias'),
      peephole: weightNamed(inner, 'peephole'),
      fused: null,
    };
  }
  const cell = STOCK_CELLS[inner.getClassName()];
  if (!cell) return null;
  const stock = (inner as unknown as { cell: StockCell }).cell;
  const computed = cell === 'rnn' ? [] : weightBlocks(cell).filter((b) => b !== 'candidate');
  const gateActivation = stock.recurrentActivation;
  return {
    cell,
    units: stock.units,
    blocks: weightBlocks(cell),
    computed,
    coupled: false,
    activate: (x) => stock.activation.apply(x),
    gateActivate: gateActivation ? (x) => gateActivation.apply(x) : (x) => x,
    goBackwards: rnn.goBackwards,
    returnSequences: rnn.returnSequences,
    kernel: stock.kernel,
    recurrentKernel: stock.recurrentKernel,
    bias: stock.bias,
    peephole: null,
    fused: null,
  };
}

/** Blocks with weights: the computed gates and the candidate, tfjs order. */
function storedBlocks(cell: CellKind, computed: readonly string[]): string[] {
  return weightBlocks(cell).filter((b) => b === 'candidate' || computed.includes(b));
}

/** The recurrent layers of `model`, first to last, each direction described. */
export function recurrentLayersOf(model: LayersModel): RecurrentLayer[] {
  const found: RecurrentLayer[] = [];
  for (const modelLayer of model.layers) {
    const index = found.length;
    const wrapped = modelLayer as unknown as { forwardLayer?: Layer; backwardLayer?: Layer };
    if (modelLayer.getClassName() === 'Bidirectional' && wrapped.forwardLayer && wrapped.backwardLayer) {
      const forward = describe(wrapped.forwardLayer);
      const backward = describe(wrapped.backwardLayer);
      if (!forward || !backward) throw new Error(`insight: cannot probe the bidirectional layer ${modelLayer.name}`);
      found.push({
        modelLayer,
        directions: [
          { ...forward, layer: index, direction: 'forward' },
          { ...backward, layer: index, direction: 'backward' },
        ],
      });
      continue;
    }
    const single = describe(modelLayer);
    if (single) found.push({ modelLayer, directions: [{ ...single, layer: index, direction: 'forward' }] });
  }
  return found;
}
