import type { Range } from './range';
import { currentLocale, type Locale } from './l10n';

export type Severity = 'error' | 'warning' | 'info';

/** A text edit that fixes a diagnostic; editors turn it into a quick fix. */
export interface Fix {
  title: string;
  edits: { range: Range; newText: string }[];
}

/**
 * Another place in the same document that explains a diagnostic: where a key
 * was first given, where an unclosed bracket opens. Positions travel as data,
 * never inside message text, so they stay right when a diagnostic moves.
 */
export interface RelatedLocation {
  range: Range;
  /** Reads on its own next to the place, e.g. "first given here". */
  message: string;
}

export interface Diagnostic {
  range: Range;
  severity: Severity;
  /** Stable code, one per kind of problem (see DIAGNOSTIC_CODES). */
  code: DiagnosticCode;
  /** Free of positions: those go in `related`. */
  message: string;
  /** Suggested fixes, best first. */
  fixes?: Fix[];
  /** Other places that explain this problem, in the order a reader wants them. */
  related?: RelatedLocation[];
}

/** Every diagnostic code the language core can produce, with a one-line description for docs. */
export const DIAGNOSTIC_CODES = {
  'unexpected-character': 'The lexer met a character that starts no token.',
  'unterminated-string': 'A string literal is not closed before the end of the line.',
  'syntax-error': 'The parser expected something else here; it recovered and went on.',
  'no-model': 'The file declares no `model` block.',
  'duplicate-model': 'Two models in one file have the same name.',
  'unknown-base-model': '`extends` names a model that is not declared in this file.',
  'inheritance-cycle': 'Models that extend each other in a cycle (the message shows the chain).',
  'unknown-sweep-key': 'A key path in a `sweep` block that names no key of the model.',
  'sweep-too-large': 'A sweep that expands to more trials than the limit.',
  'unknown-key': 'A property or block name that does not exist at this place.',
  'duplicate-key': 'A property or block given twice in the same place.',
  'conflicting-keys': 'Two properties or arguments that cannot be given together (e.g. `column` and `columns`).',
  'missing-required': 'A required property, block or argument is absent.',
  'type-mismatch': 'A value of the wrong type (e.g. a string where a number belongs).',
  'unknown-value': 'An identifier that is not one of the allowed values.',
  'unknown-function': 'A call to a data source, optimizer or recurrent initialisation that does not exist.',
  'unknown-argument': 'A named argument that the function does not take.',
  'out-of-range': 'A number outside its allowed range.',
  'resource-budget': 'Training the model needs more memory than the budget (an error), or more than half of it (a warning).',
  'not-an-integer': 'A fractional number where a whole number is required.',
  'empty-list': 'A list that must have at least one item is empty.',
  'duplicate-item': 'The same item twice in a list that must not repeat.',
  'gate-not-in-cell': 'A gate that the chosen cell does not have.',
  'coupled-needs-input-forget': '`coupled: true` needs both the input and the forget gate.',
  'option-not-for-cell': 'An option (e.g. peepholes, coupled) that the chosen cell does not support.',
  'loss-activation-mismatch': 'The loss does not fit the output activation.',
  'loss-task-mismatch': 'A regression loss on classification data, or the other way round.',
  'output-units-mismatch': 'The output units do not match what the data provides.',
  'features-mismatch': 'The input features do not match what the data provides.',
  'timesteps-mismatch': 'The data source and the input block disagree on the sequence length.',
  'data-file-missing': 'The data file does not exist.',
  'data-column-missing': 'The CSV file has no such column.',
  'data-unreadable': 'The data file exists but cannot be read or parsed.',
  'data-not-allowed': 'The data path is not a regular file, or is outside the allowed folders (see `--allow-data-outside`).',
  'data-not-checked': 'Data files are not read in an untrusted workspace, so the data is not checked.',
  'data-unusable': 'The data can be read but cannot train a model (one symbol, a value too large for 32-bit floats, a constant column).',
  'not-enough-data': 'The data yields too few training windows for the requested sequence length.',
  'no-validation-samples': 'validation_split leaves no validation samples.',
  'long-sequence-rnn': 'A plain rnn over a long sequence: gradients are likely to vanish.',
  'unusual-learning-rate': 'A learning rate outside the usual range for this optimizer.',
  'generate-needs-text': 'A `generate` block on a model whose data is not text.',
  'horizon-needs-series': '`output.horizon` above 1 on data that is not one series to continue (text, the adding problem).',
  'horizon-needs-regression': '`output.horizon` above 1 with a classification loss: a forecast of future values is a regression.',
  'horizon-too-long': 'The series is too short for `input.timesteps` followed by `output.horizon` target rows.',
  'embedding-needs-tokens': 'An `embedding` block on a model whose data is numbers, not tokens.',
  'stratify-needs-labels': '`stratify: true` on data without class labels (a series or text windows).',
  'insight-sample-out-of-range': '`train.insight_sample` names a sequence beyond the validation part (the training part without one): the insight recording traces sequence 0.',
  'loss-target-mismatch': '`binary_crossentropy` on data whose targets are class indices.',
  'sequence-length': 'Sequences of different lengths: `timesteps` cuts some of them (info), or pads every one past the longest (warning).',
  'every-step-needs-step-targets': '`output.at: every_step` on data with one target per sequence.',
  'every-step-bidirectional': '`output.at: every_step` with bidirectional layers on data whose target at each step is the next input.',
  'every-step-horizon': '`output.at: every_step` together with `output.horizon` above 1: a model predicts at every step or forecasts several rows, not both.',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/**
 * The descriptions in Simplified Chinese, for the Chinese docs and editors.
 * Typed by the codes: a new code without its Chinese description does not compile.
 */
export const DIAGNOSTIC_CODES_ZH_CN: Record<DiagnosticCode, string> = {
  'unexpected-character': '词法分析器遇到了一个不能作为任何记号开头的字符。',
  'unterminated-string': '字符串字面量在行尾之前没有闭合。',
  'syntax-error': '语法分析器在此处期望的是别的内容；它已恢复并继续分析。',
  'no-model': '文件中没有声明 `model` 块。',
  'duplicate-model': '同一文件中有两个模型同名。',
  'unknown-base-model': '`extends` 后面的模型没有在本文件中声明。',
  'inheritance-cycle': '模型之间循环继承（消息中给出继承链）。',
  'unknown-sweep-key': '`sweep` 块中的键路径不对应模型的任何键。',
  'sweep-too-large': '扫描展开后的试验次数超出上限。',
  'unknown-key': '此处不存在的属性名或块名。',
  'duplicate-key': '同一位置把某个属性或块给出了两次。',
  'conflicting-keys': '两个不能同时给出的属性或参数（例如 `column` 和 `columns`）。',
  'missing-required': '缺少必需的属性、块或参数。',
  'type-mismatch': '值的类型不对（例如在需要数值的地方写了字符串）。',
  'unknown-value': '标识符不是允许的取值之一。',
  'unknown-function': '调用了不存在的数据源、优化器或循环权重初始化方式。',
  'unknown-argument': '函数不接受的具名参数。',
  'out-of-range': '数值超出了允许的范围。',
  'resource-budget': '训练该模型所需的内存超出预算（错误），或超过预算的一半（警告）。',
  'not-an-integer': '需要整数的地方写了小数。',
  'empty-list': '至少需要一项的列表是空的。',
  'duplicate-item': '不允许重复的列表中，同一项出现了两次。',
  'gate-not-in-cell': '所选的循环单元没有这个门。',
  'coupled-needs-input-forget': '`coupled: true` 需要输入门和遗忘门同时存在。',
  'option-not-for-cell': '所选的循环单元不支持的选项（例如 peepholes、coupled）。',
  'loss-activation-mismatch': '损失函数与输出的激活函数不匹配。',
  'loss-task-mismatch': '对分类数据使用了回归损失，或者反过来。',
  'output-units-mismatch': '输出单元数与数据提供的不一致。',
  'features-mismatch': '输入特征数与数据提供的不一致。',
  'timesteps-mismatch': '数据源与 input 块给出的序列长度不一致。',
  'data-file-missing': '数据文件不存在。',
  'data-column-missing': 'CSV 文件中没有这一列。',
  'data-unreadable': '数据文件存在，但无法读取或解析。',
  'data-not-allowed': '数据路径不是普通文件，或位于允许的文件夹之外（参见 `--allow-data-outside`）。',
  'data-not-checked': '在不受信任的工作区中不读取数据文件，因此不检查数据。',
  'data-unusable': '数据可以读取，但无法用于训练模型（只有一个符号、数值超出 32 位浮点数范围、常数列）。',
  'not-enough-data': '在所要求的序列长度下，数据能切出的训练窗口太少。',
  'no-validation-samples': 'validation_split 没有留下任何验证样本。',
  'long-sequence-rnn': '在长序列上使用普通的 rnn：很可能出现梯度消失。',
  'unusual-learning-rate': '学习率超出了该优化器的常用范围。',
  'generate-needs-text': '模型的数据不是文本，却写了 `generate` 块。',
  'horizon-needs-series': '数据不是一条可以往后延续的序列（文本、加法问题），却把 `output.horizon` 设为大于 1。',
  'horizon-needs-regression': '`output.horizon` 大于 1 却用了分类损失：预测未来的值是回归任务。',
  'horizon-too-long': '序列太短，放不下 `input.timesteps` 个输入步加上其后 `output.horizon` 行目标。',
  'embedding-needs-tokens': '模型的数据是数值而不是词元，却写了 `embedding` 块。',
  'stratify-needs-labels': '数据没有类别标签（时间序列或文本窗口），却写了 `stratify: true`。',
  'insight-sample-out-of-range': '`train.insight_sample` 指向的序列超出了验证部分（没有验证部分时为训练部分）：洞察记录改为追踪第 0 条序列。',
  'loss-target-mismatch': '目标是类别编号的数据却使用了 `binary_crossentropy`。',
  'sequence-length': '序列长短不一：`timesteps` 截断了其中一些（提示），或把每个序列都填充到超过最长序列的长度（警告）。',
  'every-step-needs-step-targets': '数据每个序列只有一个目标，却设了 `output.at: every_step`。',
  'every-step-bidirectional': '数据每一步的目标是下一步的输入，却在 `output.at: every_step` 时使用双向层。',
  'every-step-horizon': '`output.at: every_step` 与大于 1 的 `output.horizon` 同时使用：一个模型要么在每一步预测，要么一次预测多行，不能两者兼有。',
};

/** A code's one-line description in `locale` (the process's language by default); English is the source. */
export function diagnosticCodeDescription(code: DiagnosticCode, locale: Locale = currentLocale()): string {
  return locale === 'zh-cn' ? DIAGNOSTIC_CODES_ZH_CN[code] : DIAGNOSTIC_CODES[code];
}
