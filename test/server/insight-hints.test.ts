// Results of a run brought back into the spec, through the built server: the
// latest finished run of a model whose gradient vanished (or exploded) through
// time puts an information diagnostic on the model's `cell:` line with the
// figure and the run; hover on `gates` shows how saturated each gate ended up.
// The runs' insight.jsonl is written from stated formulas
// (test/helpers/saved-insight.ts): ||dL/dh_t|| = rate^(T-1-t), so the
// first-to-last ratio is rate^(T-1).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol/node';
import { INSIGHT_FILE, type InsightLayer } from '../../core/src/shared';
import { saveRun } from '../helpers/saved-runs';
import { gateSaturationFormula, LSTM_GATES, saveInsight, type InsightFixture } from '../helpers/saved-insight';
import { fileUri, markers, positionAt, TestClient } from './lsp-client';

const STEPS = 100;
const EPOCHS = 3;
const INFORMATION = 3;

const adding = (name: string, hidden: string) => `model ${name} {
  data: adding(samples: 400, timesteps: ${STEPS})
  input { timesteps: ${STEPS}, features: 2 }
  hidden {
    ${hidden}
    units: [8]
  }
  output { units: 1 }
  loss: mse
  optimizer: adam(lr: 0.01)
  train { epochs: ${EPOCHS}, batch_size: 16, seed: 1 }
}
`;
const marked = [
  adding('Vanish', 'cell: rnn'),
  adding('Healthy', 'cell: lstm\n    <|>gates: [input, forget, output]'),
  adding('Other', 'cell: rnn'),
  adding('Damaged', 'cell: rnn\n    <|>gates: []'),
  adding('Gated', 'cell: lstm'),
].join('\n');
const { text: source, offsets: [healthyGates, damagedGates] } = markers(marked);

const workspace = mkdtempSync(join(tmpdir(), 'rnn-insight-hints-'));
const runsDir = join(workspace, 'runs');
const uri = fileUri(join(workspace, 'adding.rnn'));
let client: TestClient;

/** A layer whose gradient decays by `rate` a time step at every epoch. */
const fixture = (layer: InsightLayer, rate: number): InsightFixture => ({ layers: [layer], steps: STEPS, epochs: EPOCHS, rate: () => rate, saturation: gateSaturationFormula });
const rnnLayer: InsightLayer = { layer: 0, direction: 'forward', cell: 'rnn', units: 8, gates: [] };
const lstmLayer: InsightLayer = { layer: 0, direction: 'forward', cell: 'lstm', units: 8, gates: LSTM_GATES };
/** The ratio the hint must state, from the formula, written as people read it. */
const ratioText = (rate: number) => (rate ** (STEPS - 1)).toExponential(1);

/** A finished run of `model` whose layer's gradient decays by `rate` a step. */
function insightRun(model: string, layer: InsightLayer, rate: number, started: string, status: 'completed' | 'running' = 'completed'): string {
  const runDir = saveRun(runsDir, { model, source: source, started, status });
  saveInsight(runDir, fixture(layer, rate));
  return runDir;
}

let vanishingRun: string;
let healthyRun: string;
let gatedRun: string;

before(async () => {
  // Vanish: an older healthy run, then the latest finished one vanishing (0.9^99 ≈ 3e-5), then one still training.
  insightRun('Vanish', rnnLayer, 0.999, '2026-11-30T09:00:00.000Z');
  vanishingRun = insightRun('Vanish', rnnLayer, 0.9, '2026-11-30T10:00:00.000Z');
  insightRun('Vanish', rnnLayer, 0.999, '2026-11-30T11:00:00.000Z', 'running');
  // Healthy: 0.99^99 ≈ 0.37.
  healthyRun = insightRun('Healthy', lstmLayer, 0.99, '2026-11-30T10:00:00.000Z');
  gatedRun = insightRun('Gated', lstmLayer, 0.99, '2026-11-30T10:00:00.000Z');
  // A vanishing run of a model the document does not declare, in the folder of one it does.
  const foreign = insightRun('Another', rnnLayer, 0.9, '2026-11-30T10:00:00.000Z');
  mkdirSync(join(runsDir, 'Other'), { recursive: true });
  renameSync(foreign, join(runsDir, 'Other', 'moved'));
  writeFileSync(join(workspace, 'adding.rnn'), source);
  client = await TestClient.start({ diagnosticsDelay: 0, runsDirectory: 'runs' });
  await client.open(uri, source);
});
after(async () => {
  await client.stop();
});

