// The language's constructs that are not keys of a model: `extends` and the
// `sweep` block. Their settings and distributions are written in the schema's
// own types, so the checker validates them, completion lists them and the docs
// generator documents them from this one place, like any key. A sweep's other
// keys are paths of the model's keys (`optimizer.lr`), found in SCHEMA itself.
import type { BlockSchema, Doc, FunctionSchema, PropertySchema, ValueType } from './types';

/** More trials than this is a mistake in a sweep, not a plan: each one is checked and trained. */
export const MAX_SWEEP_TRIALS = 1000;

const count = (min: number): ValueType => ({ kind: 'integer', min, max: MAX_SWEEP_TRIALS });
const real: ValueType = { kind: 'number' };

export const EXTENDS_DOC: Doc = {
  en: 'A model may inherit from another model of the same file: `model NoForget extends Vanilla { hidden { gates: [input, output] } }`. '
    + 'A block the child writes merges into the base\'s block key by key; a property the child writes (`loss: ...`, `data: ...`, '
    + 'or a key inside a block) replaces the base\'s. A base may itself extend another model; a cycle is an error. '
    + 'The base\'s `sweep` is not inherited. Every run stores the fully resolved spec (`spec.json`), so it never depends on a base that changed later.',
  zh: '模型可以继承同一文件中的另一个模型：`model NoForget extends Vanilla { hidden { gates: [input, output] } }`。'
    + '子模型写出的块按键逐个合并到基模型的同名块中；子模型写出的属性（`loss: ...`、`data: ...`，或块中的某个键）替换基模型的值。'
    + '基模型本身也可以继承别的模型；循环继承是错误。基模型的 `sweep` 不会被继承。每次运行都会保存完全解析后的规格（`spec.json`），因此它不依赖之后被修改的基模型。',
};

const distribution = (name: string, doc: Doc, args: PropertySchema[]): FunctionSchema => ({ name, doc, args });
const bound = (key: 'min' | 'max', doc: Doc): PropertySchema => ({ kind: 'property', key, type: real, doc, required: true });

/** How a random sweep draws a key's value. */
export const SWEEP_DISTRIBUTIONS: FunctionSchema[] = [
  distribution('uniform', {
    en: 'Any value between `min` and `max`, all equally likely (rounded for an integer key).',
    zh: '`min` 与 `max` 之间的任意值，机会均等（整数键取整）。',
  }, [bound('min', { en: 'The smallest value.', zh: '最小值。' }), bound('max', { en: 'The largest value.', zh: '最大值。' })]),
  distribution('log_uniform', {
    en: 'A value between `min` and `max` whose logarithm is uniform: as likely between 0.001 and 0.01 as between 0.01 and 0.1. For learning rates.',
    zh: '`min` 与 `max` 之间、其对数均匀分布的值：落在 0.001 到 0.01 之间与落在 0.01 到 0.1 之间的机会相同。适合学习率。',
  }, [bound('min', { en: 'The smallest value, greater than 0.', zh: '最小值，须大于 0。' }), bound('max', { en: 'The largest value.', zh: '最大值。' })]),
  distribution('choice', {
    en: 'One of the listed values, all equally likely; a plain list means the same.',
    zh: '从列出的值中任取一个，机会均等；直接写列表效果相同。',
  }, [{
    kind: 'property', key: 'values', type: { kind: 'list', items: { kind: 'union', types: [] }, minItems: 1 }, required: true,
    doc: { en: 'The values to choose from.', zh: '可供选择的值。' },
  }]),
];

/** The name of the block that holds a model's sweep: never inherited, never a key of the schema. */
export const SWEEP_BLOCK_NAME = 'sweep';

export const SWEEP_BLOCK: BlockSchema = {
  kind: 'block',
  name: SWEEP_BLOCK_NAME,
  doc: {
    en: 'Train the model several times with other values of its keys. Each other key of the block is a key of the model by its '
      + 'block path (`optimizer.lr`, `hidden.units`, `hidden.cell`, `train.batch_size`) with the values to try: in a grid sweep a list, '
      + 'every combination of the lists being one trial; with `trials: N` a random sweep draws N trials, each key from a list '
      + '(any item) or a distribution (`uniform`, `log_uniform`, `choice`). A block inside `sweep` is a named case of its own paths and values '
      + '(`NoForget { hidden.gates: [input, output] }`): the cases are one more axis of the grid, for variants that differ in several keys at once. '
      + 'Each trial is checked like the model itself; an error in one trial\'s value is reported at that value. `rnn train` trains each trial as '
      + 'its own run (`--jobs N` at once), recording the trial\'s values in the run\'s `summary.json`.',
    zh: '用模型中某些键的其他取值多次训练该模型。块中的其他键是模型的键按块路径写出（`optimizer.lr`、`hidden.units`、`hidden.cell`、`train.batch_size`），'
      + '值为要尝试的取值：网格扫描中写一个列表，各列表的每种组合就是一次试验；写了 `trials: N` 则为随机扫描，抽取 N 次试验，每个键取自列表（任一项）'
      + '或某个分布（`uniform`、`log_uniform`、`choice`）。`sweep` 中的块是一个具名的情形，包含它自己的路径和取值（`NoForget { hidden.gates: [input, output] }`）：'
      + '这些情形构成网格的另一个维度，用于同时改变多个键的变体。每次试验都像模型本身一样被检查；某次试验的取值有错时，错误报告在该取值处。'
      + '`rnn train` 把每次试验作为单独的一次运行来训练（`--jobs N` 个同时进行），并把试验的取值记录在运行的 `summary.json` 中。',
  },
  snippet: 'sweep {\n\t${1:optimizer.lr}: [${2:0.001, 0.003, 0.01}]\n}',
  members: [
    {
      kind: 'property', key: 'trials', type: count(1),
      doc: { en: 'Makes the sweep random: the number of trials to draw.', zh: '使扫描成为随机扫描：要抽取的试验次数。' },
    },
    {
      kind: 'property', key: 'seed', type: { kind: 'integer', min: 0, max: 2 ** 32 - 1 }, default: 0,
      doc: { en: 'The seed of a random sweep\'s draws: the same seed draws the same trials.', zh: '随机扫描抽样所用的种子：相同的种子抽出相同的试验。' },
    },
    {
      kind: 'property', key: 'repeat', type: count(1), default: 1,
      doc: {
        en: 'Train each configuration this many times, with the seeds `train.seed`, `train.seed + 1`, ... (from 0 when the model sets no seed), to see the spread.',
        zh: '每种配置训练这么多次，种子依次为 `train.seed`、`train.seed + 1`……（模型未设种子时从 0 开始），以便看出结果的离散程度。',
      },
    },
  ],
};

/** The `sweep` settings that are not paths of the model. */
export const SWEEP_SETTINGS = SWEEP_BLOCK.members.map((member) => (member as PropertySchema).key);
