// The `rnn` command: check, train and summarise .rnn files. A thin front end:
// all the work happens in core/, this file only routes arguments.
import { parseArgs } from 'node:util';
import { runCheck } from './commands/check';
import { runSummary } from './commands/summary';
import { runTrain } from './commands/train';
import { UsageError } from './usage';
import { BACKENDS } from '../../core/src/shared';

const USAGE = `Usage: rnn <command> [options] <file.rnn>...

Commands:
  check <files...>        Report every problem as file:line:col: severity: message [code].
                          Exits 1 when any file has an error.
  train <file>            Train the models of a file and save each run.
      --model <name>        Train only this model (default: every model in the file).
      --epochs <n>          Override train.epochs.
      --seed <n>            Override train.seed.
      --backend <b>         ${BACKENDS.join(' | ')} (default: auto).
      --runs-dir <dir>      Where runs are saved (default: ./runs).
      --steps-per-epoch <n> Train at most this many batches per epoch (a quick trial on big data).
      --kernels <k>         fused (default: whole-sequence kernels where they apply, native when built, else WebAssembly)
                            | native | wasm (one build of them) | stock (tfjs layers).
      --no-verify           Skip the one-step gradient check of the wasm backend against cpu.
  summary <file>          Print each model's layers, output shapes and parameter counts.
      --model <name>        Only this model.

Options:
  -h, --help              Show this help.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      model: { type: 'string' },
      epochs: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      'runs-dir': { type: 'string' },
      'steps-per-epoch': { type: 'string' },
      kernels: { type: 'string' },
      'no-verify': { type: 'boolean' },
    },
  });
  const [command, ...files] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case 'check':
      return runCheck(files);
    case 'summary':
      return runSummary(files, { model: values.model });
    case 'train':
      return runTrain(files, {
        model: values.model,
        epochs: values.epochs,
        seed: values.seed,
        backend: values.backend,
        runsDir: values['runs-dir'],
        stepsPerEpoch: values['steps-per-epoch'],
        kernels: values.kernels,
        verify: !values['no-verify'],
      });
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`rnn: ${(error as Error).message}\nRun 'rnn --help' for usage.`);
      process.exitCode = 2;
      return;
    }
    // A bug in rnn itself: say so plainly, keep the detail for a bug report.
    console.error(`rnn: internal error: ${(error as Error)?.message ?? String(error)}`);
    if (process.env.RNN_DEBUG) console.error((error as Error)?.stack);
    process.exitCode = 70;
  },
);
