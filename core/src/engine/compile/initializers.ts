// Seeded initializers that tfjs lacks or implements noisily. Registered for
// serialization because layer configs name their initializers.
import { serialization, tensor, type DataType, type Tensor } from '@tensorflow/tfjs-core';
import { initializers } from '@tensorflow/tfjs-layers';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';
import { createRandom } from '../util/random';
import type { RecurrentInitSpec } from '../../shared';

// tfjs-layers does not export its Initializer base class by name; reach it through a stock initializer.
const InitializerBase = Object.getPrototypeOf(initializers.zeros().constructor) as abstract new () => Initializer;

/**
 * A (semi-)orthogonal matrix from a seeded Gaussian one, by Gram-Schmidt in
 * plain JS. Same result family as tfjs's Orthogonal, without its console
 * warning for matrices over 2000 elements (every recurrent kernel of 32+ units).
 */
export class SeededOrthogonal extends InitializerBase {
  static readonly className = 'SeededOrthogonal';
  readonly seed: number;
  readonly gain: number;

  constructor(args: { seed: number; gain?: number }) {
    super();
    this.seed = args.seed;
    this.gain = args.gain ?? 1;
  }

  apply(shape: number[], dtype?: DataType): Tensor {
    const cols = shape[shape.length - 1];
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const long = Math.max(rows, cols);
    const short = Math.min(rows, cols);
    const random = createRandom(this.seed);
    // `short` orthonormal vectors of length `long`.
    const basis: Float64Array[] = [];
    for (let k = 0; k < short; k++) {
      const v = new Float64Array(long);
      for (let i = 0; i < long; i++) v[i] = random.normal();
      for (let pass = 0; pass < 2; pass++) {
        // Two passes of modified Gram-Schmidt keep the result orthogonal to float precision.
        for (const q of basis) {
          let dot = 0;
          for (let i = 0; i < long; i++) dot += v[i] * q[i];
          for (let i = 0; i < long; i++) v[i] -= dot * q[i];
        }
      }
      let norm = 0;
      for (let i = 0; i < long; i++) norm += v[i] * v[i];
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < long; i++) v[i] /= norm;
      basis.push(v);
    }
    const values = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        // rows >= cols: the vectors are the columns; otherwise they are the rows.
        values[r * cols + c] = this.gain * (rows >= cols ? basis[c][r] : basis[r][c]);
      }
    }
    return tensor(values, shape, dtype ?? 'float32');
  }

  override getConfig(): serialization.ConfigDict {
    return { seed: this.seed, gain: this.gain };
  }
}
serialization.registerClass(SeededOrthogonal as unknown as serialization.SerializableConstructor<serialization.Serializable>);

/**
 * gain × I in every block of a recurrent kernel [units, blocks·units]: Le et
 * al. 2015's IRNN for a plain rnn, and the same start for each gate's block.
 */
export class BlockIdentity extends InitializerBase {
  static readonly className = 'BlockIdentity';
  readonly gain: number;

  constructor(args: { gain?: number }) {
    super();
    this.gain = args.gain ?? 1;
  }

  apply(shape: number[], dtype?: DataType): Tensor {
    const [rows, cols] = shape;
    const values = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = r; c < cols; c += rows) values[r * cols + c] = this.gain;
    return tensor(values, shape, dtype ?? 'float32');
  }

  override getConfig(): serialization.ConfigDict {
    return { gain: this.gain };
  }
}
serialization.registerClass(BlockIdentity as unknown as serialization.SerializableConstructor<serialization.Serializable>);

/** The recurrent kernel's initializer `hidden.recurrent_init` names; absent (a spec or layer config from before the key): orthogonal, gain 1. */
export function recurrentInitializer(init: RecurrentInitSpec | undefined, seed: number): Initializer {
  if (init?.fn === 'identity') return new BlockIdentity({ gain: init.args.gain }) as unknown as Initializer;
  return new SeededOrthogonal({ seed, gain: init?.args.gain ?? 1 }) as unknown as Initializer;
}

/** Zeros with ones in one block of the bias (the forget gate's, as Keras's unit_forget_bias). */
export class BlockOnesBias extends InitializerBase {
  static readonly className = 'BlockOnesBias';
  constructor(readonly args: { units: number; block: number }) {
    super();
  }

  apply(shape: number[], dtype?: DataType): Tensor {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (this.args.block >= 0) values.fill(1, this.args.block * this.args.units, (this.args.block + 1) * this.args.units);
    return tensor(values, shape, dtype ?? 'float32');
  }

  override getConfig(): serialization.ConfigDict {
    return { ...this.args };
  }
}
serialization.registerClass(BlockOnesBias as unknown as serialization.SerializableConstructor<serialization.Serializable>);

export const seededGlorotUniform = (seed: number) => initializers.glorotUniform({ seed });
