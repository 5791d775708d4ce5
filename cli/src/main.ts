// The `rnn` command: check, train and summarise .rnn files. A thin front end:
// all the work happens in core/, this file only routes arguments.
import { parseArgs } from 'node:util';
import { terminalText } from './terminal-text';
import { runCheck } from './commands/check';
import { runSummary } from './commands/summary';
import { runRuns } from './commands/runs';
import { UsageError, parseSizeOption } from './usage';
import { useCheckOptions } from './source';
import { helpText } from './help';
import { setUpLocale } from './locale';
import { currentLocale, t } from '../../core/src/shared';

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  lang: { type: 'string' },
  model: { type: 'string' },
  epochs: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  'runs-dir': { type: 'string' },
  'steps-per-epoch': { type: 'string' },
  kernels: { type: 'string' },
  'no-verify': { type: 'boolean' },
  'memory-budget': { type: 'string' },
  'allow-data-outside': { type: 'boolean' },
  json: { type: 'boolean' },
  'trash-folder': { type: 'boolean' },
  jobs: { type: 'string' },
  trial: { type: 'string' },
  'sweep-id': { type: 'string' },
  resume: { type: 'string' },
  data: { type: 'string' },
  out: { type: 'string' },
  forecast: { type: 'string' },
  length: { type: 'string' },
  temperature: { type: 'string' },
  prime: { type: 'string' },
  to: { type: 'string' },
  weights: { type: 'string' },
  spec: { type: 'string' },
} as const;

/** What a run's own process needs besides the model, the trial and the file: every other option given. */
const NOT_FORWARDED = new Set(['help', 'model', 'jobs', 'trial', 'sweep-id']);
function forwardedOptions(values: Record<string, string | boolean | undefined>): string[] {
  return Object.entries(values).flatMap(([name, value]) => {
    if (NOT_FORWARDED.has(name) || value === undefined || value === false) return [];
    return value === true ? [`--${name}`] : [`--${name}`, value];
  });
}

async function main(argv: string[]): Promise<number> {
  setUpLocale(argv, process.env);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: OPTIONS,
  });
  const [command, ...files] = positionals;
  if (values.help || !command) {
    console.log(helpText());
    return command || values.help ? 0 : 2;
  }
  useCheckOptions({ memoryBudget: parseSizeOption('memory-budget', values['memory-budget']) });
  const access = { allowOutside: values['allow-data-outside'] === true };
  switch (command) {
    case 'check':
      return runCheck(files, access);
    case 'summary':
      return runSummary(files, { model: values.model, access });
    case 'train':
      // Loaded only to train: the engine brings tfjs, which the other commands never need at start-up.
      return (await import('./commands/train')).runTrain(files, {
        model: values.model,
        epochs: values.epochs,
        seed: values.seed,
        backend: values.backend,
        runsDir: values['runs-dir'],
        stepsPerEpoch: values['steps-per-epoch'],
        kernels: values.kernels,
        verify: !values['no-verify'],
        access,
        jobs: values.jobs,
        trial: values.trial,
        sweepId: values['sweep-id'],
        forward: forwardedOptions(values),
        resume: values.resume,
      });
    case 'predict':
      // Loaded only to predict, as train: it brings the engine.
      return (await import('./commands/predict')).runPredict(files, {
        data: values.data,
        out: values.out,
        forecast: values.forecast,
        length: values.length,
        temperature: values.temperature,
        prime: values.prime,
        seed: values.seed,
        backend: values.backend,
        access,
      });
    case 'runs':
      return runRuns(files, { json: values.json === true, runsDir: values['runs-dir'], trashFolder: values['trash-folder'] === true });
    case 'inspect':
      // Loaded only when asked for, like the other commands that read a run.
      return (await import('./commands/inspect')).runInspect(files, { json: values.json === true });
    case 'export':
      // Loaded only when asked for: export and import bring the engine's interop.
      return (await import('./commands/export')).runExport(files, { model: values.model, to: values.to, out: values.out, weights: values.weights, access });
    case 'import':
      return (await import('./commands/import')).runImport(files, { spec: values.spec, model: values.model, runsDir: values['runs-dir'], seed: values.seed, access });
    default:
      throw new UsageError(t("unknown command '{0}'", command));
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const parseError = parseArgsMessage(error);
    if (error instanceof UsageError || parseError !== undefined) {
      console.error(`rnn: ${parseError ?? (error as Error).message}\n${t("Run 'rnn --help' for usage.")}`);
      process.exitCode = 2;
      return;
    }
    // A bug in rnn itself: say so plainly, keep the detail for a bug report.
    console.error(`rnn: ${t('internal error: {0}', terminalText((error as Error)?.message ?? String(error), { multiline: true }))}`);
    if (process.env.RNN_DEBUG) console.error((error as Error)?.stack);
    process.exitCode = 70;
  },
);

/**
 * node:util's parseArgs words its errors in English; in another language the
 * ones a user can cause here (an unknown option, a missing or unwanted value)
 * are said in the CLI's words, naming the option as typed. English keeps
 * Node's wording. Undefined when `error` is not parseArgs's.
 */
function parseArgsMessage(error: unknown): string | undefined {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (!code?.startsWith('ERR_PARSE_ARGS')) return undefined;
  if (currentLocale() === 'en') return message;
  const option = /'(-[^' ]+)/.exec(message ?? '')?.[1];
  if (option && code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return t("unknown option '{0}'", option);
  if (option && code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const takesValue = Object.entries(OPTIONS).some(([name, o]) => o.type === 'string' && option === `--${name}`);
    return takesValue ? t("option '{0}' needs a value", option) : t("option '{0}' takes no value", option);
  }
  return message;
}
