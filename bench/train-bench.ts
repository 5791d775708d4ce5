// npm run bench [-- --workloads lstm-64,gru-64 --epochs 2 --repeat 2 --backend wasm --builds native,wasm --no-references --no-fused --no-fit --no-engine --fused-only --no-insight --no-text]
//
// Trains the reference workloads (bench/workloads.ts) with the engine on each
// build of the fused kernels -- native (the addon of `npm run setup:native`,
// on the backend `auto` picks: tensorflow when tfjs-node is set up) and
// portable (WebAssembly kernels on the wasm backend) -- with the engine and
// tfjs's own model.fit on the stock layers (the baseline), with model.fit on
// the fused layer, and with the PyTorch / Keras references when their virtual
// environments exist; prints one JSON line per workload with the seconds per
// epoch and the ratios. Each build of the fused kernels also trains with the
// insight recording on (`train { insight: true }`, issue #10): its overhead is
// the ratio of the wall time from one epoch event to the next, on to off. Everything in one invocation, so the ratios compare
// runs made under the same machine load. Then the character-level workloads
// (TEXT_WORKLOADS, bench/text-runner.ts): a sample against its last-step
// twin and the PyTorch reference, seconds per epoch, characters per second
// and the validation loss each reached at equal training time, and the
// ratios: characters per second of the sample over its twin's, and the
// sample's seconds per epoch over PyTorch's. They run whenever no
// --workloads are named (with --fused-only too: about 5 minutes, one run
// each, --repeat does not apply), or when named; --no-text leaves them out.
import * as tf from '@tensorflow/tfjs-core';
import { dirname, join } from 'node:path';
import { selectBackend, type BackendPreference } from '../core/src/engine';
import { BACKENDS, isBackendPreference } from '../core/src/shared';
import { loadKernelBuild, loadRecurrentKernels, type KernelBuild } from '../core/src/engine';
import { fusedLayer, stockLayer, timeModelFit, type TimedRun } from './fit-runner';
import { references, runReference, type ReferenceResult } from './references';
import { timeEngine, type EngineRun } from './engine-runner';
import { makeWorkloadData, selectTextWorkloads, selectWorkloads, type TextWorkload, type Workload } from './workloads';
import { runTextReference, timeSample, valLossWithin } from './text-runner';

interface Options {
  workloads?: string[];
  epochs?: number;
  backend: BackendPreference;
  references: boolean;
  fused: boolean;
  fit: boolean;
  engine: boolean;
  /** Also the stock tfjs layers (engine and model.fit); they take minutes on lstm-256. */
  stock: boolean;
  repeat: number;
  /** Builds of the fused kernels to run the engine on (default: every one that is built). */
  builds: KernelBuild[];
  /** Also each build with the insight recording on, for its overhead. */
  insight: boolean;
  /** The character-level workloads (when no --workloads are named, or named). */
  text: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { backend: 'auto', references: true, fused: true, fit: true, engine: true, stock: true, repeat: 1, builds: ['native', 'wasm'], insight: true, text: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--workloads') options.workloads = value().split(',').filter(Boolean);
    else if (arg === '--epochs') options.epochs = Number(value());
    else if (arg === '--backend') options.backend = value() as BackendPreference;
    else if (arg === '--repeat') options.repeat = Number(value());
    else if (arg === '--builds') options.builds = value().split(',').filter(Boolean) as KernelBuild[];
    else if (arg === '--no-references') options.references = false;
    else if (arg === '--no-fused') options.fused = false;
    else if (arg === '--no-fit') options.fit = false;
    else if (arg === '--no-engine') options.engine = false;
    else if (arg === '--fused-only') options.stock = false;
    else if (arg === '--no-insight') options.insight = false;
    else if (arg === '--no-text') options.text = false;
    else throw new Error(`unknown option ${arg}`);
  }
  if (options.epochs !== undefined && !(Number.isInteger(options.epochs) && options.epochs >= 1)) {
    throw new Error('--epochs must be a whole number >= 1');
  }
  if (!(Number.isInteger(options.repeat) && options.repeat >= 1)) throw new Error('--repeat must be a whole number >= 1');
  if (options.builds.some((b) => b !== 'native' && b !== 'wasm')) throw new Error('--builds takes native and/or wasm');
  if (!isBackendPreference(options.backend)) throw new Error(`--backend must be one of ${BACKENDS.join(', ')}`);
  return options;
}

const round = (x: number | undefined, digits = 4) => (x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? round(a / b, 3) : null);

