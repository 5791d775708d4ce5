// The single source of truth about the .rnn language. Adding a key to the
// language is one entry here plus its meaning in the engine.
import type {
  ActivationFacts, BlockSchema, CellFacts, DataSourceFacts, EnumValue, EnumValueWithFacts, FunctionSchema,
  FunctionWithFacts, LanguageSchema, LossFacts, PropertySchema, ValueType,
} from './types';

const prop = (key: string, type: ValueType, doc: string, extra: Partial<PropertySchema> = {}): PropertySchema => ({
  kind: 'property', key, type, doc, ...extra,
});
const int = (bounds: { min?: number; max?: number } = {}): ValueType => ({ kind: 'integer', ...bounds });
const num = (bounds: { min?: number; max?: number; greaterThan?: number; lessThan?: number } = {}): ValueType => ({
  kind: 'number', ...bounds,
});
const bool: ValueType = { kind: 'boolean' };
/** `typeName` names the spec's TypeScript union of the values (see scripts/gen-spec-types.ts). */
const enumOf = (values: EnumValue[], typeName?: string): ValueType => ({ kind: 'enum', values, ...(typeName ? { typeName } : {}) });

// ---------------------------------------------------------------- activations
export const ACTIVATIONS: EnumValueWithFacts<ActivationFacts>[] = [
  { name: 'linear', doc: 'Identity, f(x) = x. The usual output for regression.', facts: { outputs: 'real' } },
  { name: 'tanh', doc: 'Hyperbolic tangent, range (-1, 1). The usual cell activation.', facts: { outputs: 'bounded' } },
  { name: 'sigmoid', doc: 'Logistic function 1/(1+e^-x), range (0, 1). Binary classification output; the usual gate activation.', facts: { outputs: 'probability' } },
  { name: 'hard_sigmoid', doc: 'Piecewise-linear approximation of the sigmoid (tfjs\'s own gate default).', facts: { outputs: 'probability' } },
  { name: 'relu', doc: 'Rectified linear unit, max(0, x).', facts: { outputs: 'nonnegative' } },
  { name: 'elu', doc: 'Exponential linear unit.', facts: { outputs: 'real' } },
  { name: 'selu', doc: 'Scaled exponential linear unit.', facts: { outputs: 'real' } },
  { name: 'softmax', doc: 'Normalises the outputs into a probability distribution over classes (multi-class classification).', facts: { outputs: 'distribution' } },
];

/** The one activation type of every key that takes an activation. */
const activation = enumOf(ACTIVATIONS, 'ActivationName');

// ---------------------------------------------------------------- cells
/**
 * Each cell lists its gates (the order is the canonical one used in the
 * weights), the formula of its parameter count per direction (for hover),
 * the options it supports, and the Keras class its layers are named after.
 */
export const CELLS: EnumValueWithFacts<CellFacts>[] = [
  {
    name: 'rnn',
    doc: 'Plain (Elman) recurrent cell: h_t = act(W·x_t + U·h_{t-1} + b). Cheap, but gradients vanish over long sequences.',
    facts: { gates: [], blocks: 1, formula: 'units·(inputs+units)+units', options: [], longSequence: 30, layer: 'SimpleRNN' },
  },
  {
    name: 'lstm',
    doc: 'Long short-term memory (Hochreiter & Schmidhuber 1997): a cell state guarded by input, forget and output gates.',
    facts: {
      gates: ['input', 'forget', 'output'],
      blocks: 4,
      formula: '4·(units·(inputs+units)+units)',
      options: ['coupled', 'peepholes'],
      couples: ['input', 'forget'],
      layer: 'LSTM',
    },
  },
  {
    name: 'gru',
    doc: 'Gated recurrent unit (Cho et al. 2014): update and reset gates, no separate cell state.',
    facts: { gates: ['update', 'reset'], blocks: 3, formula: '3·(units·(inputs+units)+units)', options: [], layer: 'GRU' },
  },
];

export const GATES: EnumValue[] = [
  { name: 'input', doc: 'LSTM input gate: how much of the candidate enters the cell state. Without it the gate is fixed open (1).' },
  { name: 'forget', doc: 'LSTM forget gate: how much of the old cell state is kept. Without it the gate is fixed open (1): the cell never forgets.' },
  { name: 'output', doc: 'LSTM output gate: how much of the cell state is exposed as the hidden state. Without it the gate is fixed open (1).' },
  { name: 'update', doc: 'GRU update gate: how much of the candidate replaces the old hidden state. Without it the gate is fixed open: the candidate always replaces the state, h_t = candidate.' },
  { name: 'reset', doc: 'GRU reset gate r: how much of the old hidden state feeds the candidate. Without it the gate is fixed open (1).' },
];

