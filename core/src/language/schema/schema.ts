// The single source of truth about the .rnn language. Adding a key to the
// language is one entry here plus its meaning in the engine. Every doc is
// written in English and Simplified Chinese (terms as in
// l10n/glossary.zh-cn.json; keys, values and formulas stay as they are).
import type {
  ActivationFacts, BlockSchema, CellFacts, DataSourceFacts, Doc, EnumValue, EnumValueWithFacts, FunctionSchema,
  FunctionWithFacts, LanguageSchema, LossFacts, PropertySchema, ValueType,
} from './types';

const prop = (key: string, type: ValueType, doc: Doc, extra: Partial<PropertySchema> = {}): PropertySchema => ({
  kind: 'property', key, type, doc, ...extra,
});
const int = (bounds: { min?: number; max?: number } = {}): ValueType => ({ kind: 'integer', ...bounds });
const num = (bounds: { min?: number; max?: number; greaterThan?: number; lessThan?: number } = {}): ValueType => ({
  kind: 'number', ...bounds,
});
const bool: ValueType = { kind: 'boolean' };

// ---------------------------------------------------------------- limits
// Every number has a finite maximum, so no value alone can ask for a typed
// array V8 cannot allocate or a loop that never ends. The maxima are generous
// (far above any spec this tool is for) and fixed, so a spec checks the same
// on every machine; what sizes cost together (units × timesteps × batch) is
// the resource estimate's job (check/resources.ts), not these bounds.
/** Seeds are folded to 32 bits (engine/util/random.ts); larger ones would silently repeat smaller ones. */
const MAX_SEED = 2 ** 32 - 1;
/** Steps backpropagation through time unrolls; the kernels loop over them one by one. */
const MAX_TIMESTEPS = 10_000;
/** Units of a layer, outputs and features: one weight matrix is units × (inputs + units) floats. */
const MAX_WIDTH = 1_000_000;
/** Points of a generated series: `sine` keeps it in one Float32Array (40 MB at this size). */
const MAX_SERIES = 10_000_000;
/** Generated sequences: `adding` stores samples × timesteps × 2 floats at once (8 GB at both maxima). */
const MAX_SEQUENCES = 100_000;
/** Characters of a text: the tokens live in one Uint16Array. */
const MAX_CHARS = 100_000_000;
/** Passes and steps counted by the training loop (epochs, batch rows, patience, generated characters). */
const MAX_COUNT = 1_000_000;
/**
 * Real-valued settings (learning rate, clipping, amplitude, noise, temperature): even squared, a value this size
 * stays far inside float32 (1e18 < 3.4e38); beyond it they only overflow. Large enough for a deliberately
 * diverging learning rate (the training tests use 1e8).
 */
const MAX_REAL = 1_000_000_000;
/** `typeName` names the spec's TypeScript union of the values (see scripts/gen-spec-types.ts). */
const enumOf = (values: EnumValue[], typeName?: string): ValueType => ({ kind: 'enum', values, ...(typeName ? { typeName } : {}) });

// ---------------------------------------------------------------- activations
export const ACTIVATIONS: EnumValueWithFacts<ActivationFacts>[] = [
  {
    name: 'linear',
    doc: {
      en: 'Identity, f(x) = x. The usual output for regression.',
      zh: '恒等函数 f(x) = x。回归任务常用的输出激活函数。',
    },
    facts: { outputs: 'real' },
  },
  {
    name: 'tanh',
    doc: {
      en: 'Hyperbolic tangent, range (-1, 1). The usual cell activation.',
      zh: '双曲正切函数，值域 (-1, 1)。循环单元最常用的激活函数。',
    },
    facts: { outputs: 'bounded' },
  },
  {
    name: 'sigmoid',
    doc: {
      en: 'Logistic function 1/(1+e^-x), range (0, 1). Binary classification output; the usual gate activation.',
      zh: 'Logistic 函数 1/(1+e^-x)，值域 (0, 1)。用作二分类的输出；也是门最常用的激活函数。',
    },
    facts: { outputs: 'probability' },
  },
  {
    name: 'hard_sigmoid',
    doc: {
      en: 'Piecewise-linear approximation of the sigmoid (tfjs\'s own gate default).',
      zh: 'sigmoid 的分段线性近似（tfjs 自身给门的默认激活函数）。',
    },
    facts: { outputs: 'probability' },
  },
  {
    name: 'relu',
    doc: {
      en: 'Rectified linear unit, max(0, x).',
      zh: '修正线性单元（ReLU），max(0, x)。',
    },
    facts: { outputs: 'nonnegative' },
  },
  {
    name: 'elu',
    doc: {
      en: 'Exponential linear unit.',
      zh: '指数线性单元（ELU）。',
    },
    facts: { outputs: 'real' },
  },
  {
    name: 'selu',
    doc: {
      en: 'Scaled exponential linear unit.',
      zh: '缩放指数线性单元（SELU）。',
    },
    facts: { outputs: 'real' },
  },
  {
    name: 'softmax',
    doc: {
      en: 'Normalises the outputs into a probability distribution over classes (multi-class classification).',
      zh: '把输出归一化为各类别上的概率分布（用于多分类）。',
    },
    facts: { outputs: 'distribution' },
  },
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
    doc: {
      en: 'Plain (Elman) recurrent cell: h_t = act(W·x_t + U·h_{t-1} + b). Cheap, but gradients vanish over long sequences.',
      zh: '普通（Elman）循环单元：h_t = act(W·x_t + U·h_{t-1} + b)。计算量小，但在长序列上梯度容易消失。',
    },
    facts: { gates: [], blocks: 1, formula: 'units·(inputs+units)+units', options: [], longSequence: 30, layer: 'SimpleRNN' },
  },
  {
    name: 'lstm',
    doc: {
      en: 'Long short-term memory (Hochreiter & Schmidhuber 1997): a cell state guarded by input, forget and output gates.',
      zh: '长短期记忆（Hochreiter & Schmidhuber 1997）：细胞状态由输入门、遗忘门和输出门共同把守。',
    },
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
    doc: {
      en: 'Gated recurrent unit (Cho et al. 2014): update and reset gates, no separate cell state.',
      zh: '门控循环单元（Cho et al. 2014）：有更新门和重置门，没有单独的细胞状态。',
    },
    facts: { gates: ['update', 'reset'], blocks: 3, formula: '3·(units·(inputs+units)+units)', options: [], layer: 'GRU' },
  },
];

