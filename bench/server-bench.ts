// Latency of the built language server (dist/server.js) over stdio on a
// generated 5,000-line file of many models. Run with `npm run bench:server`
// after `npm run build`. Three parts, each on servers of its own:
// - first open: fresh servers, each opening the file and sending what an
//   editor asks for on opening it (semantic tokens, symbols, folding, lenses,
//   inlay hints); the time until its diagnostics, and until everything answered,
//   once right after `initialized` and once after the server idled 2 s;
// - the server's default settings, as an editor starts it: diagnostics after
//   an edit made after a pause, completion, and a word typed at about five
//   characters a second (how many publishes it causes); for the edits, how
//   much of the time the server's JavaScript thread was on a core and how much
//   it waited for one (Linux's schedstat);
// - no debounce (`diagnosticsDelay: 0`): every edit checked as it comes, to
//   time the work itself, plus hover and formatting.
// Prints a table of p50/p95 per measure and one JSON line.
// BENCH_RUN_HINTS=1 also gives every model a finished run with insight
// (insight.jsonl of 20 epochs; the rnn models' gradients vanish), so each
// check also works out the hints from the latest runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, PublishDiagnosticsNotification, StreamMessageReader, StreamMessageWriter,
  type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { saveRun } from '../test/helpers/saved-runs';
import { saveInsight } from '../test/helpers/saved-insight';

const root = join(import.meta.dirname, '..');
/** `BENCH_SERVER=/path/to/server.js` times another build (e.g. an older commit's) on the same machine in the same session. */
const serverPath = process.env.BENCH_SERVER || join(root, 'dist', 'server.js');
const TARGET_LINES = 5000;
/** Requests of each kind with no debounce, and completions. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
/** Edits after a pause with the default settings (each costs a pause). */
const PAUSED_ROUNDS = Number(process.env.BENCH_PAUSED_ROUNDS ?? 60);
/** Fresh servers that open the file. */
const OPEN_ROUNDS = Number(process.env.BENCH_OPEN_ROUNDS ?? 7);
/** How long a server idles after `initialized` before the file is opened, in the second kind of first open. */
const IDLE_BEFORE_OPEN_MS = 2_000;
/** Words typed with the default settings. */
const WORDS = Number(process.env.BENCH_WORDS ?? 10);
/** Longer than any quiet period a server waits for: an edit after it comes "after a pause". */
const PAUSE_MS = 600;
/** About five characters a second. */
const KEYSTROKE_MS = 200;
const WORD = 'noisy';
const RUN_HINTS = process.env.BENCH_RUN_HINTS === '1';
const CELLS = ['lstm', 'gru', 'rnn'] as const;
const GATES = { lstm: ['input', 'forget', 'candidate', 'output'], gru: ['update', 'reset', 'candidate'], rnn: ['candidate'] };

/** One model of about 30 lines, in the style of the samples. */
function modelText(i: number): string {
  const cell = CELLS[i % 3];
  return `# Model ${i}: a ${cell} on a noisy sine wave.
model Sine${i} {
  data: sine(samples: ${1000 + i}, period: 40, noise: 0.05)

  input {
    timesteps: ${20 + (i % 10)}
    features: 1
  }

  hidden {
    cell: ${cell}
    units: [${16 + (i % 4) * 16}, 16]
    dropout: 0.1
  }

  output {
    units: 1
    activation: linear
  }

  loss: mse
  optimizer: adam(lr: 0.005, clipnorm: 1.0)

  train {
    epochs: ${10 + (i % 5)}
    batch_size: 64
    validation_split: 0.2
    seed: ${i}
  }
}
`;
}

function generate(): string {
  const models: string[] = [];
  let lines = 0;
  for (let i = 0; lines < TARGET_LINES; i++) {
    const model = modelText(i);
    models.push(model);
    lines += model.split('\n').length;
  }
  return models.join('\n');
}

/** A runs folder with one finished run per model of the file, each with 20 epochs of insight; its path. */
function savedRuns(models: number): string {
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-bench-hints-'));
  for (let i = 0; i < models; i++) {
    const cell = CELLS[i % 3];
    const runDir = saveRun(runsDir, { model: `Sine${i}`, source: modelText(i) });
    const layers = [0, 1].map((layer) => ({ layer, direction: 'forward' as const, cell, units: 16, gates: GATES[cell] }));
    saveInsight(runDir, {
      layers, steps: 20 + (i % 10), epochs: 20, rate: () => (cell === 'rnn' ? 0.6 : 0.99), saturation: (epoch, _gate, g) => ({ low: g / 10, high: epoch / 40 }),
    });
  }
  return runsDir;
}

