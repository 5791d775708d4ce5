// Generated from the schema (core/src/language/schema/schema.ts) by
// scripts/gen-spec-types.ts: do not edit. Run `npm run docs` after a schema change.
// The types of a checked model's members; spec.ts adds what the checker adds.

/** The arguments of `sine(...)`. */
export interface SineArgs {
  /** Number of points in the series. */
  samples: number;
  /** Points per full cycle; a whole number is also the season of the seasonal-naive baseline. */
  period: number;
  /** Peak value of the wave. */
  amplitude: number;
  /** Standard deviation of the Gaussian noise added to each point. */
  noise: number;
  /** Seed of the noise (defaults to the training seed). */
  seed?: number;
}

/** The arguments of `adding(...)`. */
export interface AddingArgs {
  /** Number of sequences. */
  samples: number;
  /** Length of each sequence; must equal `input.timesteps`. */
  timesteps: number;
  /** Seed of the generator (defaults to the training seed). */
  seed?: number;
}

export type NormalizationMethod = 'none' | 'minmax' | 'zscore';

export type StreamMode = 'auto' | 'always' | 'never';

/** The arguments of `csv(...)`. */
export interface CsvArgs {
  /** Path of the CSV file, relative to the .rnn file. */
  path: string;
  /** The one column to use. */
  column?: string;
  /** Several columns to use (one feature each). */
  columns?: string[];
  /** How to scale the values (statistics come from the training part only). */
  normalize: NormalizationMethod;
  /** Whether training streams the file from disk instead of loading it whole: windows, split and normalisation are the same either way; streaming reads every batch's rows from the file (slower per batch, above all with shuffling) and holds only a row index and a cache of recent rows. */
  stream: StreamMode;
  /** Rows in one season of the series (12 for monthly data with a yearly cycle). Declared, not detected: with it the seasonal-naive forecast (the value one season earlier) is a baseline next to persistence (the last value). */
  season?: number;
}

export type TokenLevel = 'char' | 'word';

/** The arguments of `text(...)`. */
export interface TextArgs {
  /** Path of the text file, relative to the .rnn file. */
  path: string;
  /** Tokenisation level: characters or words. */
  level: TokenLevel;
  /** At most this many tokens: the most frequent ones (ties in code point order) and `<unk>`, the out-of-vocabulary token (index 0), which stands for every other token. Absent: every distinct token, sorted, and no `<unk>`. */
  vocabulary?: number;
  /** Lowercase the text before splitting it into tokens. */
  lowercase: boolean;
  /** Use at most this many characters from the start of the file. */
  max_chars?: number;
  /** Tokens between the starts of consecutive windows; the default gives non-overlapping windows, as char-rnn does. */
  stride: number;
}

/** The arguments of `sequences(...)`. */
export interface SequencesArgs {
  /** Path of the CSV file, relative to the .rnn file. */
  path: string;
  /** The column of the class labels (in long format, every row of a sequence has the same label). */
  label: string;
  /** Long format: the column naming the sequence each row belongs to. Absent: wide format, one row per sequence. */
  id?: string;
  /** Long format: a numeric column that orders the steps of a sequence. Absent: the rows' order in the file. */
  time?: string;
  /** The value columns. Absent: every numeric column except `label`, `id` and `time`. */
  columns?: string[];
  /** How to scale the values (statistics come from the training sequences only). */
  normalize: NormalizationMethod;
}

/** The arguments of `text_folder(...)`. */
export interface TextFolderArgs {
  /** Path of the folder, relative to the .rnn file. */
  path: string;
  /** Tokenisation level: characters or words. */
  level: TokenLevel;
  /** At most this many tokens: the most frequent ones (ties in code point order) and `<unk>`, the out-of-vocabulary token (index 0), which stands for every other token. Absent: every distinct token, sorted, and no `<unk>`. */
  vocabulary?: number;
  /** Lowercase the text before splitting it into tokens. */
  lowercase: boolean;
}

export type DataSpec =
  | { fn: 'sine'; args: SineArgs }
  | { fn: 'adding'; args: AddingArgs }
  | { fn: 'csv'; args: CsvArgs }
  | { fn: 'text'; args: TextArgs }
  | { fn: 'sequences'; args: SequencesArgs }
  | { fn: 'text_folder'; args: TextFolderArgs };

/** The input layer: sequences of `timesteps` steps with `features` values each. */
export interface InputSpec {
  /** Length of each input sequence (the steps backpropagation through time unrolls). For sequences of different lengths (`sequences`, `text_folder`), the length they are padded to and cut at. */
  timesteps: number;
  /** Values per time step. */
  features: number;
}

/** Token inputs only (`text`, `text_folder`): a lookup table, trained with the model, that turns each token into `dim` values before the recurrent layers, instead of a one-hot vector as long as the vocabulary. Without it, tokens are one-hot, which suits small vocabularies (characters). */
export interface EmbeddingSpec {
  /** Values per token: the width of the table (vocabulary × dim parameters). */
  dim: number;
}

export type CellKind = 'rnn' | 'lstm' | 'gru';

export type GateName = 'input' | 'forget' | 'output' | 'update' | 'reset';