export const GATES: EnumValue[] = [
  {
    name: 'input',
    doc: {
      en: 'LSTM input gate: how much of the candidate enters the cell state. Without it the gate is fixed open (1).',
      zh: 'LSTM 的输入门：决定候选值有多少写入细胞状态。不启用时，该门恒为全开（取值 1）。',
    },
  },
  {
    name: 'forget',
    doc: {
      en: 'LSTM forget gate: how much of the old cell state is kept. Without it the gate is fixed open (1): the cell never forgets.',
      zh: 'LSTM 的遗忘门：决定旧的细胞状态保留多少。不启用时，该门恒为全开（取值 1）：单元从不遗忘。',
    },
  },
  {
    name: 'output',
    doc: {
      en: 'LSTM output gate: how much of the cell state is exposed as the hidden state. Without it the gate is fixed open (1).',
      zh: 'LSTM 的输出门：决定细胞状态有多少作为隐藏状态输出。不启用时，该门恒为全开（取值 1）。',
    },
  },
  {
    name: 'update',
    doc: {
      en: 'GRU update gate: how much of the candidate replaces the old hidden state. Without it the gate is fixed open: the candidate always replaces the state, h_t = candidate.',
      zh: 'GRU 的更新门：决定候选值在多大程度上取代旧的隐藏状态。不启用时，该门恒为全开：候选值总是完全取代状态，h_t = candidate。',
    },
  },
  {
    name: 'reset',
    doc: {
      en: 'GRU reset gate r: how much of the old hidden state feeds the candidate. Without it the gate is fixed open (1).',
      zh: 'GRU 的重置门 r：决定旧的隐藏状态有多少参与计算候选值。不启用时，该门恒为全开（取值 1）。',
    },
  },
];

// ---------------------------------------------------------------- losses
export const LOSSES: EnumValueWithFacts<LossFacts>[] = [
  {
    name: 'mse',
    doc: {
      en: 'Mean squared error. Regression.',
      zh: '均方误差。用于回归。',
    },
    facts: { task: 'regression', targets: 'values', activations: ['linear', 'tanh', 'sigmoid', 'relu', 'elu', 'selu', 'hard_sigmoid'] },
  },
  {
    name: 'mae',
    doc: {
      en: 'Mean absolute error. Regression, robust to outliers.',
      zh: '平均绝对误差。用于回归，对离群值不敏感。',
    },
    facts: { task: 'regression', targets: 'values', activations: ['linear', 'tanh', 'sigmoid', 'relu', 'elu', 'selu', 'hard_sigmoid'] },
  },
  {
    name: 'huber',
    doc: {
      en: 'Huber loss (delta 1): quadratic near zero, linear far away. Regression.',
      zh: 'Huber 损失（delta 1）：误差接近零时是二次的，远离零时是线性的。用于回归。',
    },
    facts: { task: 'regression', targets: 'values', activations: ['linear', 'tanh', 'sigmoid', 'relu', 'elu', 'selu', 'hard_sigmoid'] },
  },
  {
    name: 'binary_crossentropy',
    doc: {
      en: 'Cross-entropy for yes/no targets in [0, 1]. Needs a sigmoid output.',
      zh: '二元交叉熵，目标是 [0, 1] 内的“是/否”值。需要 sigmoid 输出。',
    },
    facts: { task: 'classification', targets: 'yes-no', activations: ['sigmoid', 'hard_sigmoid'] },
  },
  {
    name: 'categorical_crossentropy',
    doc: {
      en: 'Cross-entropy for one-hot class targets. Needs a softmax output.',
      zh: '交叉熵，目标是 one-hot 编码的类别。需要 softmax 输出。',
    },
    facts: { task: 'classification', targets: 'classes', activations: ['softmax'] },
  },
  {
    name: 'sparse_categorical_crossentropy',
    doc: {
      en: 'Cross-entropy for integer class targets (e.g. next-character prediction). Needs a softmax output.',
      zh: '交叉熵，目标是整数类别编号（例如预测下一个字符）。需要 softmax 输出。',
    },
    facts: { task: 'classification', targets: 'classes', activations: ['softmax'] },
  },
];

// ---------------------------------------------------------------- optimizers
const clipArgs: PropertySchema[] = [
  prop('clipnorm', num({ greaterThan: 0, max: MAX_REAL }), {
    en: 'Rescale the gradients so that their global L2 norm is at most this value (applied by the training loop before the update).',
    zh: '按比例缩放梯度，使其全局 L2 范数不超过此值（由训练循环在参数更新前执行）。',
  }),
  prop('clipvalue', num({ greaterThan: 0, max: MAX_REAL }), {
    en: 'Clip every gradient element to [-clipvalue, clipvalue] (applied by the training loop before the update).',
    zh: '把梯度的每个元素截断到 [-clipvalue, clipvalue]（由训练循环在参数更新前执行）。',
  }),
];
const lr = (dflt: number, usual: { min: number; max: number }) =>
  prop('lr', num({ greaterThan: 0, max: MAX_REAL }), {
    en: 'Learning rate: the step size of each update.',
    zh: '学习率：每次参数更新的步长。',
  }, { default: dflt, usual });
const epsilon = (dflt: number) => prop('epsilon', num({ greaterThan: 0, max: 1 }), {
  en: 'Small constant for numerical stability.',
  zh: '保证数值稳定的小常数。',
}, { default: dflt });
const beta = (key: string, dflt: number, doc: Doc) => prop(key, num({ min: 0, lessThan: 1 }), doc, { default: dflt });