/** Where every session finds its runs (BENCH_RUN_HINTS=1), made once. */
const runsDirectory = RUN_HINTS ? savedRuns(generate().split('\nmodel ').length - 1) : undefined;

function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Offsets of every occurrence of `needle` plus `shift`. */
function offsetsOf(text: string, needle: string, shift: number): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) found.push(i + shift);
  return found;
}

const uri = pathToFileURL(join(root, 'samples', 'bench-generated.rnn')).toString();

/** One server with the file open: edits it, and remembers every publish with its arrival time. */
class Session {
  readonly publishes: { version: number | undefined; at: number }[] = [];
  private readonly waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
  private version = 0;

  private constructor(readonly connection: ProtocolConnection, readonly child: ChildProcess, public text: string) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.publishes.push({ version: p.version ?? undefined, at: performance.now() });
      if (p.version !== undefined && p.version !== null) this.waiting.get(p.version)?.(p);
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
  }

  /** Milliseconds from starting the process until it answered `initialize`. */
  startup = 0;

  static async start(initializationOptions: Record<string, unknown>): Promise<Session> {
    const spawned = performance.now();
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new Session(connection, child, generate());
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { ...initializationOptions, runsDirectory } });
    session.startup = performance.now() - spawned;
    await connection.sendNotification('initialized', {});
    return session;
  }

  published(version: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiting.set(version, resolve));
  }

  /** Opens the file; resolves when its diagnostics arrive. */
  async open(): Promise<PublishDiagnosticsParams> {
    this.version = 1;
    const first = this.published(1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'rnn', version: 1, text: this.text } });
    return first;
  }

  /** Sends one change; resolves with its version once sent. */
  async change(at: number, removed: number, inserted: string): Promise<number> {
    const range = { start: positionAt(this.text, at), end: positionAt(this.text, at + removed) };
    this.text = this.text.slice(0, at) + inserted + this.text.slice(at + removed);
    const version = ++this.version;
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: inserted }] });
    return version;
  }

  /** Milliseconds from sending a change until the diagnostics of its version arrive. */
  async timedEdit(at: number, removed: number, inserted: string): Promise<number> {
    return (await this.tracedEdit(at, removed, inserted)).ms;
  }

  /**
   * The same, and how those milliseconds went for the server's JavaScript thread: on a core (its own work,
   * from reading the change to writing the diagnostics) or ready but waiting for one (the machine's load).
   */
  async tracedEdit(at: number, removed: number, inserted: string): Promise<{ ms: number; onCore?: number; waiting?: number; benchWaiting?: number }> {
    const done = this.published(this.version + 1);
    const before = schedStat(this.child.pid);
    const benchBefore = schedStat(process.pid);
    const started = performance.now();
    await this.change(at, removed, inserted);
    await done;
    const ms = performance.now() - started;
    const after = schedStat(this.child.pid);
    if (!before || !after) return { ms };
    const bench = schedStat(process.pid);
    return { ms, onCore: after.onCore - before.onCore, waiting: after.waiting - before.waiting, benchWaiting: bench && benchBefore ? bench.waiting - benchBefore.waiting : undefined };
  }

  /** Milliseconds per request, sent one after the other at positions taken in turn from `offsets`. */
  async timedRequests(offsets: number[], send: (position: { line: number; character: number }) => Promise<unknown>, rounds = ROUNDS): Promise<number[]> {
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const position = positionAt(this.text, offsets[(round * 7919) % offsets.length]);
      const started = performance.now();
      await send(position);
      samples.push(performance.now() - started);
    }
    return samples;
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    this.child.kill();
    this.connection.dispose();
  }
}

/**
 * CPU milliseconds a process has used (user + system, all its threads), from Linux's /proc; undefined elsewhere.
 * On a shared machine this says more about the work than the wall time does.
 */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times, on every platform Node runs on. */
const CLOCK_TICKS = 100;

/**
 * Milliseconds the process's main thread (the one that runs its JavaScript) has spent on a core and ready to
 * run but waiting for one, in nanosecond resolution from Linux's /proc/<pid>/task/<pid>/schedstat; undefined
 * elsewhere. Their sum against the wall time separates the server's own work from the machine's load.
 */