export type ActivationName = 'linear' | 'tanh' | 'sigmoid' | 'hard_sigmoid' | 'relu' | 'elu' | 'selu' | 'softmax';

/** The arguments of `orthogonal(...)`. */
export interface OrthogonalArgs {
  /** Scale of the orthogonal matrix: every singular value of the recurrent kernel. */
  gain: number;
}

/** The arguments of `identity(...)`. */
export interface IdentityArgs {
  /** Scale of the identity matrix. */
  gain: number;
}

export type RecurrentInitSpec =
  | { fn: 'orthogonal'; args: OrthogonalArgs }
  | { fn: 'identity'; args: IdentityArgs };

/** The recurrent layers: one layer per entry of `units`, stacked, each feeding its full sequence to the next. */
export interface HiddenSpec {
  /** The recurrent cell. */
  cell: CellKind;
  /** Hidden units of each stacked layer, first to last, e.g. `[64, 32]`. */
  units: number[];
  /** The active gates. A missing gate is fixed open (= 1), as in Greff et al. 2017. lstm: input, forget, output; gru: update, reset; rnn has none. */
  gates: GateName[];
  /** LSTM only: couple the input and forget gates, input = 1 - forget (needs both gates). */
  coupled: boolean;
  /** LSTM only: the gates also see the cell state (Gers & Schmidhuber 2000). */
  peepholes: boolean;
  /** Run every layer forwards and backwards and concatenate the two (doubles the outputs). */
  bidirectional: boolean;
  /** Fraction of the inputs of each layer dropped during training. */
  dropout: number;
  /** Fraction of the recurrent state dropped during training (same mask at every step). */
  recurrent_dropout: number;
  /** Activation of the candidate and the output of the cell. */
  activation: ActivationName;
  /** Activation of the gates (sigmoid, as in Keras and PyTorch; tfjs's own default is hard_sigmoid). */
  gate_activation: ActivationName;
  /** How the recurrent weights start, e.g. `orthogonal(gain: 2)`: what decides at first whether the gradient through time vanishes or explodes. The input weights always start Glorot-uniform. */
  recurrent_init: RecurrentInitSpec;
}

export type OutputSteps = 'last' | 'every_step';

/** The dense output layer, applied to the last hidden state, or with `at: every_step` to the hidden state of every step (the same weights at each step). */
export interface OutputSpec {
  /** Number of outputs per predicted step. */
  units: number;
  /** Rows to forecast at once after the last input step (series data: `sine`, `csv`). The output layer emits `horizon` × `units` values, row after row; each window's targets are the next `horizon` rows, so there are `horizon` - 1 fewer windows and the gap before the validation part grows by as many. Needs a regression loss. */
  horizon: number;
  /** Output activation; it must fit the loss. */
  activation: ActivationName;
  /** Where the model predicts: after the last step of each window, or after every step (the recurrent layers return their whole sequence and the loss is the mean over the steps; as char-rnn, many targets per forward pass). */
  at: OutputSteps;
}

export type LossName = 'mse' | 'mae' | 'huber' | 'binary_crossentropy' | 'categorical_crossentropy' | 'sparse_categorical_crossentropy';

/** The arguments of `sgd(...)`. */
export interface SgdArgs {
  /** Learning rate: the step size of each update. */
  lr: number;
  /** Momentum factor; 0 disables momentum. */
  momentum: number;
  /** Use Nesterov momentum. */
  nesterov: boolean;
  /** Rescale the gradients so that their global L2 norm is at most this value (applied by the training loop before the update). */
  clipnorm?: number;
  /** Clip every gradient element to [-clipvalue, clipvalue] (applied by the training loop before the update). */
  clipvalue?: number;
}

/** The arguments of `adam(...)`. */
export interface AdamArgs {
  /** Learning rate: the step size of each update. */
  lr: number;
  /** Decay rate of the first-moment estimate. */
  beta1: number;
  /** Decay rate of the second-moment estimate. */
  beta2: number;
  /** Small constant for numerical stability. */
  epsilon: number;
  /** Rescale the gradients so that their global L2 norm is at most this value (applied by the training loop before the update). */
  clipnorm?: number;
  /** Clip every gradient element to [-clipvalue, clipvalue] (applied by the training loop before the update). */
  clipvalue?: number;
}

/** The arguments of `rmsprop(...)`. */
export interface RmspropArgs {
  /** Learning rate: the step size of each update. */
  lr: number;
  /** Decay rate of the running average of squared gradients. */
  rho: number;
  /** Momentum factor. */
  momentum: number;
  /** Small constant for numerical stability. */
  epsilon: number;
  /** Rescale the gradients so that their global L2 norm is at most this value (applied by the training loop before the update). */
  clipnorm?: number;
  /** Clip every gradient element to [-clipvalue, clipvalue] (applied by the training loop before the update). */
  clipvalue?: number;
}

/** The arguments of `adagrad(...)`. */
export interface AdagradArgs {
  /** Learning rate: the step size of each update. */
  lr: number;
  /** Rescale the gradients so that their global L2 norm is at most this value (applied by the training loop before the update). */
  clipnorm?: number;
  /** Clip every gradient element to [-clipvalue, clipvalue] (applied by the training loop before the update). */
  clipvalue?: number;
}

