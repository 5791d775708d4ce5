// A series CSV streamed from disk against the same file loaded whole
// (docs/performance.md, "Streaming a CSV"). Each measurement runs in a child
// process of its own, so its peak resident memory is its own:
//   train: the engine trains one epoch (after a warm-up epoch) on a sine-like CSV;
//   data:  a larger file is loaded and every training window is read once in
//          shuffled batches, with no model (what the data path alone costs).
// Usage: npm run bench:stream [-- --train-rows 100000 --data-rows 1000000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRandom, loadDataset, nodeFileSystem, train } from '../core/src/engine';
import { blockDefaults, callDefaults } from '../core/src/language';
import type { HiddenSpec, ModelSpec, OptimizerSpec, OutputSpec } from '../core/src/shared';

const CSV_NAME = 'stream-bench.csv';
const TIMESTEPS = 32;
const BATCH = 128;

type Mode = 'memory' | 'stream';
type Scenario = 'train' | 'data';

interface Measurement {
  scenario: Scenario;
  mode: Mode;
  loadSeconds: number;
  epochSeconds: number;
  maxRssMiB: number;
}

/** sin(0.1 t) with noise, one column, as the samples' series. */
function writeSeries(path: string, rows: number): void {
  const random = createRandom(0);
  const lines = ['t,value'];
  for (let t = 0; t < rows; t++) lines.push(`${t},${(Math.sin(0.1 * t) + 0.05 * random.normal()).toFixed(6)}`);
  writeFileSync(path, lines.join('\n') + '\n');
}

function benchSpec(baseDir: string, mode: Mode): ModelSpec {
  return {
    name: 'StreamBench',
    baseDir,
    source: '# npm run bench:stream\n',
    task: 'regression',
    data: { fn: 'csv', args: { path: CSV_NAME, column: 'value', normalize: 'zscore', stream: mode === 'stream' ? 'always' : 'never' } },
    streamData: mode === 'stream',
    input: { timesteps: TIMESTEPS, features: 1 },
    hidden: { ...blockDefaults('hidden'), cell: 'gru', units: [16], gates: ['update', 'reset'] } as HiddenSpec,
    output: { ...blockDefaults('output'), units: 1, activation: 'linear' } as OutputSpec,
    loss: 'mse',
    optimizer: { fn: 'adam', args: { ...callDefaults('optimizer', 'adam'), lr: 0.01 } } as OptimizerSpec,
    train: { epochs: 2, batch_size: BATCH, validation_split: 0.1, shuffle: true, early_stopping: 0, seed: 0, stratify: false, tensorboard: false, insight: false, insight_sample: 0 },
  };
}

async function measure(scenario: Scenario, mode: Mode, dir: string): Promise<Measurement> {
  const spec = benchSpec(dir, mode);
  const loadStart = performance.now();
  const data = loadDataset(spec, 0, nodeFileSystem);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  let epochSeconds: number;
  if (scenario === 'data') {
    const order = Array.from({ length: data.train.size }, (_, i) => i);
    const random = createRandom(1);
    for (let i = order.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const start = performance.now();
    for (let b = 0; b < order.length; b += BATCH) data.train.batch(order.slice(b, b + BATCH));
    epochSeconds = (performance.now() - start) / 1000;
  } else {
    const times: number[] = [];
    const runsDir = join(dir, `runs-${mode}`);
    const result = await train(spec, {
      runsDir, verifyBackend: false,
      onEvent: (event) => {
        if (event.type === 'epoch' && event.epoch > 1) times.push(event.seconds);
      },
    });
    if (result.status !== 'completed') throw new Error(`the run ended ${result.status}: ${result.reason ?? ''}`);
    epochSeconds = times[0];
  }
  return { scenario, mode, loadSeconds, epochSeconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'train-rows': { type: 'string', default: '100000' },
      'data-rows': { type: 'string', default: '1000000' },
      child: { type: 'string' },
      dir: { type: 'string' },
    },
  });
  if (values.child) {
    const [scenario, mode] = values.child.split(':') as [Scenario, Mode];
    console.log(JSON.stringify(await measure(scenario, mode, values.dir!)));
    return;
  }
  const rows: Record<Scenario, number> = { train: Number(values['train-rows']), data: Number(values['data-rows']) };
  console.log('| scenario | rows | file | mode | load s | epoch s | peak RSS MiB |');
  console.log('|---|---:|---:|---|---:|---:|---:|');
  for (const scenario of ['train', 'data'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-stream-bench-'));
    try {
      writeSeries(join(dir, CSV_NAME), rows[scenario]);
      const fileMiB = statSync(join(dir, CSV_NAME)).size / 2 ** 20;
      for (const mode of ['memory', 'stream'] as const) {
        const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', `${scenario}:${mode}`, '--dir', dir], { encoding: 'utf8' });
        if (child.status !== 0) throw new Error(`${scenario}:${mode} failed: ${child.stderr}`);
        const m = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Measurement;
        console.log(`| ${scenario} | ${rows[scenario].toLocaleString('en')} | ${fileMiB.toFixed(1)} MiB | ${mode} | ${m.loadSeconds.toFixed(2)} | ${m.epochSeconds.toFixed(2)} | ${m.maxRssMiB.toFixed(0)} |`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

void main();
