// Custom recurrent cells for the variants the stock tfjs layers cannot
// express: gate subsets (a missing gate is fixed open = 1, Greff et al.
// 2017), coupled input/forget gates and peepholes. With every gate and no
// options they compute exactly what tfjs's LSTMCell / GRUCell compute, with
// the same weight layout, which the tests use to prove them.
import * as tf from '@tensorflow/tfjs-core';
import { layers, type LayerVariable, type Shape } from '@tensorflow/tfjs-layers';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';
import { activationFunction } from './activations';
import { BlockOnesBias, recurrentInitializer, seededGlorotUniform } from './initializers';
import type { RecurrentInitSpec } from '../../shared';
import { weightBlocks } from './gates';
import { seededDropout, type DropoutSeeds, type SeededDropout } from './dropout-seeds';

export interface GatedCellArgs {
  units: number;
  /** 'lstm' or 'gru' (not named `cell`: tfjs's RNN deserialisation treats a `cell` key as a nested layer). */
  kind: 'lstm' | 'gru';
  /** Gates with their own weights, in canonical order (see computedGates). */
  computedGates: string[];
  /** LSTM: input = 1 - forget. */
  coupled?: boolean;
  /** LSTM: diagonal peephole weights; input/forget gates see c_{t-1}, the output gate sees c_t. */
  peepholes?: boolean;
  activation: string;
  gateActivation: string;
  dropout?: number;
  recurrentDropout?: number;
  kernelSeed?: number;
  recurrentSeed?: number;
  /** `hidden.recurrent_init`; absent: orthogonal with gain 1. */
  recurrentInit?: RecurrentInitSpec;
  name?: string;
}

/** Weight blocks of the kernel, in tfjs order, missing gates left out. */
function blockOrder(cell: 'lstm' | 'gru', gates: string[]): string[] {
  return weightBlocks(cell).filter((b) => b === 'candidate' || gates.includes(b));
}

/**
 * One cell class for LSTM and GRU variants; the weights are one kernel, one
 * recurrent kernel and one bias holding a block per computed gate plus the
 * candidate, and (peepholes) one vector per computed gate.
 */
export class GatedCell extends layers.RNNCell implements SeededDropout {
  static readonly className = 'GatedCell';
  readonly stateSize: number | number[];
  readonly units: number;
  readonly args: GatedCellArgs;
  private readonly blocks: string[];
  private readonly activate: (x: tf.Tensor) => tf.Tensor;
  private readonly gateActivate: (x: tf.Tensor) => tf.Tensor;
  private kernel!: LayerVariable;
  private recurrentKernel!: LayerVariable;
  private bias!: LayerVariable;
  private peephole: LayerVariable | null = null;
  private dropoutSeeds?: DropoutSeeds;