/** The arguments of `adadelta(...)`. */
export interface AdadeltaArgs {
  /** Learning rate: the step size of each update. */
  lr: number;
  /** Decay rate. */
  rho: number;
  /** Small constant for numerical stability. */
  epsilon: number;
  /** Rescale the gradients so that their global L2 norm is at most this value (applied by the training loop before the update). */
  clipnorm?: number;
  /** Clip every gradient element to [-clipvalue, clipvalue] (applied by the training loop before the update). */
  clipvalue?: number;
}

/** The arguments of `adamax(...)`. */
export interface AdamaxArgs {
  /** Learning rate: the step size of each update. */
  lr: number;
  /** Decay rate of the first-moment estimate. */
  beta1: number;
  /** Decay rate of the weighted infinity norm. */
  beta2: number;
  /** Small constant for numerical stability. */
  epsilon: number;
  /** Rescale the gradients so that their global L2 norm is at most this value (applied by the training loop before the update). */
  clipnorm?: number;
  /** Clip every gradient element to [-clipvalue, clipvalue] (applied by the training loop before the update). */
  clipvalue?: number;
}

export type OptimizerSpec =
  | { fn: 'sgd'; args: SgdArgs }
  | { fn: 'adam'; args: AdamArgs }
  | { fn: 'rmsprop'; args: RmspropArgs }
  | { fn: 'adagrad'; args: AdagradArgs }
  | { fn: 'adadelta'; args: AdadeltaArgs }
  | { fn: 'adamax'; args: AdamaxArgs };

/** How to train: epochs, batches, validation, early stopping and the seed. */
export interface TrainSpec {
  /** Passes over the training data. */
  epochs: number;
  /** Sequences per gradient step. */
  batch_size: number;
  /** Fraction of the data held out for validation: the last part in time order; for labelled sequences (`sequences`, `text_folder`), a random choice of whole sequences drawn with the seed. */
  validation_split: number;
  /** Labelled sequences only: hold out `validation_split` of every class, so both parts keep the class proportions of the data. */
  stratify: boolean;
  /** Shuffle the training windows every epoch (the validation part is never shuffled into training). */
  shuffle: boolean;
  /** Stop when the validation loss has not improved for this many epochs, and keep the best weights; 0 turns it off. */
  early_stopping: number;
  /** Also write TensorBoard event files (loss, val_loss and metrics per batch and epoch) into the run folder's `tensorboard/`, so `tensorboard --logdir runs` shows the run. */
  tensorboard: boolean;
  /** Record what happens inside the recurrent layers on a fixed probe batch of validation sequences, before training and after every epoch: the gradient norm at every time step (vanishing or exploding gradients), the gates, cell state and hidden state over one sequence, how saturated each gate is, and histograms of the weights and their gradients. Kept in the run folder's `insight.jsonl` (bounded in size) and in its TensorBoard files, and shown in the training panel; it does not change the losses. */
  insight: boolean;
  /** Which validation sequence `insight` traces (its gates, cell state and hidden state), by index from 0; a training sequence when there is no validation part. An index beyond the sequences there is a warning in the run's log, and sequence 0 is traced. */
  insight_sample: number;
  /** Random seed: the same seed gives the same initial weights, shuffles, dropout masks and losses. */
  seed?: number;
}

/** Text models only: after training, sample text from the model and print it. */
export interface GenerateSpec {
  /** Tokens to generate: characters, or words (joined by spaces) for `level: word`. */
  length: number;
  /** Sampling temperature: below 1 is more conservative, above 1 more surprising. */
  temperature: number;
  /** Text to start from. */
  prime: string;
}

/** A recurrent network: its data, layers, loss, optimizer and training. */
export interface ModelMembersSpec {
  /** Where the sequences come from. */
  data: DataSpec;
  /** The input layer: sequences of `timesteps` steps with `features` values each. */
  input: InputSpec;
  /** Token inputs only (`text`, `text_folder`): a lookup table, trained with the model, that turns each token into `dim` values before the recurrent layers, instead of a one-hot vector as long as the vocabulary. Without it, tokens are one-hot, which suits small vocabularies (characters). */
  embedding: EmbeddingSpec;
  /** The recurrent layers: one layer per entry of `units`, stacked, each feeding its full sequence to the next. */
  hidden: HiddenSpec;
  /** The dense output layer, applied to the last hidden state, or with `at: every_step` to the hidden state of every step (the same weights at each step). */
  output: OutputSpec;
  /** The loss to minimise; it must fit the output activation. */
  loss: LossName;
  /** The optimizer and its settings, e.g. `adam(lr: 0.005, clipnorm: 1.0)`. An identifier such as `adam` means the optimizer with its defaults. */
  optimizer: OptimizerSpec;
  /** How to train: epochs, batches, validation, early stopping and the seed. */
  train: TrainSpec;
  /** Text models only: after training, sample text from the model and print it. */
  generate: GenerateSpec;
}