const lineOf = (model: string, needle: string) => {
  const lines = source.split('\n');
  const start = lines.indexOf(`model ${model} {`);
  return lines.findIndex((line, i) => i > start && line.includes(needle));
};
const gradientHints = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => String(d.code).startsWith('gradient-'));

test('a run whose gradient vanished puts an information hint on the cell line, with the figure, the epoch and the run', async () => {
  const hints = gradientHints(await client.diagnosticsOfVersion(uri, 1));
  const vanish = hints.filter((d) => d.range.start.line === lineOf('Vanish', 'cell: rnn'));
  assert.equal(vanish.length, 1, JSON.stringify(hints));
  assert.equal(vanish[0].severity, INFORMATION);
  assert.equal(vanish[0].code, 'gradient-vanishing');
  assert.equal(vanish[0].message,
    `layer 1: the gradient at step 1 is ${ratioText(0.9)} of step ${STEPS}'s after epoch ${EPOCHS} (run ${basename(vanishingRun)}): the early steps barely learn; try lstm or gru, or recurrent_init: identity with activation: relu (an IRNN)`);
});

test('neither a run of another model nor a run with healthy gradients puts a hint', async () => {
  const hints = gradientHints(await client.diagnosticsOfVersion(uri, 1));
  assert.deepEqual(hints.map((d) => d.range.start.line), [lineOf('Vanish', 'cell: rnn')]);
});

test('hover on gates shows how saturated each gate ended up, below the key\'s documentation', async () => {
  const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(source, healthyGates) }) as Hover;
  const text = (hover.contents as { value: string }).value;
  assert.match(text, /The active gates/);
  assert.ok(text.includes(`Gate saturation in run ${basename(healthyRun)}, after epoch ${EPOCHS}`), text);
  const share = (x: number) => `${Math.round(x * 100)}%`;
  LSTM_GATES.forEach((gate, i) => {
    const { low, high } = gateSaturationFormula(EPOCHS, gate, i);
    assert.ok(text.includes(`| layer 1 | ${gate} | ${share(low)} | ${share(high)} |`), `${gate} in\n${text}`);
  });
});

test('hover on cell shows the gradient\'s first-to-last ratio at initialisation and at the last epoch', async () => {
  const hover = await client.connection.sendRequest('textDocument/hover', {
    textDocument: { uri }, position: { line: lineOf('Vanish', 'cell: rnn'), character: 5 },
  }) as Hover;
  const text = (hover.contents as { value: string }).value;
  assert.match(text, /The recurrent cell/);
  assert.ok(text.includes(`Gradient through time in run ${basename(vanishingRun)}`), text);
  assert.ok(text.includes(`| layer 1 | ${ratioText(0.9)} | ${ratioText(0.9)} (epoch ${EPOCHS}) | vanishing |`), text);
  assert.doesNotMatch(text, /Gate saturation/, 'a plain rnn has no gates');
});

test('a model that writes no gates shows their saturation on cell', async () => {
  const hover = await client.connection.sendRequest('textDocument/hover', {
    textDocument: { uri }, position: { line: lineOf('Gated', 'cell: lstm'), character: 5 },
  }) as Hover;
  const text = (hover.contents as { value: string }).value;
  assert.ok(text.includes(`Gradient through time in run ${basename(gatedRun)}`), text);
  const { low, high } = gateSaturationFormula(EPOCHS, 'output', 3);
  assert.ok(text.includes(`| layer 1 | output | ${Math.round(low * 100)}% | ${Math.round(high * 100)}% |`), text);
  const onHealthy = await client.connection.sendRequest('textDocument/hover', {
    textDocument: { uri }, position: { line: lineOf('Healthy', 'cell: lstm'), character: 5 },
  }) as Hover;
  assert.doesNotMatch((onHealthy.contents as { value: string }).value, /Gate saturation/, 'Healthy shows them on its gates key');
});

