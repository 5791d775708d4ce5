// node --import tsx bench/engine-vs-fit.ts [workload] [rounds]
//
// The engine's loop and model.fit, stock layers, back to back on the wasm
// backend, with the CPU seconds of each run: the close-up behind the issue-2
// comparison, whose bench ratios move with the machine's load.
import { selectBackend } from '../core/src/engine';
import { timeEngine } from './engine-runner';
import { stockLayer, timeModelFit } from './fit-runner';
import { makeWorkloadData, selectWorkloads } from './workloads';

async function main(): Promise<void> {
  const [name = 'rnn-64', roundsArg = '2'] = process.argv.slice(2);
  const [w] = selectWorkloads([name]);
  const rounds = Number(roundsArg);
  await selectBackend('wasm');
  const data = makeWorkloadData(w);
  for (let r = 0; r < rounds; r++) {
    let cpu = process.cpuUsage();
    const engine = await timeEngine(w, 2, 'wasm', 'stock');
    const engineCpu = process.cpuUsage(cpu).user / 1e6;
    cpu = process.cpuUsage();
    const fit = await timeModelFit(w, data, stockLayer, 2);
    const fitCpu = process.cpuUsage(cpu).user / 1e6;
    console.log(JSON.stringify({
      workload: w.name,
      engine_seconds_per_epoch: engine.secondsPerEpoch,
      fit_seconds_per_epoch: fit.secondsPerEpoch,
      ratio: Number((engine.secondsPerEpoch / fit.secondsPerEpoch).toFixed(3)),
      engine_cpu_seconds: Number(engineCpu.toFixed(2)),
      fit_cpu_seconds: Number(fitCpu.toFixed(2)),
    }));
  }
}

main().catch((error: Error) => {
  process.stderr.write(`engine-vs-fit: ${error.message}\n`);
  process.exit(1);
});