function schedStat(pid: number | undefined): { onCore: number; waiting: number } | undefined {
  try {
    const [onCore, waiting] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number);
    return Number.isFinite(onCore) && Number.isFinite(waiting) ? { onCore: onCore / 1e6, waiting: waiting / 1e6 } : undefined;
  } catch {
    return undefined;
  }
}

interface Opening { diagnostics: number; ready: number; count: number; cpu?: number; onCore: number; startup: number }

/**
 * Opening the file in a fresh server, with the requests an editor sends on opening a file: at once after
 * `initialized` (an editor that starts the server for a file it opens), or after the server was idle for
 * `idleMs` (a file opened later in the session).
 */
async function firstOpen(idleMs = 0): Promise<Opening> {
  const session = await Session.start({});
  if (idleMs > 0) await sleep(idleMs);
  const textDocument = { uri };
  const cpuBefore = cpuMs(session.child.pid);
  const threadBefore = schedStat(session.child.pid);
  const started = performance.now();
  const published = session.open().then((p) => ({
    count: p.diagnostics.length, ms: performance.now() - started, cpu: (cpuMs(session.child.pid) ?? Number.NaN) - (cpuBefore ?? Number.NaN),
    onCore: (schedStat(session.child.pid)?.onCore ?? Number.NaN) - (threadBefore?.onCore ?? Number.NaN),
  }));
  const visible = { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } };
  const requests = Promise.all([
    session.connection.sendRequest('textDocument/semanticTokens/full', { textDocument }),
    session.connection.sendRequest('textDocument/documentSymbol', { textDocument }),
    session.connection.sendRequest('textDocument/foldingRange', { textDocument }),
    session.connection.sendRequest('textDocument/codeLens', { textDocument }),
    session.connection.sendRequest('textDocument/inlayHint', { textDocument, range: visible }),
  ]);
  const [diagnostics] = await Promise.all([published, requests]);
  const ready = performance.now() - started;
  await session.stop();
  return { diagnostics: diagnostics.ms, ready, count: diagnostics.count, cpu: diagnostics.cpu, onCore: diagnostics.onCore, startup: session.startup };
}

/**
 * Types `WORD` into comments at `KEYSTROKE_MS` a character, a pause after each word; per word,
 * the publishes while it was typed and until the pause ended, and how long after its last
 * character the diagnostics of its last version came.
 */
async function typeWords(session: Session): Promise<{ publishes: number[]; settled: number[] }> {
  const publishes: number[] = [];
  const settled: number[] = [];
  for (let word = 0; word < WORDS; word++) {
    const comments = offsetsOf(session.text, '# Model ', '# Model '.length);
    let at = comments[(word * 7919) % comments.length];
    const from = session.publishes.length;
    const started = performance.now();
    let last = 0;
    let lastSent = 0;
    for (let i = 0; i < WORD.length; i++) {
      await sleep(Math.max(0, started + i * KEYSTROKE_MS - performance.now()));
      last = await session.change(at++, 0, WORD[i]);
      lastSent = performance.now();
    }
    await sleep(PAUSE_MS * 2);
    const during = session.publishes.slice(from);
    publishes.push(during.length);
    const final = during.find((p) => p.version === last);
    settled.push(final ? final.at - lastSent : Number.NaN);
  }
  return { publishes, settled };
}

