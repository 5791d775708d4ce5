// `rnn --help`. Each description is its own message, so a translation never
// has to reproduce the layout; the columns are laid out here by display width
// (a Chinese character takes two terminal columns), which keeps them aligned
// in every language.
import stringWidth from 'string-width';
import { BACKENDS, t } from '../../core/src/shared';
import { EXPORT_TARGETS } from '../../core/src/language';

/** A row of the help: what to type (option and command names stay English), and what it does (may span lines). */
interface Row {
  /** 0: a command or a global option; 1: an option of the command above. */
  level: 0 | 1;
  usage: string;
  description: string;
}

const INDENT = [2, 6];

function rows(): Row[] {
  const name = t('<name>');
  return [
    { level: 0, usage: `check ${t('<files...>')}`, description: t('Report every problem as file:line:col: severity: message [code].\nExits 1 when any file has an error.') },
    { level: 0, usage: `train ${t('<file>')}`, description: t('Train the models of a file and save each run.') },
    { level: 1, usage: `--model ${name}`, description: t('Train only this model (default: every model in the file).') },
    { level: 1, usage: '--epochs <n>', description: t('Override train.epochs.') },
    { level: 1, usage: '--seed <n>', description: t('Override train.seed.') },
    { level: 1, usage: '--backend <b>', description: t('{0} (default: auto).', BACKENDS.join(' | ')) },
    { level: 1, usage: `--runs-dir ${t('<dir>')}`, description: t('Where runs are saved (default: ./runs).') },
    { level: 1, usage: '--steps-per-epoch <n>', description: t('Train at most this many batches per epoch (a quick trial on big data).') },
    {
      level: 1,
      usage: '--kernels <k>',
      description: t(
        'fused (default: whole-sequence kernels where they apply, native when built, else WebAssembly)\n| native | wasm (one build of them) | stock (tfjs layers).',
      ),
    },
    {
      level: 1,
      usage: `--resume ${t('<run>')}`,
      description: t('Continue that run folder from its last epoch (weights, optimizer state, data order)\nin a new run; the .rnn file is then optional, --epochs is the total.'),
    },
    { level: 1, usage: '--no-verify', description: t('Skip the one-step gradient check of the wasm backend against cpu.') },
    { level: 1, usage: '--jobs <n>', description: t('With several runs (models, sweep trials): train n at once, each in its own process\n(default: the number of cores).') },
    { level: 1, usage: '--trial <n>', description: t("Train only trial n of the model's sweep (--model names the model).") },
    { level: 1, usage: `--sweep-id ${t('<id>')}`, description: t('With --trial: the sweep id the run records (default: a new one).') },
    { level: 0, usage: `predict ${t('<run>')}`, description: t("A saved run's predictions as CSV: on its spec's validation part, or on new data;\ntext models generate text.") },
    { level: 1, usage: `--data ${t('<file>')}`, description: t('Predict on this CSV file (the columns the model was trained on), scaled as in training.') },
    { level: 1, usage: '--forecast <n>', description: t('Roll the series n steps past its end, each prediction fed back as input.') },
    { level: 1, usage: `--out ${t('<file>')}`, description: t('Write the CSV (or the text) to this file instead of printing it.') },
    { level: 1, usage: '--length <n>', description: t('Text models: characters to generate (default: the spec\'s generate block).') },
    { level: 1, usage: '--temperature <t>', description: t('Text models: sampling temperature; below 1 is more conservative.') },
    { level: 1, usage: `--prime ${t('<text>')}`, description: t('Text models: the text to start from.') },
    { level: 0, usage: `inspect ${t('<run>')}`, description: t("What a saved run recorded inside its recurrent layers: per layer and epoch, the gradient's\nfirst-to-last-step ratio and its verdict, and each gate's saturation.") },
    { level: 1, usage: '--json', description: t('One JSON object, with gradientNormByTimestep: per layer, per epoch, the T norms.') },
    { level: 0, usage: `summary ${t('<file>')}`, description: t("Print each model's layers, output shapes and parameter counts.") },
    { level: 1, usage: `--model ${name}`, description: t('Only this model.') },
    { level: 0, usage: `runs [${t('<dir>')}]`, description: t('List the saved runs (default folder: ./runs): status, start, duration, backend, final metrics.') },
    { level: 1, usage: '--json', description: t('One JSON object per run: id, model, status, spec values, final metrics, sweep.') },
    { level: 0, usage: `runs compare ${t('<run> <run>...')}`, description: t('Print the spec values that differ between the runs, and their metrics.') },
    { level: 0, usage: `runs rm ${t('<run>...')}`, description: t('Move runs to the trash (where the system has none: to <runs>/.trash).') },
    { level: 1, usage: '--trash-folder', description: t('Move them to <runs>/.trash, not to the system trash.') },
    { level: 1, usage: `--runs-dir ${t('<dir>')}`, description: t('Where compare and rm look up run ids (default: ./runs).') },
    { level: 0, usage: `export ${t('<file>')}`, description: t('Write a Python project that trains the model like rnn does (README.md in it).') },
    { level: 1, usage: `--to <${EXPORT_TARGETS.join('|')}>`, description: t('The framework of the project.') },
    { level: 1, usage: `--out ${t('<dir>')}`, description: t('The folder to write it to.') },
    { level: 1, usage: `--weights ${t('<run>')}`, description: t("Add this run's trained weights (weights.safetensors).") },
    { level: 1, usage: `--model ${name}`, description: t('The model to export (needed when the file has several).') },
    { level: 0, usage: `import ${t('<weights>')}`, description: t('Make a run of weights trained elsewhere (.safetensors from an export).') },
    { level: 1, usage: `--spec ${t('<file>')}`, description: t('The .rnn file of the model the weights belong to.') },
    { level: 1, usage: `--runs-dir ${t('<dir>')}`, description: t('Where runs are saved (default: ./runs).') },
  ];
}

function globalOptions(): Row[] {
  return [
    { level: 0, usage: '-h, --help', description: t('Show this help.') },
    { level: 0, usage: '--memory-budget <size>', description: t('Memory a model may need for training before check, summary and train refuse it,\ne.g. 8GiB (default: 2GiB; the same on every machine).') },
    { level: 0, usage: '--allow-data-outside', description: t("Read data files outside the .rnn file's folder and below it.") },
    { level: 0, usage: '--lang <en|zh-cn>', description: t('The language of the messages (default: from LC_ALL, LC_MESSAGES or LANG).') },
  ];
}

/**
 * The rows as two columns: options' descriptions two columns right of their
 * command's, both one space past the widest usage, so that no description
 * touches its usage in any language.
 */
function table(all: readonly Row[], rowsToPrint: readonly Row[]): string[] {
  const end = (row: Row) => INDENT[row.level] + stringWidth(row.usage) + 1 + (row.level === 0 ? 2 : 0);
  const optionColumn = Math.max(...all.map(end));
  const column = (row: Row) => optionColumn - (row.level === 0 ? 2 : 0);
  return rowsToPrint.flatMap((row) => {
    const [first, ...more] = row.description.split('\n');
    const usage = ' '.repeat(INDENT[row.level]) + row.usage;
    const pad = ' '.repeat(column(row) - stringWidth(usage));
    return [usage + pad + first, ...more.map((line) => ' '.repeat(column(row)) + line)];
  });
}

export function helpText(): string {
  const commands = rows();
  const options = globalOptions();
  const all = [...commands, ...options];
  return [
    t('Usage: rnn <command> [options] <file.rnn>...'),
    '',
    t('Commands:'),
    ...table(all, commands),
    '',
    t('Options:'),
    ...table(all, options),
  ].join('\n');
}
