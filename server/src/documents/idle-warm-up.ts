// Why the server checks a spec nobody opened: the first check of a session
// runs cold code (V8 has not yet optimised the lexer, the parser, the checker
// and the providers an opening editor calls), and a large file's first check
// costs several times its warm one. While the server idles after
// `initialized`, it checks a small built-in spec a few dozen times, one round
// per turn of the event loop, so that a file opened later meets optimised
// code. It starts a moment after `initialized`, and a document opened
// meanwhile stops it (its own check warms the code from then on): a document
// waits for at most the one round under way.
// docs/performance.md has the figures, both ways.
import type { Diagnostic } from 'vscode-languageserver';
import type { LanguageServices } from '../language-services';
import { AnalyzedDocument, type Analyzer } from './analyzed-document';
import { systemTimers, type Timers } from '../diagnostics/diagnostics-scheduler';

/** Three models in the style of the samples (no data files: a warm-up never reads the disk). */
export const WARM_UP_TEXT = `# Forecast the next point of a noisy sine wave.
model WarmSine {
  data: sine(samples: 2000, period: 40, noise: 0.05)

  input {
    timesteps: 50
    features: 1
  }

  hidden {
    cell: lstm
    units: [64, 32]
    gates: [input, forget, output]
    dropout: 0.1
  }

  output {
    units: 1
    activation: linear
  }

  loss: mse
  optimizer: adam(lr: 0.005, clipnorm: 1.0)

  train {
    epochs: 20
    batch_size: 64
    validation_split: 0.2
    early_stopping: 5
    seed: 42
  }
}

model WarmAdding {
  data: adding(samples: 2000, timesteps: 30)
  input { timesteps: 30, features: 2 }
  hidden { cell: gru, units: [16] }
  output { units: 1, activation: linear }
  loss: mse
  optimizer: adam(lr: 0.005, clipnorm: 1.0)
  train { epochs: 10, batch_size: 64, validation_split: 0.2, seed: 7 }

  sweep {
    narrow { hidden.units: [8] }
    repeat: 2
  }
}

# A plain rnn that extends the one above.
model WarmRnn extends WarmAdding {
  hidden { cell: rnn, recurrent_init: orthogonal(gain: 1) }
}
`;

/**
 * Rounds of the warm-up. Measured in-process on the 5,022-line file of bench/server-bench.ts: its first check
 * took about 90 ms cold, about 45 ms after 50 checks of a text like this one, and about 40 ms after 200. In the
 * server, 50 rounds take 90-120 ms of its JavaScript thread.
 */
export const WARM_UP_ROUNDS = 50;

/** The warm-up's document: a name no client uses. */
export const WARM_UP_URI = 'rnn-warm-up:/warm-up.rnn';

/**
 * One round: checks the warm-up text with `analyze` and asks of it what an editor asks of a file it opens
 * (diagnostics, semantic tokens, symbols, folding, lenses, inlay hints, a completion); publishes nothing and
 * keeps nothing (`forget` drops what `analyze` kept). The providers that read saved runs are left out: a
 * warm-up never reads the disk. Its diagnostics, for a test to see that the text is still clean.
 */
export function warmUpRound(services: LanguageServices, analyze: Analyzer, forget: ((uri: string) => void) | undefined, round: number): Diagnostic[] {
  const document = new AnalyzedDocument(WARM_UP_URI, round, WARM_UP_TEXT, undefined, analyze);
  const everything = { start: document.positionAt(0), end: document.positionAt(WARM_UP_TEXT.length) };
  const diagnostics = services.diagnostics.diagnostics(document);
  services.semanticTokens.semanticTokens(document);
  services.symbols.symbols(document);
  services.folding.foldingRanges(document);
  services.codeLens.codeLenses(document);
  services.inlayHints.inlayHints(document, everything);
  services.completion.complete(document, document.positionAt(WARM_UP_TEXT.indexOf('cell: ') + 'cell: '.length));
  forget?.(WARM_UP_URI);
  return diagnostics;
}

/**
 * How long after `initialized` the warm-up starts: an editor that started the server for a file sends its
 * `didOpen` right after `initialized`, and that file's check should not wait for even one round (the first,
 * coldest round cost an opened-at-once file about 15 ms of the server's JavaScript thread when it started at once).
 */
export const WARM_UP_AFTER_MS = 100;

export class IdleWarmUp {
  private pending: unknown;
  private done = 0;
  private stopped = false;

  constructor(
    /** One round: check the warm-up text and ask of it what an editor asks of a file it opens; false: it failed, stop. */
    private readonly round: () => boolean,
    private readonly rounds = WARM_UP_ROUNDS,
    /** Timeouts of 0 ms run in the event loop's next turn (systemTimers); tests run them by hand. */
    private readonly timers: Timers = systemTimers,
  ) {}

  /** Starts the rounds `WARM_UP_AFTER_MS` from now, then one per turn, unless stopped already. */
  start(): void {
    if (this.stopped || this.pending !== undefined || this.done > 0 || this.rounds <= 0) return;
    this.pending = this.timers.setTimeout(this.runRound, WARM_UP_AFTER_MS);
  }

  /** No more rounds: a document opened (or the server shuts down); a round under way finishes. */
  stop(): void {
    this.stopped = true;
    if (this.pending !== undefined) this.timers.clearTimeout(this.pending);
    this.pending = undefined;
  }

  /** Rounds run so far. */
  get roundsDone(): number {
    return this.done;
  }

  private readonly runRound = (): void => {
    this.pending = undefined;
    if (this.stopped) return;
    if (!this.round()) {
      this.stopped = true;
      return;
    }
    this.done++;
    if (this.done < this.rounds) this.pending = this.timers.setTimeout(this.runRound, 0);
  };
}
