// node --import tsx bench/samples-bench.ts [--epochs 2] [file.rnn ...]
//
// Trains every model of the given .rnn files (default: samples/sine.rnn and
// samples/gates.rnn) with the engine twice, with the stock/gated layers and
// with the fused kernels, same seed, and prints one JSON line per model: the
// final losses of both (equal unless the model uses dropout, whose masks are
// drawn differently) and the seconds of each run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkText } from '../core/src/language';
import { loadRecurrentKernels } from '../core/src/engine';
import type { ModelSpec } from '../core/src/shared';
import { train } from '../core/src/engine';

async function run(spec: ModelSpec, epochs: number, fused: boolean) {
  if (fused && !loadRecurrentKernels()) throw new Error('the fused kernels are not built (npm run build:kernels)');
  const runsDir = mkdtempSync(join(tmpdir(), 'rnn-samples-bench-'));
  const started = performance.now();
  try {
    const result = await train(spec, { runsDir, epochs, backend: 'wasm', verifyBackend: false, kernels: fused ? 'fused' : 'stock' });
    return { status: result.status, loss: result.final.loss, val_loss: result.final.val_loss, seconds: (performance.now() - started) / 1000 };
  } finally {
    rmSync(runsDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--epochs');
  const epochs = at >= 0 ? Number(args.splice(at, 2)[1]) : 2;
  const files = args.length ? args : ['samples/sine.rnn', 'samples/gates.rnn'];
  for (const file of files) {
    const path = resolve(file);
    const checked = checkText(readFileSync(path, 'utf8'), { path });
    for (const model of checked.models) {
      if (!model.spec) continue;
      const stock = await run(model.spec, epochs, false);
      const fused = await run(model.spec, epochs, true);
      const round = (x: number | undefined) => (x === undefined ? null : Number(x.toFixed(6)));
      console.log(JSON.stringify({
        model: model.spec.name,
        epochs,
        stock_status: stock.status,
        fused_status: fused.status,
        stock_loss: round(stock.loss),
        fused_loss: round(fused.loss),
        stock_val_loss: round(stock.val_loss),
        fused_val_loss: round(fused.val_loss),
        stock_seconds: Number(stock.seconds.toFixed(2)),
        fused_seconds: Number(fused.seconds.toFixed(2)),
        speedup: Number((stock.seconds / fused.seconds).toFixed(1)),
      }));
    }
  }
}

main().catch((error: Error) => {
  process.stderr.write(`samples-bench: ${error.message}\n`);
  process.exit(1);
});