export const OPTIMIZERS: FunctionSchema[] = [
  {
    name: 'sgd',
    doc: {
      en: 'Stochastic gradient descent, optionally with (Nesterov) momentum.',
      zh: '随机梯度下降，可选用（Nesterov）动量。',
    },
    args: [
      lr(0.01, { min: 1e-4, max: 1 }),
      prop('momentum', num({ min: 0, lessThan: 1 }), {
        en: 'Momentum factor; 0 disables momentum.',
        zh: '动量系数；0 表示不用动量。',
      }, { default: 0 }),
      prop('nesterov', bool, {
        en: 'Use Nesterov momentum.',
        zh: '使用 Nesterov 动量。',
      }, { default: false }),
      ...clipArgs,
    ],
  },
  {
    name: 'adam',
    doc: {
      en: 'Adam (Kingma & Ba 2015): adaptive moments. A robust default.',
      zh: 'Adam（Kingma & Ba 2015）：自适应矩估计。稳健的默认选择。',
    },
    args: [
      lr(0.001, { min: 1e-5, max: 0.05 }),
      beta('beta1', 0.9, {
        en: 'Decay rate of the first-moment estimate.',
        zh: '一阶矩估计的衰减率。',
      }),
      beta('beta2', 0.999, {
        en: 'Decay rate of the second-moment estimate.',
        zh: '二阶矩估计的衰减率。',
      }),
      epsilon(1e-7),
      ...clipArgs,
    ],
  },
  {
    name: 'rmsprop',
    doc: {
      en: 'RMSprop (Hinton): divides the gradient by a running average of its magnitude. A classic for recurrent networks.',
      zh: 'RMSprop（Hinton）：将梯度除以其幅值的滑动平均。训练循环神经网络的经典选择。',
    },
    args: [
      lr(0.001, { min: 1e-5, max: 0.05 }),
      beta('rho', 0.9, {
        en: 'Decay rate of the running average of squared gradients.',
        zh: '梯度平方的滑动平均的衰减率。',
      }),
      prop('momentum', num({ min: 0, lessThan: 1 }), {
        en: 'Momentum factor.',
        zh: '动量系数。',
      }, { default: 0 }),
      epsilon(1e-7),
      ...clipArgs,
    ],
  },
  {
    name: 'adagrad',
    doc: {
      en: 'Adagrad: per-parameter learning rates that shrink with accumulated squared gradients.',
      zh: 'Adagrad：每个参数有各自的学习率，随着梯度平方的累积而逐渐减小。',
    },
    args: [lr(0.01, { min: 1e-4, max: 0.5 }), ...clipArgs],
  },
  {
    name: 'adadelta',
    doc: {
      en: 'Adadelta: Adagrad without the shrinking learning rate.',
      zh: 'Adadelta：学习率不会持续减小的 Adagrad。',
    },
    args: [lr(1.0, { min: 1e-3, max: 10 }), beta('rho', 0.95, {
      en: 'Decay rate.',
      zh: '衰减率。',
    }), epsilon(1e-7), ...clipArgs],
  },
  {
    name: 'adamax',
    doc: {
      en: 'Adamax: Adam with the infinity norm.',
      zh: 'Adamax：基于无穷范数的 Adam 变体。',
    },
    args: [
      lr(0.002, { min: 1e-5, max: 0.05 }),
      beta('beta1', 0.9, {
        en: 'Decay rate of the first-moment estimate.',
        zh: '一阶矩估计的衰减率。',
      }),
      beta('beta2', 0.999, {
        en: 'Decay rate of the weighted infinity norm.',
        zh: '加权无穷范数的衰减率。',
      }),
      epsilon(1e-7),
      ...clipArgs,
    ],
  },
];

// ---------------------------------------------------------------- data sources
export const NORMALIZATIONS: EnumValue[] = [
  {
    name: 'none',
    doc: {
      en: 'Use the values as they are.',
      zh: '原样使用数值。',
    },
  },
  {
    name: 'minmax',
    doc: {
      en: 'Scale to [0, 1] with the minimum and maximum of the training part.',
      zh: '用训练部分的最小值和最大值缩放到 [0, 1]。',
    },
  },
  {
    name: 'zscore',
    doc: {
      en: 'Subtract the mean and divide by the standard deviation of the training part.',
      zh: '减去训练部分的均值，再除以训练部分的标准差。',
    },
  },
];

/** How a data file is read for training (data-files/streaming.ts). */
export const STREAM_MODES: EnumValue[] = [
  {
    name: 'auto',
    doc: {
      en: 'Load the file whole, unless the data would take training over the memory budget: then stream it from disk.',
      zh: '整个读入文件；只有当数据会使训练超出内存预算时，才改为从磁盘流式读取。',
    },
  },
  {
    name: 'always',
    doc: {
      en: 'Always stream from disk: one pass indexes the rows, then each batch reads its rows from the file.',
      zh: '始终从磁盘流式读取：先用一遍扫描为各行建立索引，之后每个批次从文件中读取它所需的行。',
    },
  },
  {
    name: 'never',
    doc: {
      en: 'Always load the file whole (faster per batch); the data then counts against the memory budget.',
      zh: '始终整个读入文件（每个批次更快）；此时数据计入内存预算。',
    },
  },
];

export const TOKEN_LEVELS: EnumValue[] = [
  {
    name: 'char',
    doc: { en: 'One token per character (code point).', zh: '每个字符（码位）是一个词元。' },
  },
  {
    name: 'word',
    doc: {
      en: 'One token per word: a word is a run of letters, digits and marks, with apostrophes inside it (`don\'t`); every other visible character (punctuation) is a token of its own; whitespace only separates.',
      zh: '每个单词是一个词元：单词是由字母、数字和附加符号组成的连续串，中间可含撇号（`don\'t`）；其余每个可见字符（标点）各自是一个词元；空白只起分隔作用。',
    },
  },
];

