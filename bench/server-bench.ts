// Latency of the built language server (dist/server.js) over stdio on a
// generated 5,000-line file of many models: full diagnostics after an edit,
// completion, hover and formatting. Run with `npm run bench:server` after
// `npm run build`. Prints a table of p50/p95 per request and one JSON line.
// BENCH_RUN_HINTS=1 also gives every model a finished run with insight
// (insight.jsonl of 20 epochs; the rnn models' gradients vanish), so each
// check also works out the hints from the latest runs.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, PublishDiagnosticsNotification, StreamMessageReader, StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { saveRun } from '../test/helpers/saved-runs';
import { saveInsight } from '../test/helpers/saved-insight';

const root = join(import.meta.dirname, '..');
const serverPath = join(root, 'dist', 'server.js');
const TARGET_LINES = 5000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const RUN_HINTS = process.env.BENCH_RUN_HINTS === '1';
const CELLS = ['lstm', 'gru', 'rnn'] as const;
const GATES = { lstm: ['input', 'forget', 'cell', 'output'], gru: ['update', 'reset'], rnn: [] };

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

async function main(): Promise<void> {
  if (!existsSync(serverPath)) throw new Error('dist/server.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.version !== undefined && p.version !== null) waiting.get(p.version)?.(p);
  });
  connection.listen();
  // No debounce: measure the work itself (the editor adds the 150 ms typing pause on purpose).
  let text = generate();
  const runsDirectory = RUN_HINTS ? savedRuns(text.split('\nmodel ').length - 1) : undefined;
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { diagnosticsDelay: 0, runsDirectory } });
  await connection.sendNotification('initialized', {});

  const lineCount = text.split('\n').length;
  const uri = pathToFileURL(join(root, 'samples', 'bench-generated.rnn')).toString();
  let version = 1;
  const published = (v: number) => new Promise<PublishDiagnosticsParams>((resolve) => waiting.set(v, resolve));
  const first = published(1);
  const openStarted = performance.now();
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'rnn', version, text } });
  const opened = await first;
  const openMs = round2(performance.now() - openStarted);

  const edit = async (at: number, removed: number, inserted: string): Promise<number> => {
    const range = { start: positionAt(text, at), end: positionAt(text, at + removed) };
    text = text.slice(0, at) + inserted + text.slice(at + removed);
    version++;
    const done = published(version);
    const started = performance.now();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: inserted }] });
    await done;
    return performance.now() - started;
  };
  // Diagnostics after an edit that keeps the length (a new epochs value somewhere)...
  const epochs = offsetsOf(text, 'epochs: ', 'epochs: '.length);
  const diagnostics: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    diagnostics.push(await edit(epochs[(round * 7919) % epochs.length], 2, String(10 + (round % 90))));
  }
  // ...and after typing one character into a comment (everything after it moves).
  const typing: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const comments = offsetsOf(text, '# Model ', '# Model '.length);
    typing.push(await edit(comments[(round * 7919) % comments.length], 0, 'x'));
  }

  const timed = async (positions: number[], send: (position: { line: number; character: number }) => Promise<unknown>) => {
    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const position = positionAt(text, positions[(round * 7919) % positions.length]);
      const started = performance.now();
      await send(position);
      samples.push(performance.now() - started);
    }
    return samples;
  };
  const completion = await timed(offsetsOf(text, 'cell: ', 'cell: '.length), (position) =>
    connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }));
  const hover = await timed(offsetsOf(text, 'dropout', 2), (position) =>
    connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }));
  // On `cell`: the key's documentation and, with run hints, the run's gradient and gates tables.
  const cellHover = await timed(offsetsOf(text, 'cell: ', 1), (position) =>
    connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }));
  const formatting = await timed([0], () =>
    connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }));

  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  child.kill();

  const rows = { diagnostics, 'diagnostics (typing)': typing, completion, hover, 'hover (cell)': cellHover, formatting };
  const summary: Record<string, { p50: number; p95: number }> = {};
  console.log(`file: ${lineCount} lines, ${text.length} characters, ${epochs.length} models; ${opened.diagnostics.length} diagnostics; ${ROUNDS} requests each`);
  console.log(`open (first check of the whole file): ${openMs} ms${RUN_HINTS ? `; run hints from ${runsDirectory}` : ''}`);
  console.log(`${'request'.padEnd(22)} p50 ms   p95 ms`);
  for (const [name, samples] of Object.entries(rows)) {
    summary[name] = { p50: round2(percentile(samples, 50)), p95: round2(percentile(samples, 95)) };
    console.log(`${name.padEnd(22)} ${String(summary[name].p50).padStart(6)}   ${String(summary[name].p95).padStart(6)}`);
  }
  console.log(JSON.stringify({ bench: 'server', lines: lineCount, models: epochs.length, rounds: ROUNDS, runHints: RUN_HINTS, openMs, ...summary }));
}

const round2 = (n: number) => Math.round(n * 100) / 100;

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
