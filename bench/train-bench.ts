// npm run bench [-- --workloads lstm-64,gru-64 --epochs 2 --repeat 2 --text-repeat 5 --backend wasm --builds native,wasm --no-references --no-fused --no-fit --no-engine --fused-only --no-insight --no-text]
//
// Trains the reference workloads (bench/workloads.ts) with the engine on each
// build of the fused kernels -- native (the addon of `npm run setup:native`,
// on the backend `auto` picks: tensorflow when tfjs-node is set up) and
// portable (WebAssembly kernels on the wasm backend) -- with the engine and
// tfjs's own model.fit on the stock layers (the baseline), with model.fit on
// the fused layer, and with the PyTorch / Keras references when their virtual
// environments exist; prints one JSON line per workload with the seconds per
// epoch and the ratios. With --repeat N every runner (each engine build, with
// and without insight, model.fit, PyTorch, Keras) runs once per repeat, taking
// turns per workload, the order rotated each repeat so none always runs first;
// each *_seconds_per_epoch printed is the median of its N repeats, with its
// _min and _max (and _runs for the engine builds and the references), and the
// ratios are of the medians. A summary line per workload goes to stderr.
// Each build of the fused kernels also trains with the insight recording on
// (`train { insight: true }`, issue #10): its overhead is the ratio of the
// wall time from one epoch event to the next, on to off. Everything in one
// invocation, so the ratios compare runs made under the same machine load.
// Before them the character-level workloads
// (TEXT_WORKLOADS, bench/text-runner.ts): a sample against its last-step
// twin and the PyTorch reference, seconds per epoch, characters per second
// and the validation loss each reached at equal training time, and the
// ratios: characters per second of the sample over its twin's, and the
// sample's seconds per epoch over PyTorch's. They run whenever no
// --workloads are named (with --fused-only too), or when named; --no-text
// leaves them out. One run each whatever --repeat says: the three take about
// 5 minutes on a quiet machine, so three interleaved repeats would triple the
// whole bench. --text-repeat N runs the sample and its twin N times, taking
// turns (the order swapped each time), and prints the ratio of every pair
// with their median, min and max: two runs a minute apart on this shared
// machine differ by more than the effect measured (the reference still runs once).
import * as tf from '@tensorflow/tfjs-core';
import { dirname, join } from 'node:path';
import { selectBackend, type BackendPreference } from '../core/src/engine';
import { BACKENDS, isBackendPreference } from '../core/src/shared';
import { loadKernelBuild, loadRecurrentKernels, type KernelBuild } from '../core/src/engine';
import { fusedLayer, stockLayer, timeModelFit, type LayerFactory } from './fit-runner';
import { referenceMissing, references, runReference, type Reference } from './references';
import { timeEngine } from './engine-runner';
import { makeWorkloadData, median, selectTextWorkloads, selectWorkloads, type TextWorkload, type Workload } from './workloads';
import { runTextReference, timeSample, valLossWithin, type TextRun } from './text-runner';

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
  /** Pairs of runs of a text sample and its twin. */
  textRepeat: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { backend: 'auto', references: true, fused: true, fit: true, engine: true, stock: true, repeat: 1, builds: ['native', 'wasm'], insight: true, text: true, textRepeat: 1 };
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
    else if (arg === '--text-repeat') options.textRepeat = Number(value());
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
  if (!(Number.isInteger(options.textRepeat) && options.textRepeat >= 1)) throw new Error('--text-repeat must be a whole number >= 1');
  if (options.builds.some((b) => b !== 'native' && b !== 'wasm')) throw new Error('--builds takes native and/or wasm');
  if (!isBackendPreference(options.backend)) throw new Error(`--backend must be one of ${BACKENDS.join(', ')}`);
  return options;
}

const round = (x: number | undefined, digits = 4) => (x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? round(a / b, 3) : null);

function note(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** One repeat of one runner, whatever ran it: the engine, model.fit or a Python reference. */
interface Sample {
  secondsPerEpoch: number;
  /** The engine's epoch-to-epoch wall time (end-of-epoch hooks included), for the insight overhead. */
  wallSecondsPerEpoch?: number;
  finalLoss?: number;
  backend?: string;
  logs?: string[];
}

/** Something timed once per repeat; undefined when it failed or cannot run here (the reason already noted). */
interface Runner {
  label: string;
  run: () => Promise<Sample | undefined>;
}

interface Summary {
  median: number;
  min: number;
  max: number;
  /** Each repeat's figure in the order the repeats ran. */
  runs: number[];
}

function summarize(values: number[]): Summary | undefined {
  if (values.length === 0) return undefined;
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values };
}

/**
 * Repeat r starts at runner r (mod their count): a runner that always ran first, or always right after a heavy one,
 * would carry the machine's state (caches, the other jobs' load, spinning threads) into its figure every time.
 */
