// The embedding of token inputs: a [vocabulary, dim] table, trained with the
// model, looked up for each token id. The lookup's gradient is written here
// as a scatter-add of dy into the ids' rows (ScatterNd, which sums repeated
// ids on every backend), linear in the tokens: tfjs's own gradient of gather,
// UnsortedSegmentSum, is missing on wasm and on cpu runs one broadcast pass
// per vocabulary row (10 s a batch of 1024 tokens over 2,000 words, against
// 20 ms), and one-hot(ids)ᵀ · dy costs a vocabulary-wide matrix product.
// Weights are named as Keras names them (`embeddings`), and the layer is
// registered, so saved runs load.
import * as tf from '@tensorflow/tfjs-core';
import { initializers, layers, type LayerVariable, type Shape } from '@tensorflow/tfjs-layers';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';

export interface TokenEmbeddingArgs {
  name?: string;
  /** Tokens in the vocabulary: the table's rows. */
  inputDim: number;
  /** Values per token: the table's columns. */
  outputDim: number;
  /** Seed of the table's initial values (uniform in ±0.05, as Keras's default). */
  seed: number;
  inputShape?: Shape;
}

/** ids [batch, steps] -> table rows [batch, steps, dim], with the table's gradient as a scatter-add on every backend. */
export function lookupTokens(table: tf.Tensor2D, ids: tf.Tensor2D): tf.Tensor3D {
  const [batch, steps] = ids.shape;
  const [rows, dim] = table.shape;
  const flatIds = (tokenIds: tf.Tensor) => tf.cast(tf.reshape(tokenIds, [-1]), 'int32') as tf.Tensor1D;
  const lookupWithGradient = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [weights, tokenIds, save] = inputs as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    // Only saved tensors outlive the forward pass; the ids are recast in the backward one.
    save([tokenIds]);
    return {
      value: tf.reshape(tf.gather(weights, flatIds(tokenIds)), [batch, steps, dim]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const tableGradient = tf.scatterND(tf.expandDims(flatIds(saved[0]), 1), tf.reshape(dy, [-1, dim]), [rows, dim]);
        return [tableGradient, tf.zerosLike(saved[0])];
      },
    };
  });
  return lookupWithGradient(table, ids) as tf.Tensor3D;
}

export class TokenEmbedding extends layers.Layer {
  static readonly className = 'TokenEmbedding';
  private readonly args: TokenEmbeddingArgs;
  private embeddings!: LayerVariable;

  constructor(args: TokenEmbeddingArgs) {
    // fromConfig passes back what Layer.getConfig wrote (batchInputShape, trainable, dtype).
    const { name, inputShape, batchInputShape, trainable, dtype } = args as TokenEmbeddingArgs & Record<string, unknown>;
    super(Object.fromEntries(Object.entries({ name, inputShape, batchInputShape, trainable, dtype }).filter(([, v]) => v !== undefined)));
    this.args = { name: args.name, inputDim: args.inputDim, outputDim: args.outputDim, seed: args.seed };
  }

  override build(): void {
    const init = initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.args.seed }) as unknown as Initializer;
    this.embeddings = this.addWeight('embeddings', [this.args.inputDim, this.args.outputDim], 'float32', init);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return [shape[0], shape[1], this.args.outputDim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const ids = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      return lookupTokens(this.embeddings.read() as tf.Tensor2D, ids);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { name: _name, ...args } = this.args;
    return { ...super.getConfig(), ...args } as unknown as tf.serialization.ConfigDict;
  }
}
tf.serialization.registerClass(TokenEmbedding as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