/** The tokenisation of the sources whose inputs are tokens (text and text folders). */
const tokenArgs: PropertySchema[] = [
  prop('level', enumOf(TOKEN_LEVELS, 'TokenLevel'), {
    en: 'Tokenisation level: characters or words.',
    zh: '划分词元的粒度：字符或单词。',
  }, { default: 'char' }),
  prop('vocabulary', int({ min: 2, max: MAX_WIDTH }), {
    en: 'At most this many tokens: the most frequent ones (ties in code point order) and `<unk>`, the out-of-vocabulary token (index 0), which stands for every other token. Absent: every distinct token, sorted, and no `<unk>`.',
    zh: '词表最多这么多个词元：出现最多的那些（次数相同时按码位顺序）加上词表外词元 `<unk>`（编号 0），它代表其余所有词元。不写时：取全部不同的词元，排序，不设 `<unk>`。',
  }),
  prop('lowercase', bool, {
    en: 'Lowercase the text before splitting it into tokens.',
    zh: '在切分词元之前把文本转为小写。',
  }, { default: false }),
];

export const DATA_SOURCES: FunctionWithFacts<DataSourceFacts>[] = [
  {
    name: 'sine',
    doc: {
      en: 'A generated sine wave with optional Gaussian noise; each window of `timesteps` points predicts the next point. Regression, 1 feature, 1 output.',
      zh: '生成的正弦波，可叠加高斯噪声；每个由 `timesteps` 个点组成的窗口预测下一个点。回归任务，1 个特征，1 个输出。',
    },
    facts: { task: 'regression', features: 1, outputs: 1, series: true, stepTargets: 'next' },
    args: [
      prop('samples', int({ min: 2, max: MAX_SERIES }), {
        en: 'Number of points in the series.',
        zh: '序列中的点数。',
      }, { default: 1000 }),
      prop('period', num({ greaterThan: 0, max: MAX_SERIES }), {
        en: 'Points per full cycle; a whole number is also the season of the seasonal-naive baseline.',
        zh: '每个完整周期的点数；为整数时，它也是季节朴素基线的季节长度。',
      }, { default: 40 }),
      prop('amplitude', num({ greaterThan: 0, max: MAX_REAL }), {
        en: 'Peak value of the wave.',
        zh: '波的峰值。',
      }, { default: 1 }),
      prop('noise', num({ min: 0, max: MAX_REAL }), {
        en: 'Standard deviation of the Gaussian noise added to each point.',
        zh: '加到每个点上的高斯噪声的标准差。',
      }, { default: 0 }),
      prop('seed', int({ min: 0, max: MAX_SEED }), {
        en: 'Seed of the noise (defaults to the training seed).',
        zh: '噪声的随机种子（默认取训练的随机种子）。',
      }),
    ],
  },
  {
    name: 'adding',
    doc: {
      en: 'The adding problem (Hochreiter & Schmidhuber 1997; Le et al. 2015): each sequence has two channels, random values in [0, 1] and a marker that is 1 at exactly two positions; the target is the sum of the two marked values. Predicting the mean gives an MSE of about 0.167. Regression, 2 features, 1 output.',
      zh: '加法问题（Hochreiter & Schmidhuber 1997；Le et al. 2015）：每个序列有两个通道，一个是 [0, 1] 内的随机数，另一个是标记，恰好在两个位置上为 1；目标是这两个被标记的数之和。总是预测均值时 MSE 约为 0.167。回归任务，2 个特征，1 个输出。',
    },
    facts: { task: 'regression', features: 2, outputs: 1 },
    args: [
      prop('samples', int({ min: 2, max: MAX_SEQUENCES }), {
        en: 'Number of sequences.',
        zh: '序列的个数。',
      }, { default: 1000 }),
      prop('timesteps', int({ min: 2, max: MAX_TIMESTEPS }), {
        en: 'Length of each sequence; must equal `input.timesteps`.',
        zh: '每个序列的长度；必须等于 `input.timesteps`。',
      }, { inferred: 'input.timesteps', sameAs: 'input.timesteps' }),
      prop('seed', int({ min: 0, max: MAX_SEED }), {
        en: 'Seed of the generator (defaults to the training seed).',
        zh: '生成器的随机种子（默认取训练的随机种子）。',
      }),
    ],
  },
  {
    name: 'csv',
    doc: {
      en: 'Numeric columns of a CSV file with a header row, in time order; each window of `timesteps` rows predicts the next row of the chosen columns. Regression.',
      zh: '带表头行的 CSV 文件中的数值列，行按时间顺序排列；每个由 `timesteps` 行组成的窗口预测所选列的下一行。回归任务。',
    },
    facts: { task: 'regression', series: true, stepTargets: 'next' },
    args: [
      prop('path', { kind: 'string', format: 'path' }, {
        en: 'Path of the CSV file, relative to the .rnn file.',
        zh: 'CSV 文件的路径，相对于 .rnn 文件。',
      }, { required: true, example: '"data/series.csv"' }),
      prop('column', { kind: 'string', format: 'column' }, {
        en: 'The one column to use.',
        zh: '要使用的那一列。',
      }, { conflictsWith: ['columns'] }),
      prop('columns', { kind: 'list', items: { kind: 'string', format: 'column' }, minItems: 1, unique: true }, {
        en: 'Several columns to use (one feature each).',
        zh: '要使用的多个列（每列是一个特征）。',
      }, { conflictsWith: ['column'] }),
      prop('normalize', enumOf(NORMALIZATIONS, 'NormalizationMethod'), {
        en: 'How to scale the values (statistics come from the training part only).',
        zh: '数值的缩放方式（统计量只取自训练部分）。',
      }, { default: 'none' }),
      prop('stream', enumOf(STREAM_MODES, 'StreamMode'), {
        en: 'Whether training streams the file from disk instead of loading it whole: windows, split and normalisation are the same either way; streaming reads every batch\'s rows from the file (slower per batch, above all with shuffling) and holds only a row index and a cache of recent rows.',
        zh: '训练时是否从磁盘流式读取文件，而不是整个读入：两种方式下的窗口、划分和归一化完全相同；流式读取时每个批次的行都从文件中读取（每个批次更慢，打乱顺序时尤甚），内存中只保留行索引和最近读取的行的缓存。',
      }, { default: 'auto' }),
      prop('season', int({ min: 2, max: MAX_SERIES }), {
        en: 'Rows in one season of the series (12 for monthly data with a yearly cycle). Declared, not detected: with it the seasonal-naive forecast (the value one season earlier) is a baseline next to persistence (the last value).',
        zh: '序列中一个季节周期的行数（按月记录、以年为周期的数据为 12）。由用户声明，不做自动检测：给出后，季节朴素预测（取一个季节之前的值）会与持续性预测（取最后一个值）一起作为基线。',
      }),
    ],
  },
  {
    name: 'text',
    doc: {
      en: 'A text file for next-token prediction: each window of `timesteps` tokens (characters or words) predicts the next one. Classification over the vocabulary; `input.features` and `output.units` are the vocabulary size.',
      zh: '用于预测下一个词元的文本文件：每个由 `timesteps` 个词元（字符或单词）组成的窗口预测下一个词元。在词表上做分类；`input.features` 和 `output.units` 都等于词表大小。',
    },
    facts: { task: 'classification', generates: true, tokens: true, stepTargets: 'next' },
    args: [
      prop('path', { kind: 'string', format: 'path' }, {
        en: 'Path of the text file, relative to the .rnn file.',
        zh: '文本文件的路径，相对于 .rnn 文件。',
      }, { required: true, example: '"data/input.txt"' }),
      ...tokenArgs,
      prop('max_chars', int({ min: 2, max: MAX_CHARS }), {
        en: 'Use at most this many characters from the start of the file.',
        zh: '最多使用从文件开头起的这么多个字符。',
      }),
      prop('stride', int({ min: 1, max: MAX_CHARS }), {
        en: 'Tokens between the starts of consecutive windows; the default gives non-overlapping windows, as char-rnn does.',
        zh: '相邻两个窗口起点之间相隔的词元数；默认值使窗口互不重叠，与 char-rnn 的做法相同。',
      }, { inferred: 'input.timesteps', defaultFrom: 'input.timesteps' }),
    ],
  },
  {
    name: 'sequences',
    doc: {
      en: 'Labelled sequences from a CSV file with a header row, one class label per sequence (labels may be words; the classes are the distinct labels, sorted). Long format, with `id`: one row per time step, the rows of a sequence share its id. Wide format, without `id`: one row per sequence, whose value columns hold step 1\'s features, then step 2\'s, and so on (`input.timesteps` steps). Sequences shorter than `input.timesteps` are padded at the end (a mask marks the real steps), longer ones are cut to it. Classification; `output.units` is the number of classes.',
      zh: '来自带表头行的 CSV 文件的带标签序列，每个序列一个类别标签（标签可以是单词；类别是排序后的不同标签）。长格式（写了 `id`）：每行一个时间步，同一序列的各行 id 相同。宽格式（不写 `id`）：每行一个序列，其数值列依次是第 1 步的各特征、第 2 步的各特征……（共 `input.timesteps` 步）。比 `input.timesteps` 短的序列在末尾填充（由掩码标出真实的步），更长的截断到这个长度。分类任务；`output.units` 等于类别数。',
    },
    facts: { task: 'classification', labelled: true },
    args: [
      prop('path', { kind: 'string', format: 'path' }, {
        en: 'Path of the CSV file, relative to the .rnn file.',
        zh: 'CSV 文件的路径，相对于 .rnn 文件。',
      }, { required: true, example: '"data/sequences.csv"' }),
      prop('label', { kind: 'string', format: 'column' }, {
        en: 'The column of the class labels (in long format, every row of a sequence has the same label).',
        zh: '类别标签所在的列（长格式中，同一序列的每一行标签都相同）。',
      }, { required: true, example: '"label"' }),
      prop('id', { kind: 'string', format: 'column' }, {
        en: 'Long format: the column naming the sequence each row belongs to. Absent: wide format, one row per sequence.',
        zh: '长格式：指明每行属于哪个序列的列。不写时为宽格式，每行一个序列。',
      }),
      prop('time', { kind: 'string', format: 'column' }, {
        en: 'Long format: a numeric column that orders the steps of a sequence. Absent: the rows\' order in the file.',
        zh: '长格式：给序列中各步排序的数值列。不写时按行在文件中的顺序。',
      }),
      prop('columns', { kind: 'list', items: { kind: 'string', format: 'column' }, minItems: 1, unique: true }, {
        en: 'The value columns. Absent: every numeric column except `label`, `id` and `time`.',
        zh: '数值列。不写时取除 `label`、`id`、`time` 以外的全部数值列。',
      }),
      prop('normalize', enumOf(NORMALIZATIONS, 'NormalizationMethod'), {
        en: 'How to scale the values (statistics come from the training sequences only).',
        zh: '数值的缩放方式（统计量只取自训练序列）。',
      }, { default: 'none' }),
    ],
  },
  {
    name: 'text_folder',
    doc: {
      en: 'Text classification from a folder with one subfolder per class, as Keras\'s `text_dataset_from_directory`: `path/<class>/*.txt`, each file one sequence of tokens labelled with its folder\'s name (classes sorted). Only regular files and folders inside `path` are read (a link that leads out of it is an error); at most 1,000 classes, 100,000 files and 1 MiB per file. Sequences are padded at the end to `input.timesteps` (a mask marks the real steps), longer ones cut to it. Classification; `output.units` is the number of classes.',
      zh: '按文件夹做文本分类，每个类别一个子文件夹，与 Keras 的 `text_dataset_from_directory` 相同：`path/<class>/*.txt`，每个文件是一个词元序列，标签是它所在文件夹的名字（类别排序）。只读取 `path` 之内的普通文件和文件夹（指向其外的链接是错误）；最多 1,000 个类别、100,000 个文件、每个文件 1 MiB。序列在末尾填充到 `input.timesteps`（由掩码标出真实的步），更长的截断到这个长度。分类任务；`output.units` 等于类别数。',
    },
    facts: { task: 'classification', labelled: true, tokens: true },
    args: [
      prop('path', { kind: 'string', format: 'path' }, {
        en: 'Path of the folder, relative to the .rnn file.',
        zh: '文件夹的路径，相对于 .rnn 文件。',
      }, { required: true, example: '"data/reviews"' }),
      ...tokenArgs,
    ],
  },
];