// ---------------------------------------------------------------- losses
export const LOSSES: EnumValueWithFacts<LossFacts>[] = [
  { name: 'mse', doc: 'Mean squared error. Regression.', facts: { task: 'regression', activations: ['linear', 'tanh', 'sigmoid', 'relu', 'elu', 'selu', 'hard_sigmoid'] } },
  { name: 'mae', doc: 'Mean absolute error. Regression, robust to outliers.', facts: { task: 'regression', activations: ['linear', 'tanh', 'sigmoid', 'relu', 'elu', 'selu', 'hard_sigmoid'] } },
  { name: 'huber', doc: 'Huber loss (delta 1): quadratic near zero, linear far away. Regression.', facts: { task: 'regression', activations: ['linear', 'tanh', 'sigmoid', 'relu', 'elu', 'selu', 'hard_sigmoid'] } },
  { name: 'binary_crossentropy', doc: 'Cross-entropy for yes/no targets in [0, 1]. Needs a sigmoid output.', facts: { task: 'classification', activations: ['sigmoid', 'hard_sigmoid'] } },
  { name: 'categorical_crossentropy', doc: 'Cross-entropy for one-hot class targets. Needs a softmax output.', facts: { task: 'classification', activations: ['softmax'] } },
  { name: 'sparse_categorical_crossentropy', doc: 'Cross-entropy for integer class targets (e.g. next-character prediction). Needs a softmax output.', facts: { task: 'classification', activations: ['softmax'] } },
];

// ---------------------------------------------------------------- optimizers
const clipArgs: PropertySchema[] = [
  prop('clipnorm', num({ greaterThan: 0 }), 'Rescale the gradients so that their global L2 norm is at most this value (applied by the training loop before the update).'),
  prop('clipvalue', num({ greaterThan: 0 }), 'Clip every gradient element to [-clipvalue, clipvalue] (applied by the training loop before the update).'),
];
const lr = (dflt: number, usual: { min: number; max: number }) =>
  prop('lr', num({ greaterThan: 0 }), 'Learning rate: the step size of each update.', { default: dflt, usual });
const epsilon = (dflt: number) => prop('epsilon', num({ greaterThan: 0 }), 'Small constant for numerical stability.', { default: dflt });
const beta = (key: string, dflt: number, doc: string) => prop(key, num({ min: 0, lessThan: 1 }), doc, { default: dflt });

export const OPTIMIZERS: FunctionSchema[] = [
  {
    name: 'sgd',
    doc: 'Stochastic gradient descent, optionally with (Nesterov) momentum.',
    args: [
      lr(0.01, { min: 1e-4, max: 1 }),
      prop('momentum', num({ min: 0, lessThan: 1 }), 'Momentum factor; 0 disables momentum.', { default: 0 }),
      prop('nesterov', bool, 'Use Nesterov momentum.', { default: false }),
      ...clipArgs,
    ],
  },
  {
    name: 'adam',
    doc: 'Adam (Kingma & Ba 2015): adaptive moments. A robust default.',
    args: [
      lr(0.001, { min: 1e-5, max: 0.05 }),
      beta('beta1', 0.9, 'Decay rate of the first-moment estimate.'),
      beta('beta2', 0.999, 'Decay rate of the second-moment estimate.'),
      epsilon(1e-7),
      ...clipArgs,
    ],
  },
  {
    name: 'rmsprop',
    doc: 'RMSprop (Hinton): divides the gradient by a running average of its magnitude. A classic for recurrent networks.',
    args: [
      lr(0.001, { min: 1e-5, max: 0.05 }),
      beta('rho', 0.9, 'Decay rate of the running average of squared gradients.'),
      prop('momentum', num({ min: 0, lessThan: 1 }), 'Momentum factor.', { default: 0 }),
      epsilon(1e-7),
      ...clipArgs,
    ],
  },
  {
    name: 'adagrad',
    doc: 'Adagrad: per-parameter learning rates that shrink with accumulated squared gradients.',
    args: [lr(0.01, { min: 1e-4, max: 0.5 }), ...clipArgs],
  },
  {
    name: 'adadelta',
    doc: 'Adadelta: Adagrad without the shrinking learning rate.',
    args: [lr(1.0, { min: 1e-3, max: 10 }), beta('rho', 0.95, 'Decay rate.'), epsilon(1e-7), ...clipArgs],
  },
  {
    name: 'adamax',
    doc: 'Adamax: Adam with the infinity norm.',
    args: [
      lr(0.002, { min: 1e-5, max: 0.05 }),
      beta('beta1', 0.9, 'Decay rate of the first-moment estimate.'),
      beta('beta2', 0.999, 'Decay rate of the weighted infinity norm.'),
      epsilon(1e-7),
      ...clipArgs,
    ],
  },
];