function note(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

function fastest<T extends { secondsPerEpoch: number }>(best: T | undefined, run: T | undefined): T | undefined {
  if (!run) return best;
  return !best || run.secondsPerEpoch < best.secondsPerEpoch ? run : best;
}

/** The run whose epochs took the least wall time, end-of-epoch hooks included. */
function fastestWall(best: EngineRun | undefined, run: EngineRun | undefined): EngineRun | undefined {
  if (!run) return best;
  return !best || run.wallSecondsPerEpoch < best.wallSecondsPerEpoch ? run : best;
}

/** Runs one measurement; a failure is reported and leaves that figure out. */
async function attempt<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    note(`${what}: ${(error as Error).message}`);
    return undefined;
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const workloads = selectWorkloads(options.workloads);
  const root = join(dirname(__filename), '..');
  const choice = await selectBackend(options.backend);
  note(`backend ${choice.name}${choice.reason ? ` (${choice.reason})` : ''}`);

  const refs = new Map<string, Map<string, ReferenceResult>>();
  // Only the character-level workloads asked for: the references of the others have nothing to run.
  if (options.references && workloads.length > 0) {
    for (const ref of references(root)) {
      note(`running the ${ref.id} reference`);
      const { results, skipped } = runReference(ref, workloads.map((w) => w.name));
      if (results) refs.set(ref.id, results);
      else note(`skipped ${skipped}`);
    }
  }
  const fusedAvailable = options.fused && loadRecurrentKernels() !== null;
  if (options.fused && !fusedAvailable) note('skipped fused: dist/kernels.wasm is not built (npm run build:kernels)');
  // Each build of the kernels on the backend it is used with: the native one
  // on what `auto` picks for it, the portable one on wasm (what every user has).
  const builds: { label: string; build: KernelBuild; backend: string }[] = [];
  const wanted = (build: KernelBuild) => options.fused && options.builds.includes(build);
  if (wanted('native') && loadKernelBuild('native')) {
    // What `auto` runs (the engine picks the tfjs backend around the native kernels), and for the record the
    // native kernels on tensorflow when tfjs-node is there.
    builds.push({ label: 'native', build: 'native', backend: options.backend });
    if (options.backend === 'auto' && choice.name === 'tensorflow') builds.push({ label: 'native_on_tensorflow', build: 'native', backend: 'tensorflow' });
  } else if (wanted('native')) note('skipped the native kernels: not built (npm run setup:native)');
  if (wanted('wasm') && loadKernelBuild('wasm')) builds.push({ label: 'wasm', build: 'wasm', backend: options.backend === 'auto' ? 'wasm' : choice.name });

  for (const w of options.text ? selectTextWorkloads(options.workloads) : []) {
    if (options.engine) await runTextWorkload(w, options, root);
  }
  for (const w of workloads) {
    const epochs = options.epochs ?? w.epochs;
    const data = makeWorkloadData(w);
    // Each implementation runs `repeat` times, interleaved, and keeps its fastest
    // run: on a shared machine the minimum is the figure least disturbed by others.
    let engineRun: EngineRun | undefined;
    const buildRuns = new Map<string, EngineRun | undefined>();
    const insightRuns = new Map<string, EngineRun | undefined>();
    let fit: TimedRun | undefined;
    let fused: TimedRun | undefined;
    for (let r = 0; r < options.repeat; r++) {
      if (options.engine && options.stock) engineRun = fastest(engineRun, await attempt(`engine on ${w.name}`, () => timeEngine(w, epochs, choice.name, 'stock')));
      for (const { label, build, backend } of options.engine ? builds : []) {
        const run = await attempt(`engine with the ${build} kernels on the ${backend} backend on ${w.name}`, () => timeEngine(w, epochs, backend, build));
        buildRuns.set(label, fastest(buildRuns.get(label), run));
        if (!options.insight) continue;
        const recorded = await attempt(`engine with insight, the ${build} kernels on the ${backend} backend on ${w.name}`, () => timeEngine(w, epochs, backend, build, true));
        const failure = recorded?.logs.find((line) => line.startsWith('stopped recording insight'));
        if (failure) note(`${w.name} ${label}: no insight overhead figure, ${failure}`);
        else insightRuns.set(label, fastestWall(insightRuns.get(label), recorded));
      }
      // model.fit runs on the active backend, which the engine runs above may have switched.
      await tf.setBackend(choice.name);
      if (options.fit && options.stock) fit = fastest(fit, await timeModelFit(w, data, stockLayer, epochs));
      if (fusedAvailable) fused = fastest(fused, await timeModelFit(w, data, fusedLayer, epochs));
    }
    const keras = refs.get('keras')?.get(w.name);
    const torch = refs.get('torch')?.get(w.name);
    const seconds = engineRun?.secondsPerEpoch;
    const perBuild: Record<string, unknown> = {};
    for (const { label, backend } of builds) {
      const run = buildRuns.get(label);
      perBuild[`${label}_backend`] = run?.backend ?? backend;
      perBuild[`${label}_engine_seconds_per_epoch`] = round(run?.secondsPerEpoch);
      perBuild[`${label}_engine_final_loss`] = round(run?.finalLoss, 6);
      perBuild[`ratio_${label}_keras`] = ratio(run?.secondsPerEpoch, keras?.seconds_per_epoch);
      perBuild[`ratio_${label}_torch`] = ratio(run?.secondsPerEpoch, torch?.seconds_per_epoch);
      if (options.insight) {
        const recorded = insightRuns.get(label);
        perBuild[`${label}_wall_seconds_per_epoch`] = round(run?.wallSecondsPerEpoch);
        perBuild[`${label}_insight_wall_seconds_per_epoch`] = round(recorded?.wallSecondsPerEpoch);
        perBuild[`ratio_${label}_insight_overhead`] = ratio(recorded?.wallSecondsPerEpoch, run?.wallSecondsPerEpoch);
      }
    }
    console.log(
      JSON.stringify({
        workload: w.name,
        backend: tf.getBackend(),
        epochs,
        repeat: options.repeat,
        kernel_threads: fusedAvailable ? loadRecurrentKernels()!.threads : null,
        fused_fit_kernels: fusedAvailable ? loadRecurrentKernels()!.machineName : null,
        seconds_per_epoch: round(seconds),
        samples_per_second: seconds ? round(w.samples / seconds, 1) : null,
        engine_final_loss: round(engineRun?.finalLoss, 6),
        ...perBuild,
        fit_seconds_per_epoch: round(fit?.secondsPerEpoch),
        fused_fit_seconds_per_epoch: round(fused?.secondsPerEpoch),
        keras_seconds_per_epoch: keras?.seconds_per_epoch ?? null,
        torch_seconds_per_epoch: torch?.seconds_per_epoch ?? null,
        ratio_engine_fit: ratio(seconds, fit?.secondsPerEpoch),
        ratio_engine_keras: ratio(seconds, keras?.seconds_per_epoch),
        ratio_engine_torch: ratio(seconds, torch?.seconds_per_epoch),
        ratio_fused_fit_keras: ratio(fused?.secondsPerEpoch, keras?.seconds_per_epoch),
        ratio_fused_fit_torch: ratio(fused?.secondsPerEpoch, torch?.seconds_per_epoch),
        fit_final_loss: round(fit?.finalLoss, 6),
        fused_final_loss: round(fused?.finalLoss, 6),
      }),
    );
  }
}

