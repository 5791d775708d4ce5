// The hand-written prose of the language manual, one version per language:
// the introduction (what a .rnn file is, a first model, the syntax) and what
// each diagnostic code means. scripts/gen-docs.ts generates the rest from the
// schema. Keywords, keys, code and the grammar stay English in every version.

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