/** Where the output layer predicts (`output.at`). */
export const OUTPUT_STEPS: EnumValue[] = [
  {
    name: 'last',
    doc: {
      en: 'One prediction per window, after its last step: the next value or character, or the label of the sequence.',
      zh: '每个窗口一个预测，位于最后一步之后：下一个值或字符，或整个序列的标签。',
    },
  },
  {
    name: 'every_step',
    doc: {
      en: 'A prediction after every step: the next value or character after each step of the window. Needs data with a target at every step (series and text).',
      zh: '每一步之后都做一个预测：窗口中每一步之后的下一个值或字符。需要每一步都有目标的数据（序列和文本）。',
    },
  },
];

/** How a recurrent layer's recurrent kernel starts (`hidden.recurrent_init`). */
const gain = (doc: Doc) => prop('gain', num({ greaterThan: 0, max: 100 }), doc, { default: 1 });
export const RECURRENT_INITS: FunctionSchema[] = [
  {
    name: 'orthogonal',
    doc: {
      en: 'A random orthogonal matrix times `gain` (Saxe et al. 2014), Keras\'s default. Its singular values are all `gain`: below 1 the gradient through time shrinks step after step (vanishes), above 1 it grows (explodes); 1 keeps its size as long as the activations stay linear.',
      zh: '随机正交矩阵乘以 `gain`（Saxe et al. 2014），Keras 的默认做法。它的奇异值都等于 `gain`：小于 1 时随时间反传的梯度逐步缩小（消失），大于 1 时逐步增大（爆炸）；等于 1 时只要激活函数处在线性区，梯度大小保持不变。',
    },
    args: [
      gain({
        en: 'Scale of the orthogonal matrix: every singular value of the recurrent kernel.',
        zh: '正交矩阵的缩放系数：循环核的每个奇异值。',
      }),
    ],
  },
  {
    name: 'identity',
    doc: {
      en: 'The identity matrix times `gain` in every gate\'s block: the IRNN of Le et al. 2015 (a plain rnn with `activation: relu` and identity recurrent weights), which at first copies the state from step to step and learns the adding problem over long sequences.',
      zh: '每个门的块都是单位矩阵乘以 `gain`：即 Le et al. 2015 的 IRNN（使用 `activation: relu` 和单位矩阵循环权重的普通 rnn），一开始把状态逐步原样传下去，能在长序列上学会加法问题。',
    },
    args: [
      gain({
        en: 'Scale of the identity matrix.',
        zh: '单位矩阵的缩放系数。',
      }),
    ],
  },
];