// ---------------------------------------------------------------- data sources
export const NORMALIZATIONS: EnumValue[] = [
  { name: 'none', doc: 'Use the values as they are.' },
  { name: 'minmax', doc: 'Scale to [0, 1] with the minimum and maximum of the training part.' },
  { name: 'zscore', doc: 'Subtract the mean and divide by the standard deviation of the training part.' },
];

export const DATA_SOURCES: FunctionWithFacts<DataSourceFacts>[] = [
  {
    name: 'sine',
    doc: 'A generated sine wave with optional Gaussian noise; each window of `timesteps` points predicts the next point. Regression, 1 feature, 1 output.',
    facts: { task: 'regression', features: 1, outputs: 1 },
    args: [
      prop('samples', int({ min: 2 }), 'Number of points in the series.', { default: 1000 }),
      prop('period', num({ greaterThan: 0 }), 'Points per full cycle.', { default: 40 }),
      prop('amplitude', num({ greaterThan: 0 }), 'Peak value of the wave.', { default: 1 }),
      prop('noise', num({ min: 0 }), 'Standard deviation of the Gaussian noise added to each point.', { default: 0 }),
      prop('seed', int({ min: 0 }), 'Seed of the noise (defaults to the training seed).'),
    ],
  },
  {
    name: 'adding',
    doc: 'The adding problem (Hochreiter & Schmidhuber 1997; Le et al. 2015): each sequence has two channels, random values in [0, 1] and a marker that is 1 at exactly two positions; the target is the sum of the two marked values. Predicting the mean gives an MSE of about 0.167. Regression, 2 features, 1 output.',
    facts: { task: 'regression', features: 2, outputs: 1 },
    args: [
      prop('samples', int({ min: 2 }), 'Number of sequences.', { default: 1000 }),
      prop('timesteps', int({ min: 2 }), 'Length of each sequence; must equal `input.timesteps`.', { inferred: 'input.timesteps', sameAs: 'input.timesteps' }),
      prop('seed', int({ min: 0 }), 'Seed of the generator (defaults to the training seed).'),
    ],
  },
  {
    name: 'csv',
    doc: 'Numeric columns of a CSV file with a header row, in time order; each window of `timesteps` rows predicts the next row of the chosen columns. Regression.',
    facts: { task: 'regression' },
    args: [
      prop('path', { kind: 'string', format: 'path' }, 'Path of the CSV file, relative to the .rnn file.', { required: true, example: '"data/series.csv"' }),
      prop('column', { kind: 'string', format: 'column' }, 'The one column to use.', { conflictsWith: ['columns'] }),
      prop('columns', { kind: 'list', items: { kind: 'string', format: 'column' }, minItems: 1, unique: true }, 'Several columns to use (one feature each).', { conflictsWith: ['column'] }),
      prop('normalize', enumOf(NORMALIZATIONS, 'NormalizationMethod'), 'How to scale the values (statistics come from the training part only).', { default: 'none' }),
    ],
  },
  {
    name: 'text',
    doc: 'A text file for next-character prediction: each window of `timesteps` characters predicts the next one. Classification over the vocabulary; `input.features` and `output.units` are the vocabulary size.',
    facts: { task: 'classification', generates: true },
    args: [
      prop('path', { kind: 'string', format: 'path' }, 'Path of the text file, relative to the .rnn file.', { required: true, example: '"data/input.txt"' }),
      prop('level', enumOf([{ name: 'char', doc: 'One token per character.' }]), 'Tokenisation level.', { default: 'char' }),
      prop('max_chars', int({ min: 2 }), 'Use at most this many characters from the start of the file.'),
      prop('stride', int({ min: 1 }), 'Characters between the starts of consecutive windows; the default gives non-overlapping windows, as char-rnn does.', { inferred: 'input.timesteps', defaultFrom: 'input.timesteps' }),
    ],
  },
];

// ---------------------------------------------------------------- blocks
const input: BlockSchema = {
  kind: 'block',
  name: 'input',
  doc: 'The input layer: sequences of `timesteps` steps with `features` values each.',
  required: true,
  snippet: 'input {\n\ttimesteps: ${1:50}\n\tfeatures: ${2:1}\n}',
  members: [
    prop('timesteps', int({ min: 1 }), 'Length of each input sequence (the steps backpropagation through time unrolls).', { required: true, example: '50' }),
    prop('features', int({ min: 1 }), 'Values per time step.', { inferred: 'from the data', checkerInfers: true }),
  ],
};

