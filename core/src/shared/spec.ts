// A checked model: every value resolved against the schema, defaults filled in,
// inferred sizes computed. Keys keep the language's own spelling (snake_case)
// so there is no second naming layer between the schema and the engine.
// The engine trains only specs whose file checked without errors.

export type CellKind = 'rnn' | 'lstm' | 'gru';
export type Task = 'regression' | 'classification';

/** A resolved call: the function name and every argument, defaults filled in. */
export interface ResolvedCall<Args = Record<string, unknown>> {
  fn: string;
  args: Args;
}

export type DataSpec =
  | ResolvedCall<{ samples: number; period: number; amplitude: number; noise: number; seed?: number }> & { fn: 'sine' }
  | ResolvedCall<{ samples: number; timesteps: number; seed?: number }> & { fn: 'adding' }
  | ResolvedCall<{ path: string; column?: string; columns?: string[]; normalize: 'none' | 'minmax' | 'zscore' }> & { fn: 'csv' }
  | ResolvedCall<{ path: string; level: 'char'; max_chars?: number; stride: number }> & { fn: 'text' };

export interface OptimizerSpec {
  fn: 'sgd' | 'adam' | 'rmsprop' | 'adagrad' | 'adadelta' | 'adamax';
  args: {
    lr: number;
    momentum?: number;
    nesterov?: boolean;
    beta1?: number;
    beta2?: number;
    rho?: number;
    epsilon?: number;
    clipnorm?: number;
    clipvalue?: number;
  };
}

export interface HiddenSpec {
  cell: CellKind;
  units: number[];
  /** Active gates, in the cell's canonical order. */
  gates: string[];
  coupled: boolean;
  peepholes: boolean;
  bidirectional: boolean;
  dropout: number;
  recurrent_dropout: number;
  activation: string;
  gate_activation: string;
}

export interface ModelSpec {
  name: string;
  /** Absolute directory of the .rnn file; data paths are resolved against it. */
  baseDir: string;
  /** The model's source text, saved with every run. */
  source: string;
  task: Task;
  data: DataSpec;
  input: { timesteps: number; features: number };
  hidden: HiddenSpec;
  output: { units: number; activation: string };
  loss: string;
  optimizer: OptimizerSpec;
  train: {
    epochs: number;
    batch_size: number;
    validation_split: number;
    shuffle: boolean;
    early_stopping: number;
    /** Undefined: the engine draws one and records it in the run. */
    seed?: number;
  };
  generate?: { length: number; temperature: number; prime: string };
}