// ---------------------------------------------------------------- blocks
/** The default of a size the checker reads off the data source. */
const FROM_THE_DATA: Doc = { en: 'from the data', zh: '由数据推断' };

const input: BlockSchema = {
  kind: 'block',
  name: 'input',
  doc: {
    en: 'The input layer: sequences of `timesteps` steps with `features` values each.',
    zh: '输入层：每个序列有 `timesteps` 个时间步，每步 `features` 个值。',
  },
  required: true,
  snippet: 'input {\n\ttimesteps: ${1:50}\n\tfeatures: ${2:1}\n}',
  members: [
    prop('timesteps', int({ min: 1, max: MAX_TIMESTEPS }), {
      en: 'Length of each input sequence (the steps backpropagation through time unrolls). For sequences of different lengths (`sequences`, `text_folder`), the length they are padded to and cut at.',
      zh: '每个输入序列的长度（随时间反向传播展开的步数）。对于长短不一的序列（`sequences`、`text_folder`），这是它们被填充到和截断到的长度。',
    }, { required: true, example: '50' }),
    prop('features', int({ min: 1, max: MAX_WIDTH }), {
      en: 'Values per time step.',
      zh: '每个时间步的值的个数。',
    }, { inferred: FROM_THE_DATA, checkerInfers: true }),
  ],
};

const embedding: BlockSchema = {
  kind: 'block',
  name: 'embedding',
  doc: {
    en: 'Token inputs only (`text`, `text_folder`): a lookup table, trained with the model, that turns each token into `dim` values before the recurrent layers, instead of a one-hot vector as long as the vocabulary. Without it, tokens are one-hot, which suits small vocabularies (characters).',
    zh: '仅用于词元输入（`text`、`text_folder`）：一张随模型一起训练的查找表，在循环层之前把每个词元变成 `dim` 个值，取代长度等于词表大小的 one-hot 向量。不写时词元按 one-hot 输入，适合小词表（字符）。',
  },
  snippet: 'embedding {\n\tdim: ${1:32}\n}',
  members: [
    prop('dim', int({ min: 1, max: MAX_WIDTH }), {
      en: 'Values per token: the width of the table (vocabulary × dim parameters).',
      zh: '每个词元的值的个数：查找表的宽度（参数个数为 词表大小 × dim）。',
    }, { required: true, example: '32' }),
  ],
};