  constructor(args: GatedCellArgs) {
    super({ name: args.name });
    this.args = { ...args };
    this.units = args.units;
    this.stateSize = args.kind === 'lstm' ? [args.units, args.units] : args.units;
    this.blocks = blockOrder(args.kind, args.computedGates);
    this.activate = activationFunction(args.activation);
    this.gateActivate = activationFunction(args.gateActivation);
    this.dropoutMask = null as unknown as tf.Tensor;
    this.recurrentDropoutMask = null as unknown as tf.Tensor;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as number[];
    const inputDim = shape[shape.length - 1];
    const width = this.blocks.length * this.units;
    const { kernelSeed = 1, recurrentSeed = 2 } = this.args;
    this.kernel = this.addWeight('kernel', [inputDim, width], 'float32', seededGlorotUniform(kernelSeed) as Initializer);
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [this.units, width],
      'float32',
      recurrentInitializer(this.args.recurrentInit, recurrentSeed),
    );
    // Like Keras's unit_forget_bias: the forget gate starts open.
    const forgetBlock = this.args.kind === 'lstm' ? this.blocks.indexOf('forget') : -1;
    this.bias = this.addWeight('bias', [width], 'float32', new BlockOnesBias({ units: this.units, block: forgetBlock }) as unknown as Initializer);
    if (this.args.kind === 'lstm' && this.args.peepholes) {
      const gates = this.args.computedGates.length;
      this.peephole = this.addWeight('peephole', [gates * this.units], 'float32', new BlockOnesBias({ units: this.units, block: -1 }) as unknown as Initializer);
    }
    this.built = true;
  }

  useDropoutSeeds(seeds: DropoutSeeds): void {
    this.dropoutSeeds = seeds;
  }

  /** A dropout mask kept for the whole sequence (the layer disposes it before the next sequence). */
  private mask(existing: tf.Tensor | tf.Tensor[] | null, like: tf.Tensor, rate: number, training: boolean): tf.Tensor | null {
    if (!(rate > 0 && rate < 1)) return null;
    if (existing) return existing as tf.Tensor;
    const ones = tf.onesLike(like);
    return tf.keep(training ? seededDropout(ones, rate, this.dropoutSeeds) : ones);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor[] {
    return tf.tidy(() => {
      const list = inputs as tf.Tensor[];
      const training = Boolean(kwargs?.['training']);
      let x = list[0];
      const hPrev = list[1];
      const cPrev = list[2];
      const dropoutMask = this.mask(this.dropoutMask, x, this.args.dropout ?? 0, training);
      const recurrentMask = this.mask(this.recurrentDropoutMask, hPrev, this.args.recurrentDropout ?? 0, training);
      if (dropoutMask) {
        this.dropoutMask = dropoutMask;
        x = tf.mul(x, dropoutMask);
      }
      const hIn = recurrentMask ? tf.mul(hPrev, recurrentMask) : hPrev;
      if (recurrentMask) this.recurrentDropoutMask = recurrentMask;

      // One matMul for the inputs of every block; blocks are column slices.
      const units = this.units;
      const fromInput = tf.add(tf.matMul(x, this.kernel.read()), this.bias.read());
      const columns = (t: tf.Tensor, first: number, count: number) => tf.slice(t, [0, first * units], [-1, count * units]);
      const inputPart = (block: string) => columns(fromInput, this.blocks.indexOf(block), 1);
      const recurrentKernel = this.recurrentKernel.read();
      // The (masked) previous state feeds every block: one matMul, then slices. Another
      // state (the GRU's reset-gated one) multiplies only its own block's columns.
      let fromState: tf.Tensor | undefined;
      const recurrentPart = (block: string, state: tf.Tensor) => {
        const k = this.blocks.indexOf(block);
        if (state !== hIn) return tf.matMul(state, columns(recurrentKernel, k, 1));
        fromState ??= tf.matMul(hIn, recurrentKernel);
        return columns(fromState, k, 1);
      };
      return this.args.kind === 'lstm'
        ? this.lstmStep(inputPart, recurrentPart, hIn, cPrev)
        : this.gruStep(inputPart, recurrentPart, hIn, hPrev);
    });
  }

  private lstmStep(
    inputPart: (block: string) => tf.Tensor,
    recurrentPart: (block: string, state: tf.Tensor) => tf.Tensor,
    h: tf.Tensor,
    cPrev: tf.Tensor,
  ): tf.Tensor[] {
    const gates = this.args.computedGates;
    const peephole = this.peephole?.read();
    const peepholeOf = (name: string) => tf.slice(peephole!, [gates.indexOf(name) * this.units], [this.units]);
    const gate = (name: string, cell: tf.Tensor): tf.Tensor | null => {
      if (!gates.includes(name)) return null;
      let z = tf.add(inputPart(name), recurrentPart(name, h));
      if (peephole) z = tf.add(z, tf.mul(cell, peepholeOf(name)));
      return this.gateActivate(z);
    };
    const forget = gate('forget', cPrev);
    const input = this.args.coupled ? tf.sub(1, forget ?? tf.onesLike(cPrev)) : gate('input', cPrev);
    const candidate = this.activate(tf.add(inputPart('candidate'), recurrentPart('candidate', h)));
    const kept = forget ? tf.mul(forget, cPrev) : cPrev;
    const c = tf.add(kept, input ? tf.mul(input, candidate) : candidate);
    const output = gate('output', c);
    const hidden = output ? tf.mul(output, this.activate(c)) : this.activate(c);
    return [hidden, hidden, c];
  }

  private gruStep(
    inputPart: (block: string) => tf.Tensor,
    recurrentPart: (block: string, state: tf.Tensor) => tf.Tensor,
    hIn: tf.Tensor,
    hPrev: tf.Tensor,
  ): tf.Tensor[] {
    const gates = this.args.computedGates;
    const gate = (name: string) => (gates.includes(name) ? this.gateActivate(tf.add(inputPart(name), recurrentPart(name, hIn))) : null);
    const update = gate('update');
    const reset = gate('reset');
    const candidate = this.activate(tf.add(inputPart('candidate'), recurrentPart('candidate', reset ? tf.mul(reset, hIn) : hIn)));
    // tfjs/Keras convention: z weighs the old state, h = z·h_prev + (1 - z)·candidate;
    // without the update gate the candidate always replaces the state.
    const hidden = update ? tf.add(tf.mul(update, hPrev), tf.mul(tf.sub(1, update), candidate)) : candidate;
    return [hidden, hidden];
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { name: _name, ...args } = this.args;
    return { ...super.getConfig(), ...args } as unknown as tf.serialization.ConfigDict;
  }
}
tf.serialization.registerClass(GatedCell as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);

/**
 * The generic RNN layer around a GatedCell. tfjs's generic RNN never clears a
 * cell's dropout masks (its LSTM/GRU subclasses do), so this does it before
 * every sequence: a new mask per batch, the same mask at every step.
 */
export class GatedRNN extends layers.RNN {
  static override readonly className = 'GatedRNN';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const cell = this.cell as GatedCell;
    for (const key of ['dropoutMask', 'recurrentDropoutMask'] as const) {
      if (cell[key] != null) {
        tf.dispose(cell[key]);
        cell[key] = null as unknown as tf.Tensor;
      }
    }
    return super.call(inputs, kwargs);
  }

  // tfjs's RNN nests the cell's config only for the exact class RNN; a subclass must do it itself.
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), cell: { className: this.cell.getClassName(), config: this.cell.getConfig() } };
  }

  /**
   * Always a fresh cell, and the config left untouched: tfjs's Bidirectional
   * deserialises the same config object twice (forward and backward copy),
   * and RNN.fromConfig would replace its `cell` entry by the first instance.
   */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const raw = config['cell'] as unknown;
    const cellConfig = raw instanceof GatedCell ? raw.getConfig() : ((raw as { config: tf.serialization.ConfigDict }).config);
    return new cls({ ...config, cell: new GatedCell(cellConfig as unknown as GatedCellArgs) } as never);
  }
}
tf.serialization.registerClass(GatedRNN as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