function rotated<T>(items: T[], repeat: number): T[] {
  if (items.length === 0) return items;
  const shift = repeat % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
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

  // The references that can run here, each started once per workload and repeat so that they take turns with the engine.
  const refs: Reference[] = [];
  if (options.references && workloads.length > 0) {
    for (const ref of references(root)) {
      const missing = referenceMissing(ref);
      if (missing) note(`skipped ${missing}`);
      else refs.push(ref);
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
    const runners: Runner[] = [];
    const engineRunner = (label: string, backend: string, kernels: KernelBuild | 'stock', insight = false): Runner => ({
      label,
      run: async () => {
        const what = kernels === 'stock' ? `engine on ${w.name}` : `engine${insight ? ' with insight' : ''}, the ${kernels} kernels on the ${backend} backend on ${w.name}`;
        const run = await attempt(what, () => timeEngine(w, epochs, backend, kernels, insight));
        const failure = insight ? run?.logs.find((line) => line.startsWith('stopped recording insight')) : undefined;
        if (failure) note(`${w.name} ${label}: no insight overhead figure, ${failure}`);
        return failure ? undefined : run;
      },
    });
    const fitRunner = (label: string, layer: LayerFactory): Runner => ({
      label,
      run: async () => {
        // model.fit runs on the active backend, which the engine runs may have switched.
        await tf.setBackend(choice.name);
        return attempt(`${label} on ${w.name}`, () => timeModelFit(w, data, layer, epochs));
      },
    });
    if (options.engine && options.stock) runners.push(engineRunner('stock', choice.name, 'stock'));
    for (const { label, build, backend } of options.engine ? builds : []) {
      runners.push(engineRunner(label, backend, build));
      if (options.insight) runners.push(engineRunner(`${label}_insight`, backend, build, true));
    }
    if (options.fit && options.stock) runners.push(fitRunner('fit', stockLayer));
    if (fusedAvailable) runners.push(fitRunner('fused_fit', fusedLayer));
    for (const ref of refs) {
      runners.push({
        label: ref.id,
        run: async () => {
          const { results, skipped } = runReference(ref, [w.name]);
          if (skipped) note(`${w.name}: ${skipped}`);
          const result = results?.get(w.name);
          return result && { secondsPerEpoch: result.seconds_per_epoch, finalLoss: result.final_loss };
        },
      });
    }

    // Every runner once per repeat, taking turns, and each figure the median of its repeats: the minimum would
    // favour whichever runner had a lucky moment, and PyTorch's threads suffer most from a busy core.
    const samples = new Map<string, Sample[]>(runners.map((r) => [r.label, []]));
    for (let r = 0; r < options.repeat; r++) {
      const order = rotated(runners, r);
      note(`${w.name} repeat ${r + 1}/${options.repeat}: ${order.map((x) => x.label).join(', ')}`);
      for (const runner of order) {
        const sample = await runner.run();
        if (sample) samples.get(runner.label)!.push(sample);
      }
    }
    const seconds = (label: string) => summarize((samples.get(label) ?? []).map((s) => s.secondsPerEpoch));
    const wall = (label: string) => summarize((samples.get(label) ?? []).flatMap((s) => (s.wallSecondsPerEpoch === undefined ? [] : [s.wallSecondsPerEpoch])));
    // Same seed every repeat, so every repeat ends at the same loss (up to the threads' summation order).
    const finalLoss = (label: string) => samples.get(label)?.at(-1)?.finalLoss;
    const spread = (prefix: string, summary: Summary | undefined) => ({
      [`${prefix}_min`]: round(summary?.min),
      [`${prefix}_max`]: round(summary?.max),
    });

    const torch = seconds('torch')?.median;
    const keras = seconds('keras')?.median;
    const stock = seconds('stock');
    const fit = seconds('fit');
    const fused = seconds('fused_fit');
    const perBuild: Record<string, unknown> = {};
    const readable: string[] = [];
    const show = (label: string, summary: Summary | undefined) => {
      if (summary) readable.push(`${label} ${summary.median.toFixed(3)} (${summary.min.toFixed(3)}-${summary.max.toFixed(3)})`);
    };
    for (const { label, backend } of builds) {
      const run = seconds(label);
      show(label, run);
      perBuild[`${label}_backend`] = samples.get(label)?.at(-1)?.backend ?? backend;
      perBuild[`${label}_engine_seconds_per_epoch`] = round(run?.median);
      Object.assign(perBuild, spread(`${label}_engine_seconds_per_epoch`, run));
      perBuild[`${label}_engine_seconds_per_epoch_runs`] = run?.runs.map((x) => round(x)) ?? null;
      perBuild[`${label}_engine_final_loss`] = round(finalLoss(label), 6);
      perBuild[`ratio_${label}_keras`] = ratio(run?.median, keras);
      perBuild[`ratio_${label}_torch`] = ratio(run?.median, torch);
      if (options.insight) {
        const plain = wall(label);
        const recorded = wall(`${label}_insight`);
        perBuild[`${label}_wall_seconds_per_epoch`] = round(plain?.median);
        perBuild[`${label}_insight_wall_seconds_per_epoch`] = round(recorded?.median);
        perBuild[`ratio_${label}_insight_overhead`] = ratio(recorded?.median, plain?.median);
      }
    }
    show('torch', seconds('torch'));
    show('keras', seconds('keras'));
    const ratios = builds.flatMap(({ label }) => [`${label}/torch ${perBuild[`ratio_${label}_torch`] ?? '-'}`, `${label}/keras ${perBuild[`ratio_${label}_keras`] ?? '-'}`]);
    note(`${w.name}, seconds per epoch, median (min-max) of ${options.repeat}: ${readable.join(', ')}; ${ratios.join(', ')}`);
    console.log(
      JSON.stringify({
        workload: w.name,
        backend: tf.getBackend(),
        epochs,
        repeat: options.repeat,
        // Every *_seconds_per_epoch is the median of the repeats, with its _min and _max; the ratios are of medians.
        statistic: 'median',
        order: runners.map((r) => r.label),
        kernel_threads: fusedAvailable ? loadRecurrentKernels()!.threads : null,
        fused_fit_kernels: fusedAvailable ? loadRecurrentKernels()!.machineName : null,
        seconds_per_epoch: round(stock?.median),
        ...spread('seconds_per_epoch', stock),
        samples_per_second: stock ? round(w.samples / stock.median, 1) : null,
        engine_final_loss: round(finalLoss('stock'), 6),
        ...perBuild,
        fit_seconds_per_epoch: round(fit?.median),
        ...spread('fit_seconds_per_epoch', fit),
        fused_fit_seconds_per_epoch: round(fused?.median),
        ...spread('fused_fit_seconds_per_epoch', fused),
        keras_seconds_per_epoch: round(keras),
        ...spread('keras_seconds_per_epoch', seconds('keras')),
        keras_seconds_per_epoch_runs: seconds('keras')?.runs ?? null,
        torch_seconds_per_epoch: round(torch),
        ...spread('torch_seconds_per_epoch', seconds('torch')),
        torch_seconds_per_epoch_runs: seconds('torch')?.runs ?? null,
        ratio_engine_fit: ratio(stock?.median, fit?.median),
        ratio_engine_keras: ratio(stock?.median, keras),
        ratio_engine_torch: ratio(stock?.median, torch),
        ratio_fused_fit_keras: ratio(fused?.median, keras),
        ratio_fused_fit_torch: ratio(fused?.median, torch),
        fit_final_loss: round(finalLoss('fit'), 6),
        fused_final_loss: round(finalLoss('fused_fit'), 6),
      }),
    );
  }
}

/** One character-level workload: the sample and its last-step twin (--text-repeat pairs, taking turns), then the reference. */
async function runTextWorkload(w: TextWorkload, options: Options, root: string): Promise<void> {
  const epochs = options.epochs ?? w.epochs;
  note(`${w.name}: ${w.sample} and ${w.baseline}, ${epochs} epochs each, ${options.textRepeat} pair(s)`);
  const pairs: { sample: TextRun; baseline: TextRun }[] = [];
  for (let r = 0; r < options.textRepeat; r++) {
    const runSample = () => attempt(`engine on ${w.sample}`, () => timeSample(join(root, w.sample), epochs));
    const runBaseline = () => attempt(`engine on ${w.baseline}`, () => timeSample(join(root, w.baseline), epochs));
    // Swapped every pair, so that neither always runs first (a warmer machine, or a burst of load, would favour it).
    let sample: TextRun | undefined;
    let baseline: TextRun | undefined;
    if (r % 2 === 0) {
      sample = await runSample();
      baseline = await runBaseline();
    } else {
      baseline = await runBaseline();
      sample = await runSample();
    }
    if (sample && baseline) pairs.push({ sample, baseline });
  }
  const reference = options.references ? runTextReference(root, w, epochs) : { skipped: 'torch: --no-references' };
  if (reference.skipped) note(`skipped ${reference.skipped}`);
  const torch = reference.result;
  const measured = pairs[0]?.sample;
  const baseline = pairs[0]?.baseline;
  const pairRatios = pairs.map((p) => ratio(p.sample.characters_per_second, p.baseline.characters_per_second)!);
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
      ratio_characters_per_second_sample_baseline: pairRatios.length ? round(median(pairRatios), 3) : null,
      ...(pairRatios.length > 1
        ? {
            ratio_characters_per_second_sample_baseline_min: Math.min(...pairRatios),
            ratio_characters_per_second_sample_baseline_max: Math.max(...pairRatios),
            ratio_characters_per_second_sample_baseline_pairs: pairRatios,
            sample_characters_per_second_runs: pairs.map((p) => p.sample.characters_per_second),
            baseline_characters_per_second_runs: pairs.map((p) => p.baseline.characters_per_second),
          }
        : {}),
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