const hidden: BlockSchema = {
  kind: 'block',
  name: 'hidden',
  doc: 'The recurrent layers: one layer per entry of `units`, stacked, each feeding its full sequence to the next.',
  required: true,
  snippet: 'hidden {\n\tcell: ${1|lstm,gru,rnn|}\n\tunits: [${2:64}]\n}',
  members: [
    prop('cell', enumOf(CELLS, 'CellKind'), 'The recurrent cell.', { default: 'lstm' }),
    prop('units', { kind: 'list', items: int({ min: 1 }), minItems: 1 }, 'Hidden units of each stacked layer, first to last, e.g. `[64, 32]`.', { required: true, example: '[64]' }),
    prop('gates', { kind: 'list', items: enumOf(GATES, 'GateName'), unique: true }, 'The active gates. A missing gate is fixed open (= 1), as in Greff et al. 2017. lstm: input, forget, output; gru: update, reset; rnn has none.', { inferred: 'all gates of the cell', checkerInfers: true }),
    prop('coupled', bool, 'LSTM only: couple the input and forget gates, input = 1 - forget (needs both gates).', { default: false }),
    prop('peepholes', bool, 'LSTM only: the gates also see the cell state (Gers & Schmidhuber 2000).', { default: false }),
    prop('bidirectional', bool, 'Run every layer forwards and backwards and concatenate the two (doubles the outputs).', { default: false }),
    prop('dropout', num({ min: 0, lessThan: 1 }), 'Fraction of the inputs of each layer dropped during training.', { default: 0 }),
    prop('recurrent_dropout', num({ min: 0, lessThan: 1 }), 'Fraction of the recurrent state dropped during training (same mask at every step).', { default: 0 }),
    prop('activation', activation, 'Activation of the candidate and the output of the cell.', { default: 'tanh' }),
    prop('gate_activation', activation, 'Activation of the gates (sigmoid, as in Keras and PyTorch; tfjs\'s own default is hard_sigmoid).', { default: 'sigmoid' }),
  ],
};

const output: BlockSchema = {
  kind: 'block',
  name: 'output',
  doc: 'The dense output layer applied to the last hidden state.',
  snippet: 'output {\n\tunits: ${1:1}\n\tactivation: ${2|linear,sigmoid,softmax|}\n}',
  members: [
    prop('units', int({ min: 1 }), 'Number of outputs.', { inferred: 'from the data', checkerInfers: true }),
    prop('activation', activation, 'Output activation; it must fit the loss.', { default: 'linear' }),
  ],
};

const train: BlockSchema = {
  kind: 'block',
  name: 'train',
  doc: 'How to train: epochs, batches, validation, early stopping and the seed.',
  snippet: 'train {\n\tepochs: ${1:20}\n\tbatch_size: ${2:32}\n\tvalidation_split: ${3:0.2}\n}',
  members: [
    prop('epochs', int({ min: 1 }), 'Passes over the training data.', { default: 10 }),
    prop('batch_size', int({ min: 1 }), 'Sequences per gradient step.', { default: 32 }),
    prop('validation_split', num({ min: 0, lessThan: 1 }), 'Fraction of the data held out for validation: the last part in time order.', { default: 0.2 }),
    prop('shuffle', bool, 'Shuffle the training windows every epoch (the validation part is never shuffled into training).', { default: true }),
    prop('early_stopping', int({ min: 0 }), 'Stop when the validation loss has not improved for this many epochs, and keep the best weights; 0 turns it off.', { default: 0 }),
    prop('seed', int({ min: 0 }), 'Random seed: the same seed gives the same initial weights, shuffles, dropout masks and losses.', { inferred: 'random, recorded in the run' }),
  ],
};

const generate: BlockSchema = {
  kind: 'block',
  name: 'generate',
  doc: 'Text models only: after training, sample text from the model and print it.',
  snippet: 'generate {\n\tlength: ${1:300}\n\ttemperature: ${2:0.7}\n\tprime: "${3}"\n}',
  members: [
    prop('length', int({ min: 1 }), 'Characters to generate.', { default: 200 }),
    prop('temperature', num({ greaterThan: 0 }), 'Sampling temperature: below 1 is more conservative, above 1 more surprising.', { default: 1 }),
    prop('prime', { kind: 'string' }, 'Text to start from.', { default: '' }),
  ],
};

const model: BlockSchema = {
  kind: 'block',
  name: 'model',
  doc: 'A recurrent network: its data, layers, loss, optimizer and training.',
  members: [
    prop('data', { kind: 'call', functions: DATA_SOURCES, typeName: 'DataSpec' }, 'Where the sequences come from.', { required: true, example: 'sine(samples: 1000, period: 40)' }),
    input,
    hidden,
    output,
    prop('loss', enumOf(LOSSES, 'LossName'), 'The loss to minimise; it must fit the output activation.', { required: true, example: 'mse' }),
    prop('optimizer', { kind: 'call', functions: OPTIMIZERS, typeName: 'OptimizerSpec' }, 'The optimizer and its settings, e.g. `adam(lr: 0.005, clipnorm: 1.0)`. An identifier such as `adam` means the optimizer with its defaults.', { default: 'adam' }),
    train,
    generate,
  ],
};

export const SCHEMA: LanguageSchema = { model };