async function main(): Promise<void> {
  if (!existsSync(serverPath)) throw new Error('dist/server.js is missing: run `npm run build` first');
  const rows: Record<string, number[]> = {};

  // Alternately at once and after a pause, so that both meet the same load.
  const opens: Opening[] = [];
  const idleOpens: Opening[] = [];
  for (let round = 0; round < OPEN_ROUNDS; round++) {
    opens.push(await firstOpen());
    idleOpens.push(await firstOpen(IDLE_BEFORE_OPEN_MS));
  }
  rows['start: initialized'] = opens.map((o) => o.startup);
  rows['open: diagnostics'] = opens.map((o) => o.diagnostics);
  rows['open: all answered'] = opens.map((o) => o.ready);
  // The server's CPU time until the diagnostics (10 ms steps, all threads); NaN where /proc is missing.
  rows['open: server CPU'] = opens.map((o) => o.cpu ?? Number.NaN);
  // Of which its JavaScript thread, in nanosecond resolution (the rest is V8's compiler and GC threads).
  rows['open: JS thread'] = opens.map((o) => o.onCore);
  rows['idle open: diagnostics'] = idleOpens.map((o) => o.diagnostics);
  rows['idle open: all answered'] = idleOpens.map((o) => o.ready);
  rows['idle open: server CPU'] = idleOpens.map((o) => o.cpu ?? Number.NaN);
  rows['idle open: JS thread'] = idleOpens.map((o) => o.onCore);

  // Default settings, as an editor starts the server: no debounce override.
  const editor = await Session.start({});
  await editor.open();
  const afterPause = <T>(edit: () => Promise<T>) => async () => {
    await sleep(PAUSE_MS);
    return edit();
  };
  const pausedValue: Traced[] = [];
  const pausedTyping: Traced[] = [];
  for (let round = 0; round < PAUSED_ROUNDS; round++) {
    const epochs = offsetsOf(editor.text, 'epochs: ', 'epochs: '.length);
    pausedValue.push(await afterPause(() => editor.tracedEdit(epochs[(round * 7919) % epochs.length], 2, String(10 + (round % 90))))());
    const comments = offsetsOf(editor.text, '# Model ', '# Model '.length);
    pausedTyping.push(await afterPause(() => editor.tracedEdit(comments[(round * 7919) % comments.length], 0, 'x'))());
  }
  rows['default: value edit'] = pausedValue.map((s) => s.ms);
  rows['default: one char'] = pausedTyping.map((s) => s.ms);
  // Where the time of those edits went on the server's JavaScript thread (NaN where /proc is missing).
  const paused = [...pausedValue, ...pausedTyping];
  rows['  server on a core'] = paused.map((s) => s.onCore ?? Number.NaN);
  rows['  server waiting'] = paused.map((s) => s.waiting ?? Number.NaN);
  rows['  bench waiting'] = paused.map((s) => s.benchWaiting ?? Number.NaN);
  await sleep(PAUSE_MS);
  rows['default: completion'] = await editor.timedRequests(offsetsOf(editor.text, 'cell: ', 'cell: '.length), (position) =>
    editor.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }));
  await sleep(PAUSE_MS);
  const typed = await typeWords(editor);
  rows['default: word settled'] = typed.settled;
  await editor.stop();

  // No debounce: the work itself.
  const eager = await Session.start({ diagnosticsDelay: 0 });
  const opened = await eager.open();
  const epochs = offsetsOf(eager.text, 'epochs: ', 'epochs: '.length);
  const value: number[] = [];
  for (let round = 0; round < ROUNDS; round++) value.push(await eager.timedEdit(epochs[(round * 7919) % epochs.length], 2, String(10 + (round % 90))));
  const typing: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const comments = offsetsOf(eager.text, '# Model ', '# Model '.length);
    typing.push(await eager.timedEdit(comments[(round * 7919) % comments.length], 0, 'x'));
  }
  rows['delay 0: value edit'] = value;
  rows['delay 0: one char'] = typing;
  rows['delay 0: completion'] = await eager.timedRequests(offsetsOf(eager.text, 'cell: ', 'cell: '.length), (position) =>
    eager.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }));
  rows['delay 0: hover'] = await eager.timedRequests(offsetsOf(eager.text, 'dropout', 2), (position) =>
    eager.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }));
  rows['delay 0: formatting'] = await eager.timedRequests([0], () =>
    eager.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }));
  await eager.stop();

  const lineCount = eager.text.split('\n').length;
  const summary: Record<string, { p50: number; p95: number; n: number }> = {};
  console.log(`file: ${lineCount} lines, ${eager.text.length} characters, ${epochs.length} models; ${opened.diagnostics.length} diagnostics`);
  console.log(`${'measure (ms)'.padEnd(24)}  p50      p95      n`);
  for (const [name, samples] of Object.entries(rows)) {
    const known = samples.filter((s) => !Number.isNaN(s));
    summary[name] = { p50: round2(percentile(known, 50)), p95: round2(percentile(known, 95)), n: known.length };
    console.log(`${name.padEnd(24)} ${String(summary[name].p50).padStart(7)}  ${String(summary[name].p95).padStart(7)}  ${String(known.length).padStart(4)}`);
  }
  const wordPublishes = { max: Math.max(...typed.publishes), perWord: typed.publishes };
  console.log(`publishes per word typed ("${WORD}", one character every ${KEYSTROKE_MS} ms, default settings): max ${wordPublishes.max}; ${typed.publishes.join(' ')}`);
  console.log(JSON.stringify({ bench: 'server', lines: lineCount, models: epochs.length, ...summary, wordPublishes }));
}

type Traced = Awaited<ReturnType<Session['tracedEdit']>>;
const round2 = (n: number) => Math.round(n * 100) / 100;

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