test('the hint speaks the client\'s language', async () => {
  const chinese = await TestClient.start({ diagnosticsDelay: 0, runsDirectory: 'runs' }, {}, undefined, 'zh-cn');
  try {
    await chinese.open(uri, source);
    const [hint] = gradientHints(await chinese.diagnosticsOfVersion(uri, 1));
    assert.equal(hint.message, `第 1 层：第 ${EPOCHS} 轮之后，第 1 步的梯度只有第 ${STEPS} 步的 ${ratioText(0.9)}（运行记录 ${basename(vanishingRun)}）：前面的时间步几乎学不到东西；试试 lstm 或 gru，或者 recurrent_init: identity 配合 activation: relu（即 IRNN）`);
  } finally {
    await chinese.stop();
  }
});

test('the hint follows the spec: a model whose cell changed since the run gets none', async () => {
  const lines = source.split('\n');
  lines[lineOf('Vanish', 'cell: rnn')] = '    cell: gru';
  const version = await client.replace(uri, lines.join('\n'));
  assert.deepEqual(gradientHints(await client.diagnosticsOfVersion(uri, version)), []);
  const back = await client.replace(uri, source);
  assert.equal(gradientHints(await client.diagnosticsOfVersion(uri, back)).length, 1);
});

test('a run that finishes is seen once its files are reported changed: an exploding gradient is said too', async () => {
  const exploding = insightRun('Healthy', lstmLayer, 1.1, '2026-11-30T12:00:00.000Z');
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(exploding, 'summary.json')), type: 1 }] });
  const diagnostics = await client.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'gradient-exploding'));
  const hint = diagnostics.find((d) => d.code === 'gradient-exploding')!;
  assert.equal(hint.range.start.line, lineOf('Healthy', 'cell: lstm'));
  assert.match(String(hint.message), new RegExp(`^layer 1: the gradient at step 1 is ${ratioText(1.1).replace('+', '\\+')} times step ${STEPS}'s after epoch ${EPOCHS} \\(run ${basename(exploding)}\\)`));
});

test('a damaged insight.jsonl never breaks the server: its readable records still count, the rest is left out', async () => {
  const damaged = saveRun(runsDir, { model: 'Damaged', source, started: '2026-11-30T10:00:00.000Z' });
  const file = join(damaged, INSIGHT_FILE);
  appendFileSync(file, [
    'not json at all',
    '{"kind":"probe","layers":null,"steps":"many"}',
    '{"kind":"gradients","epoch":1,"layer":0,"direction":"forward","norms":"oops"}',
    // Valid as a record (readInsight validates each line), with a gate name that would break a Markdown table.
    '{"kind":"saturation","epoch":99,"layer":0,"direction":"forward","gates":[{"gate":"x|y","low":0.5,"high":0.25}]}',
    '{"kind":"gradients","epoch":2,"layer":"0","norms":[1,2]}',
    '\u0000\u0001\u0002',
  ].join('\n') + '\n');
  saveInsight(damaged, fixture(rnnLayer, 0.9));
  appendFileSync(file, '{"kind":"gradients","epoch":9,"lay');
  // A run whose insight.jsonl is a folder: unreadable.
  const unreadable = saveRun(runsDir, { model: 'Damaged', source, started: '2026-11-30T09:00:00.000Z' });
  mkdirSync(join(unreadable, INSIGHT_FILE));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(damaged, 'summary.json')), type: 1 }] });
  const diagnostics = await client.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.range.start.line === lineOf('Damaged', 'cell: rnn')
    && d.code === 'gradient-vanishing'));
  assert.ok(diagnostics.some((d) => d.code === 'gradient-exploding'), 'the other hints stay');
  const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(source, damagedGates) }) as Hover;
  const text = (hover.contents as { value: string }).value;
  assert.match(text, /The active gates/);
  assert.ok(text.includes('x\\|y'), 'a name read from the file stays inside its table cell');
  assert.equal(client.exited, false);
  assert.deepEqual(client.logs.filter((line) => /failed/.test(line)), []);
});
