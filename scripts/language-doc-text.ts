// The hand-written prose of the language manual, one version per language:
// the introduction (what a .rnn file is, a first model, the syntax) and what
// each diagnostic code means. scripts/gen-docs.ts generates the rest from the
// schema. Keywords, keys, code and the grammar stay English in every version.
import type { DiagnosticCode } from '../core/src/shared';

/** The languages the manual is written in: docs/language.md and docs/language.zh-CN.md. */
export type DocLocale = 'en' | 'zh-cn';

/** The first model of the manual, commented in the manual's language. */
const example = (comment: string) => `\`\`\`rnn
# ${comment}
model SineForecast {
  data: sine(samples: 2000, period: 40, noise: 0.05)
  input { timesteps: 50, features: 1 }
  hidden { cell: lstm, units: [64, 32] }
  output { units: 1, activation: linear }
  loss: mse
  optimizer: adam(lr: 0.005, clipnorm: 1.0)
  train { epochs: 20, batch_size: 64, validation_split: 0.2 }
}
\`\`\``;

const GRAMMAR = `\`\`\`
file     = { model }
model    = "model" Name "{" members "}"
members  = [ member { separator member } ] [ separator ]
member   = key ":" value  |  key "{" members "}"
value    = number | string | "true" | "false" | identifier | list | call
list     = "[" [ value { separator value } ] [ separator ] "]"
call     = identifier "(" [ key ":" value { separator key ":" value } ] [ separator ] ")"
separator = newline | ","
\`\`\``;

export const INTRODUCTION: Record<DocLocale, string> = {
  en: `# The .rnn language

A \`.rnn\` file describes one or more recurrent neural networks: where their
data comes from, their layers, their loss and optimizer, and how to train
them. \`rnn check\` reports every problem in a file, \`rnn train\` trains a
model and \`rnn summary\` prints its layers and parameter counts.

${example('Forecast the next point of a noisy sine wave from the previous 50.')}

## Syntax

The grammar is small and knows no key names: every key, its type, range and
default is listed in the reference below, which is generated from the same
schema the checker, completion and hover read.

${GRAMMAR}

- Members are separated by newlines or commas; \`a: 1 b: 2\` on one line is an
  error. Blank lines and trailing commas are fine.
- A value starts on the line of its \`:\`; lists and calls may span lines.
- Numbers: \`64\`, \`0.005\`, \`1e-3\`, \`-2\`. Strings: \`"data/x.csv"\`, with the
  escapes \`\\"\`, \`\\\\\` and \`\\n\`. Identifiers: letters, digits and \`_\`, not
  starting with a digit.
- Comments start with \`#\` or \`//\` and run to the end of the line.
- A bare function name (\`optimizer: adam\`) means that function with all its
  defaults.
- Paths are relative to the \`.rnn\` file.
`,
  'zh-cn': `# .rnn 语言

一个 \`.rnn\` 文件描述一个或多个循环神经网络：数据从哪里来、由哪些层组成、用什么损失函数和优化器，以及如何训练。\`rnn check\` 报告文件中的所有问题，\`rnn train\` 训练一个模型，\`rnn summary\` 打印模型的各层及其参数个数。

${example('根据前 50 个点，预测带噪声正弦波的下一个点。')}

关键字、键名和取值在任何语言下都是英文，中文只出现在注释里。

## 语法

语法本身很小，也不认识任何键名：每个键的类型、取值范围和默认值都列在下面的参考中。这份参考由 schema 生成，检查器、补全和悬停提示读取的也是同一份 schema。

${GRAMMAR}

- 成员之间用换行或逗号分隔；在同一行写 \`a: 1 b: 2\` 是错误。空行和末尾多出的逗号都没有问题。
- 值必须从它的 \`:\` 所在的那一行开始；列表和调用可以跨行。
- 数：\`64\`、\`0.005\`、\`1e-3\`、\`-2\`。字符串：\`"data/x.csv"\`，可用转义 \`\\"\`、\`\\\\\` 和 \`\\n\`。标识符：由字母、数字和 \`_\` 组成，不能以数字开头。
- 注释以 \`#\` 或 \`//\` 开始，直到行尾。
- 只写函数名（\`optimizer: adam\`）表示调用该函数并使用它的全部默认参数。
- 路径相对于 \`.rnn\` 文件。
`,
};

/**
 * What each diagnostic code means, in Chinese (the English is DIAGNOSTIC_CODES
 * itself). Typed by the codes, so a new code without its Chinese meaning does
 * not compile.
 */
export const DIAGNOSTIC_MEANINGS_ZH: Record<DiagnosticCode, string> = {
  'unexpected-character': '词法分析器遇到一个不能作为任何词法单元开头的字符。',
  'unterminated-string': '字符串字面量在行尾之前没有闭合。',
  'syntax-error': '语法分析器在此处期望别的内容；它已恢复并继续分析。',
  'no-model': '文件中没有声明 `model` 块。',
  'duplicate-model': '同一文件中有两个模型同名。',
  'unknown-key': '在此处不存在的属性名或块名。',
  'duplicate-key': '在同一处给出了两次的属性或块。',
  'conflicting-keys': '不能同时给出的两个属性或参数（例如 `column` 和 `columns`）。',
  'missing-required': '缺少必需的属性、块或参数。',
  'type-mismatch': '值的类型不对（例如在需要数的地方写了字符串）。',
  'unknown-value': '不在允许取值之列的标识符。',
  'unknown-function': '调用了不存在的数据源或优化器。',
  'unknown-argument': '函数不接受的命名参数。',
  'out-of-range': '超出允许范围的数。',
  'not-an-integer': '在需要整数的地方写了小数。',
  'empty-list': '至少要有一项的列表是空的。',
  'duplicate-item': '在不允许重复的列表中出现了两次的项。',
  'gate-not-in-cell': '所选循环单元没有的门。',
  'coupled-needs-input-forget': '`coupled: true` 需要同时启用输入门和遗忘门。',
  'option-not-for-cell': '所选循环单元不支持的选项（例如 peepholes、coupled）。',
  'loss-activation-mismatch': '损失函数与输出层的激活函数不匹配。',
  'loss-task-mismatch': '在分类数据上用了回归的损失函数，或者反过来。',
  'output-units-mismatch': '输出单元数与数据提供的不一致。',
  'features-mismatch': '输入特征数与数据提供的不一致。',
  'timesteps-mismatch': '数据源与 input 块给出的序列长度不一致。',
  'data-file-missing': '数据文件不存在。',
  'data-column-missing': 'CSV 文件中没有这一列。',
  'data-unreadable': '数据文件存在，但无法读取或解析。',
  'data-not-allowed': '数据路径不是普通文件，或位于允许的文件夹之外（参见 `--allow-data-outside`）。',
  'data-not-checked': '在不受信任的工作区中不读取数据文件，因此不检查数据。',
  'data-unusable': '数据可以读取，但无法用于训练模型（只有一个符号、数值超出 32 位浮点数范围、常数列）。',
  'not-enough-data': '对所要求的序列长度而言，数据能切出的训练窗口太少。',
  'no-validation-samples': 'validation_split 没有留下任何验证样本。',
  'long-sequence-rnn': '在长序列上使用普通 rnn：很可能出现梯度消失。',
  'unusual-learning-rate': '学习率超出了该优化器的常用范围。',
  'generate-needs-text': '数据不是文本的模型却有 `generate` 块。',
};
