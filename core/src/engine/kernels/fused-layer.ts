// A whole recurrent layer (rnn, lstm, gru and the LSTM/GRU variants) that
// runs on the fused kernels: one op per sequence instead of several per
// step. Its weights have the shapes, names and initial values of the
// engine's other implementations: the stock tfjs layout for standard cells
// (kernel [in, blocks·units], recurrent_kernel, bias; LSTM i f c o, GRU z r h)
// and, for variants, one block per computed gate plus the candidate and one
// peephole vector per computed gate (core/src/engine/compile/cells.ts).
import * as tf from '@tensorflow/tfjs-core';
import { layers, type LayerVariable, type Shape } from '@tensorflow/tfjs-layers';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';
import { cellGates, computedGates, weightBlocks } from '../compile/gates';
import type { RecurrentLayerRequest } from '../compile/providers';
import { BlockOnesBias, recurrentInitializer, seededGlorotUniform } from '../compile/initializers';
import { seededDropout, type DropoutSeeds, type SeededDropout } from '../compile/dropout-seeds';
import { t } from '../../shared';
import { fusedRecurrentSequence, type FusedPassCapture } from './fused-op';
import type { FusedOutputLoss } from './fused-output-op';
import { fusedRecurrentOutputLoss } from './fused-sequence-loss';
import { inputNeedsGradient } from './input-gradient';
import { reverseSteps } from './tensor-values';
import { loadRecurrentKernels, type KernelBuild } from './load';
import type { KernelCellConfig, RecurrentKernels } from './recurrent-kernels';

/** The engine's layer request; dropout, recurrent dropout and seeds optional. */
export type FusedRecurrentArgs = Pick<
  RecurrentLayerRequest,
  'cell' | 'units' | 'gates' | 'coupled' | 'peepholes' | 'activation' | 'gateActivation' | 'returnSequences'
> &
  Partial<Pick<RecurrentLayerRequest, 'name' | 'dropout' | 'recurrentDropout' | 'kernelSeed' | 'recurrentSeed' | 'recurrentInit' | 'inputShape'>> & {
    /** Run over the sequence from the last step to the first (tfjs's Bidirectional sets it on its backward copy). */
    goBackwards?: boolean;
    /** The build to run on; only its name goes into the config. */
    kernels?: RecurrentKernels | null;
    /** The name of the build, from a config (a copy made by tfjs's Bidirectional, or a saved model). */
    build?: KernelBuild;
  };


export class FusedRecurrent extends layers.Layer implements SeededDropout {
  static readonly className = 'FusedRecurrent';
  readonly args: FusedRecurrentArgs;
  // What tfjs's Bidirectional wrapper reads from the layer it wraps.
  readonly returnSequences: boolean;
  readonly returnState = false;
  readonly goBackwards: boolean;
  private readonly config: KernelCellConfig;
  private readonly kernels: RecurrentKernels | null;
  private dropoutSeeds?: DropoutSeeds;
  /** Blocks that have weights, canonical order. */
  private readonly storedBlocks: string[];
  private readonly computed: string[];
  private kernel!: LayerVariable;
  private recurrentKernel!: LayerVariable;
  private bias!: LayerVariable;
  private peephole: LayerVariable | null = null;