/** One character-level workload: the sample, its last-step twin and the reference, one after the other. */
async function runTextWorkload(w: TextWorkload, options: Options, root: string): Promise<void> {
  const epochs = options.epochs ?? w.epochs;
  note(`${w.name}: ${w.sample} and ${w.baseline}, ${epochs} epochs each`);
  const measured = await attempt(`engine on ${w.sample}`, () => timeSample(join(root, w.sample), epochs));
  const baseline = await attempt(`engine on ${w.baseline}`, () => timeSample(join(root, w.baseline), epochs));
  const reference = options.references ? runTextReference(root, w, epochs) : { skipped: 'torch: --no-references' };
  if (reference.skipped) note(`skipped ${reference.skipped}`);
  const torch = reference.result;
  // The time the last-step twin trained: what the sample reached in as much time, and the reference.
  const baselineSeconds = baseline?.epochs.at(-1)?.seconds;
  console.log(
    JSON.stringify({
      workload: w.name,
      backend: tf.getBackend(),
      epochs,
      // The build `auto` ran both samples on: the native kernels when they are built here.
      kernels: loadRecurrentKernels()?.machineName ?? null,
      sample: measured ?? null,
      baseline: baseline ?? null,
      torch: torch ?? null,
      ratio_characters_per_second_sample_baseline: ratio(measured?.characters_per_second, baseline?.characters_per_second),
      ratio_seconds_per_epoch_sample_torch: ratio(measured?.seconds_per_epoch, torch?.seconds_per_epoch),
      equal_time_seconds: baselineSeconds ?? null,
      equal_time_val_loss_baseline: baseline?.epochs.at(-1)?.val_loss ?? null,
      equal_time_val_loss_sample: valLossWithin(measured, baselineSeconds),
      equal_time_val_loss_torch: valLossWithin(torch, baselineSeconds),
    }),
  );
}

main().catch((error: Error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exit(1);
});