const hidden: BlockSchema = {
  kind: 'block',
  name: 'hidden',
  doc: {
    en: 'The recurrent layers: one layer per entry of `units`, stacked, each feeding its full sequence to the next.',
    zh: '循环层：`units` 的每一项对应一层，逐层堆叠，每层把完整的输出序列传给下一层。',
  },
  required: true,
  snippet: 'hidden {\n\tcell: ${1|lstm,gru,rnn|}\n\tunits: [${2:64}]\n}',
  members: [
    prop('cell', enumOf(CELLS, 'CellKind'), {
      en: 'The recurrent cell.',
      zh: '循环单元的类型。',
    }, { default: 'lstm' }),
    prop('units', { kind: 'list', items: int({ min: 1, max: MAX_WIDTH }), minItems: 1 }, {
      en: 'Hidden units of each stacked layer, first to last, e.g. `[64, 32]`.',
      zh: '各堆叠层的隐藏单元数，从第一层到最后一层，例如 `[64, 32]`。',
    }, { required: true, example: '[64]' }),
    prop('gates', { kind: 'list', items: enumOf(GATES, 'GateName'), unique: true }, {
      en: 'The active gates. A missing gate is fixed open (= 1), as in Greff et al. 2017. lstm: input, forget, output; gru: update, reset; rnn has none.',
      zh: '启用的门。未列出的门恒为全开（= 1），做法同 Greff et al. 2017。lstm：input、forget、output；gru：update、reset；rnn 没有门。',
    }, { inferred: { en: 'all gates of the cell', zh: '该单元的全部门' }, checkerInfers: true }),
    prop('coupled', bool, {
      en: 'LSTM only: couple the input and forget gates, input = 1 - forget (needs both gates).',
      zh: '仅用于 LSTM：耦合输入门和遗忘门，input = 1 - forget（两个门都须启用）。',
    }, { default: false }),
    prop('peepholes', bool, {
      en: 'LSTM only: the gates also see the cell state (Gers & Schmidhuber 2000).',
      zh: '仅用于 LSTM：门也能看到细胞状态（窥视孔连接，Gers & Schmidhuber 2000）。',
    }, { default: false }),
    prop('bidirectional', bool, {
      en: 'Run every layer forwards and backwards and concatenate the two (doubles the outputs).',
      zh: '每一层都正向、反向各运行一遍，再把两者拼接起来（输出个数翻倍）。',
    }, { default: false }),
    prop('dropout', num({ min: 0, lessThan: 1 }), {
      en: 'Fraction of the inputs of each layer dropped during training.',
      zh: '训练时每层输入被随机丢弃的比例。',
    }, { default: 0 }),
    prop('recurrent_dropout', num({ min: 0, lessThan: 1 }), {
      en: 'Fraction of the recurrent state dropped during training (same mask at every step).',
      zh: '训练时循环状态被随机丢弃的比例（每一步使用同一个掩码）。',
    }, { default: 0 }),
    prop('activation', activation, {
      en: 'Activation of the candidate and the output of the cell.',
      zh: '候选值和单元输出所用的激活函数。',
    }, { default: 'tanh' }),
    prop('gate_activation', activation, {
      en: 'Activation of the gates (sigmoid, as in Keras and PyTorch; tfjs\'s own default is hard_sigmoid).',
      zh: '门的激活函数（sigmoid，与 Keras 和 PyTorch 相同；tfjs 自身的默认值是 hard_sigmoid）。',
    }, { default: 'sigmoid' }),
    prop('recurrent_init', { kind: 'call', functions: RECURRENT_INITS, typeName: 'RecurrentInitSpec' }, {
      en: 'How the recurrent weights start, e.g. `orthogonal(gain: 2)`: what decides at first whether the gradient through time vanishes or explodes. The input weights always start Glorot-uniform.',
      zh: '循环权重的初始值，例如 `orthogonal(gain: 2)`：训练之初随时间反传的梯度是消失还是爆炸，主要由它决定。输入权重总是用 Glorot 均匀分布初始化。',
    }, { default: 'orthogonal' }),
  ],
};

const output: BlockSchema = {
  kind: 'block',
  name: 'output',
  doc: {
    en: 'The dense output layer, applied to the last hidden state, or with `at: every_step` to the hidden state of every step (the same weights at each step).',
    zh: '全连接输出层，作用于最后一个隐藏状态；若设 `at: every_step`，则作用于每一步的隐藏状态（每一步使用同一组权重）。',
  },
  snippet: 'output {\n\tunits: ${1:1}\n\tactivation: ${2|linear,sigmoid,softmax|}\n}',
  members: [
    prop('units', int({ min: 1, max: MAX_WIDTH }), {
      en: 'Number of outputs per predicted step.',
      zh: '每个预测步的输出个数。',
    }, { inferred: FROM_THE_DATA, checkerInfers: true }),
    prop('horizon', int({ min: 1, max: MAX_TIMESTEPS }), {
      en: 'Rows to forecast at once after the last input step (series data: `sine`, `csv`). The output layer emits `horizon` × `units` values, row after row; each window\'s targets are the next `horizon` rows, so there are `horizon` - 1 fewer windows and the gap before the validation part grows by as many. Needs a regression loss.',
      zh: '在最后一个输入步之后一次预测的行数（用于序列数据：`sine`、`csv`）。输出层给出 `horizon` × `units` 个值，逐行排列；每个窗口的目标是其后的 `horizon` 行，因此窗口数少 `horizon` - 1 个，验证部分之前的间隔也相应增加这么多。需要回归损失。',
    }, { default: 1 }),
    prop('activation', activation, {
      en: 'Output activation; it must fit the loss.',
      zh: '输出层的激活函数；必须与损失函数相匹配。',
    }, { default: 'linear' }),
    prop('at', enumOf(OUTPUT_STEPS, 'OutputSteps'), {
      en: 'Where the model predicts: after the last step of each window, or after every step (the recurrent layers return their whole sequence and the loss is the mean over the steps; as char-rnn, many targets per forward pass).',
      zh: '模型在哪里做预测：每个窗口的最后一步之后，或每一步之后（循环层返回整个序列，损失取各步的平均；与 char-rnn 相同，一次前向传播得到许多个目标）。',
    }, { default: 'last' }),
  ],
};