  constructor(args: FusedRecurrentArgs) {
    // fromConfig passes back what Layer.getConfig wrote (batchInputShape, trainable, dtype).
    const { name, inputShape, batchInputShape, trainable, dtype } = args as FusedRecurrentArgs & Record<string, unknown>;
    super(Object.fromEntries(Object.entries({ name, inputShape, batchInputShape, trainable, dtype }).filter(([, v]) => v !== undefined)));
    const { kernels, ...config } = args;
    // A layer made from a config runs on the build it names (tfjs's Bidirectional makes its backward copy that way), else on the best one here.
    this.kernels = kernels !== undefined ? kernels : (config.build && loadRecurrentKernels(config.build)) || loadRecurrentKernels();
    this.args = { ...config, build: this.kernels?.machineName ?? config.build };
    this.returnSequences = args.returnSequences;
    this.goBackwards = args.goBackwards ?? false;
    this.computed = args.cell === 'rnn' ? [] : computedGates({ cell: args.cell, gates: args.gates, coupled: args.coupled });
    this.storedBlocks = weightBlocks(args.cell).filter((b) => b === 'candidate' || this.computed.includes(b));
    this.config = {
      cell: args.cell,
      units: args.units,
      activation: args.activation,
      gateActivation: args.gateActivation,
      gates: args.gates,
      coupled: args.coupled,
      peepholes: args.peepholes,
    };
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as number[];
    const inputDim = shape[shape.length - 1];
    const width = this.storedBlocks.length * this.args.units;
    const { kernelSeed = 1, recurrentSeed = 2 } = this.args;
    this.kernel = this.addWeight('kernel', [inputDim, width], 'float32', seededGlorotUniform(kernelSeed) as Initializer);
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [this.args.units, width],
      'float32',
      recurrentInitializer(this.args.recurrentInit, recurrentSeed),
    );
    // Like Keras's unit_forget_bias (and the engine's stock LSTM): the forget gate starts open.
    const forgetBlock = this.args.cell === 'lstm' ? this.storedBlocks.indexOf('forget') : -1;
    this.bias = this.addWeight('bias', [width], 'float32', new BlockOnesBias({ units: this.args.units, block: forgetBlock }) as unknown as Initializer);
    if (this.args.cell === 'lstm' && this.args.peepholes) {
      this.peephole = this.addWeight(
        'peephole',
        [this.computed.length * this.args.units],
        'float32',
        new BlockOnesBias({ units: this.args.units, block: -1 }) as unknown as Initializer,
      );
    }
    this.built = true;
  }

  /** The build the layer runs on (null: none is built here); the every-step output layer's kernel runs on the same one. */
  get runsOn(): RecurrentKernels | null {
    return this.kernels;
  }

  useDropoutSeeds(seeds: DropoutSeeds): void {
    this.dropoutSeeds = seeds;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return this.args.returnSequences ? [shape[0], shape[1], this.args.units] : [shape[0], this.args.units];
  }

  /** Block `index` (of `units` along `axis`); slices, since tfjs's split gradient fails on a single piece. */
  private block(weights: tf.Tensor, axis: number, index: number): tf.Tensor {
    const begin = weights.shape.map((_, i) => (i === axis ? index * this.args.units : 0));
    const size = weights.shape.map((d, i) => (i === axis ? this.args.units : d));
    return tf.slice(weights, begin, size);
  }

  /** Full canonical layout for the kernel: stored blocks in place, zeros for gates that have no weights. */
  private expand(weights: tf.Tensor, axis: number): tf.Tensor {
    const all = weightBlocks(this.args.cell);
    if (all.length === this.storedBlocks.length) return weights;
    const zerosShape = [...weights.shape];
    zerosShape[axis] = this.args.units;
    return tf.concat(
      all.map((name) => {
        const at = this.storedBlocks.indexOf(name);
        return at >= 0 ? this.block(weights, axis, at) : tf.zeros(zerosShape);
      }),
      axis,
    );
  }

  /** The kernel's peepholes are [input, forget, output]; stored ones exist for computed gates only. */
  private expandPeepholes(stored: tf.Tensor): tf.Tensor {
    return tf.concat(
      cellGates('lstm').map((gate) => {
        const at = this.computed.indexOf(gate);
        return at >= 0 ? this.block(stored, 0, at) : tf.zeros([this.args.units]);
      }),
      0,
    );
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return this.callCapturing(inputs, kwargs);
  }

  /** call() that also hands insight's probe what the kernels kept of the pass (fused-op.ts). */
  callCapturing(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs, capture?: FusedPassCapture): tf.Tensor {
    return tf.tidy(() => {
      const { x, weights, recurrentMask, stepMask } = this.prepareCall(inputs, kwargs);
      const lastStepOnly = !this.args.returnSequences;
      return fusedRecurrentSequence(this.kernels!, this.config, x, weights, lastStepOnly, recurrentMask, stepMask, capture, inputNeedsGradient(this));
    });
  }

  /** True when lossThroughOutput can run: the whole sequence, in input order, on a build of the kernels. */
  get feedsEveryStepOutput(): boolean {
    return this.kernels !== null && this.args.returnSequences && !this.goBackwards;
  }

  /**
   * This layer and the every-step output layer (Dense softmax with `output`'s
   * weights) with the sparse cross-entropy against `targets`, as one op
   * (fused-sequence-loss.ts): the output sequence and its gradient never
   * leave the kernels' memory. `mask` [batch, timesteps]: 1 a real step.
   */
  lossThroughOutput(inputs: tf.Tensor, kwargs: Kwargs, output: { kernel: tf.Tensor; bias: tf.Tensor }, targets: tf.Tensor, mask?: tf.Tensor): FusedOutputLoss {
    if (!this.feedsEveryStepOutput) throw new Error(`fused ${this.args.cell}: the output layer can be fused only to a layer that returns its whole sequence in input order`);
    const [loss, accuracy] = tf.tidy(() => {
      const { x, weights, recurrentMask, stepMask } = this.prepareCall(inputs, kwargs);
      const both = fusedRecurrentOutputLoss(this.kernels!, this.config, x, weights, output, targets, mask, recurrentMask, stepMask, inputNeedsGradient(this));
      return [both.loss, both.accuracy];
    });
    return { loss: loss as tf.Scalar, accuracy: accuracy as tf.Scalar };
  }

  /** The op's inputs for one call: the input (reversed, with input dropout), the weights in the kernels' layout, the masks. */
  private prepareCall(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs) {
    let x = Array.isArray(inputs) ? inputs[0] : inputs;
    // Like tfjs's RNN: the outputs come in processing order (Bidirectional reverses them back).
    if (this.goBackwards) x = reverseSteps(x);
    // Like the engine's other cells: one mask per sequence, the input's drawn first.
    const training = Boolean(kwargs?.['training']);
    const [batch, , features] = x.shape;
    const rate = this.args.dropout ?? 0;
    if (training && rate > 0) x = tf.mul(x, seededDropout(tf.ones([batch, 1, features]), rate, this.dropoutSeeds));
    const recurrentRate = this.args.recurrentDropout ?? 0;
    const recurrentMask =
      training && recurrentRate > 0
        ? (seededDropout(tf.ones([batch, this.args.units]), recurrentRate, this.dropoutSeeds).dataSync() as Float32Array)
        : undefined;
    const weights = {
      kernel: this.expand(this.kernel.read(), 1),
      recurrentKernel: this.expand(this.recurrentKernel.read(), 1),
      bias: this.expand(this.bias.read(), 0),
      peepholes: this.peephole ? this.expandPeepholes(this.peephole.read()) : undefined,
    };
    if (!this.kernels) throw new Error(t('the fused kernels are not built: run `npm run build:kernels` (needs clang and lld)'));
    const stepMask = this.stepMask(kwargs?.['mask'] as tf.Tensor | undefined);
    return { x, weights, recurrentMask, stepMask };
  }

  /** The step mask [batch, timesteps] of the call (tfjs's `mask` argument), in processing order like the inputs. */
  private stepMask(mask: tf.Tensor | undefined): Float32Array | undefined {
    if (!mask) return undefined;
    const steps = tf.cast(mask, 'float32');
    return (this.goBackwards ? tf.reverse(steps, 1) : steps).dataSync() as Float32Array;
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { name: _name, inputShape: _shape, ...args } = this.args;
    return { ...super.getConfig(), ...args } as unknown as tf.serialization.ConfigDict;
  }
}
tf.serialization.registerClass(FusedRecurrent as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);