const train: BlockSchema = {
  kind: 'block',
  name: 'train',
  doc: {
    en: 'How to train: epochs, batches, validation, early stopping and the seed.',
    zh: '如何训练：轮数、批次、验证、早停和随机种子。',
  },
  snippet: 'train {\n\tepochs: ${1:20}\n\tbatch_size: ${2:32}\n\tvalidation_split: ${3:0.2}\n}',
  members: [
    prop('epochs', int({ min: 1, max: MAX_COUNT }), {
      en: 'Passes over the training data.',
      zh: '遍历训练数据的次数。',
    }, { default: 10 }),
    prop('batch_size', int({ min: 1, max: MAX_COUNT }), {
      en: 'Sequences per gradient step.',
      zh: '每一步梯度更新所用的序列数。',
    }, { default: 32 }),
    prop('validation_split', num({ min: 0, lessThan: 1 }), {
      en: 'Fraction of the data held out for validation: the last part in time order; for labelled sequences (`sequences`, `text_folder`), a random choice of whole sequences drawn with the seed.',
      zh: '留作验证的数据比例：按时间顺序取最后一部分；对于带标签的序列（`sequences`、`text_folder`），用随机种子随机抽取整条序列。',
    }, { default: 0.2 }),
    prop('stratify', bool, {
      en: 'Labelled sequences only: hold out `validation_split` of every class, so both parts keep the class proportions of the data.',
      zh: '仅用于带标签的序列：从每个类别中各留出 `validation_split` 的比例，使两部分都保持数据中的类别比例。',
    }, { default: false }),
    prop('shuffle', bool, {
      en: 'Shuffle the training windows every epoch (the validation part is never shuffled into training).',
      zh: '每轮打乱训练窗口的顺序（验证部分绝不会被混入训练数据）。',
    }, { default: true }),
    prop('early_stopping', int({ min: 0, max: MAX_COUNT }), {
      en: 'Stop when the validation loss has not improved for this many epochs, and keep the best weights; 0 turns it off.',
      zh: '验证损失连续这么多轮没有改善时停止训练，并保留最好的权重；0 表示关闭。',
    }, { default: 0 }),
    prop('tensorboard', bool, {
      en: 'Also write TensorBoard event files (loss, val_loss and metrics per batch and epoch) into the run folder\'s `tensorboard/`, so `tensorboard --logdir runs` shows the run.',
      zh: '同时把 TensorBoard 事件文件（每个批次和每轮的损失、val_loss 和指标）写入运行记录文件夹的 `tensorboard/`，这样 `tensorboard --logdir runs` 就能显示这次运行。',
    }, { default: true, recordsOnly: true }),
    prop('insight', bool, {
      en: 'Record what happens inside the recurrent layers on a fixed probe batch of validation sequences, before training and after every epoch: the gradient norm at every time step (vanishing or exploding gradients), the gates, cell state and hidden state over one sequence, how saturated each gate is, and histograms of the weights and their gradients. Kept in the run folder\'s `insight.jsonl` (bounded in size) and in its TensorBoard files, and shown in the training panel; it does not change the losses.',
      zh: '在训练前和每轮之后，用一批固定的验证序列（探测批次）记录循环层内部发生的事情：每个时间步的梯度范数（梯度消失或梯度爆炸）、一条序列上的门、细胞状态和隐藏状态、每个门的饱和程度，以及权重及其梯度的直方图。保存在运行记录文件夹的 `insight.jsonl`（大小有上限）和 TensorBoard 文件中，并显示在训练面板里；它不会改变损失。',
    }, { default: true, recordsOnly: true }),
    prop('insight_sample', int({ min: 0, max: MAX_COUNT }), {
      en: 'Which validation sequence `insight` traces (its gates, cell state and hidden state), by index from 0; a training sequence when there is no validation part. An index beyond the sequences there is a warning in the run\'s log, and sequence 0 is traced.',
      zh: '`insight` 追踪哪一条验证序列（它的门、细胞状态和隐藏状态），按从 0 开始的索引；没有验证部分时为训练序列。超出序列个数的索引会在运行日志中给出警告，并改为追踪第 0 条序列。',
    }, { default: 0, recordsOnly: true }),
    prop('seed', int({ min: 0, max: MAX_SEED }), {
      en: 'Random seed: the same seed gives the same initial weights, shuffles, dropout masks and losses.',
      zh: '随机种子：相同的种子给出相同的初始权重、打乱顺序、dropout 掩码和损失。',
    }, { inferred: { en: 'random, recorded in the run', zh: '随机生成，记录在本次运行中' } }),
  ],
};

const generate: BlockSchema = {
  kind: 'block',
  name: 'generate',
  doc: {
    en: 'Text models only: after training, sample text from the model and print it.',
    zh: '仅用于文本模型：训练结束后，从模型中采样文本并打印出来。',
  },
  snippet: 'generate {\n\tlength: ${1:300}\n\ttemperature: ${2:0.7}\n\tprime: "${3}"\n}',
  members: [
    prop('length', int({ min: 1, max: MAX_COUNT }), {
      en: 'Tokens to generate: characters, or words (joined by spaces) for `level: word`.',
      zh: '要生成的词元数：字符，或者在 `level: word` 时为单词（以空格连接）。',
    }, { default: 200 }),
    prop('temperature', num({ greaterThan: 0, max: MAX_REAL }), {
      en: 'Sampling temperature: below 1 is more conservative, above 1 more surprising.',
      zh: '采样温度：小于 1 更保守，大于 1 更出人意料。',
    }, { default: 1 }),
    prop('prime', { kind: 'string' }, {
      en: 'Text to start from.',
      zh: '生成的起始文本。',
    }, { default: '' }),
  ],
};

const model: BlockSchema = {
  kind: 'block',
  name: 'model',
  doc: {
    en: 'A recurrent network: its data, layers, loss, optimizer and training.',
    zh: '一个循环神经网络：它的数据、各层、损失函数、优化器和训练设置。',
  },
  members: [
    prop('data', { kind: 'call', functions: DATA_SOURCES, typeName: 'DataSpec' }, {
      en: 'Where the sequences come from.',
      zh: '序列数据从哪里来。',
    }, { required: true, example: 'sine(samples: 1000, period: 40)' }),
    input,
    embedding,
    hidden,
    output,
    prop('loss', enumOf(LOSSES, 'LossName'), {
      en: 'The loss to minimise; it must fit the output activation.',
      zh: '要最小化的损失函数；必须与输出层的激活函数相匹配。',
    }, { required: true, example: 'mse' }),
    prop('optimizer', { kind: 'call', functions: OPTIMIZERS, typeName: 'OptimizerSpec' }, {
      en: 'The optimizer and its settings, e.g. `adam(lr: 0.005, clipnorm: 1.0)`. An identifier such as `adam` means the optimizer with its defaults.',
      zh: '优化器及其设置，例如 `adam(lr: 0.005, clipnorm: 1.0)`。只写名字（如 `adam`）表示该优化器使用全部默认设置。',
    }, { default: 'adam' }),
    train,
    generate,
  ],
};

export const SCHEMA: LanguageSchema = { model };
