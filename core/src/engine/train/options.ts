import type { FileSystem } from '../../language';
import type { BackendPreference } from '../backend/select';
import type { EndEvent, RunStatus, RunSweep, TrainEvent } from '../../shared';
import type { Callback } from './callbacks/callback';
import type { InsightProbe } from './callbacks/insight';
import type { ResumePoint } from './resume';

export interface TrainOptions {
  /** Every event of the run, in order (they are also appended to the run's metrics.jsonl). */
  onEvent?: (event: TrainEvent) => void;
  /** Aborting ends the run after the current batch with status 'cancelled'; everything so far is kept. */
  signal?: AbortSignal;
  backend?: BackendPreference;
  /** Root of the run store: runs go to <runsDir>/<Model>/<timestamp>/. */
  runsDir: string;
  /**
   * Continue this run's last checkpoint (loadResumePoint) in the new run: its
   * weights, optimizer state, data order and generators, its seed; epochs are
   * numbered on from it, up to `epochs` (the spec's, or the option) in all.
   */
  resume?: ResumePoint;
  /** Override the spec's epochs. */
  epochs?: number;
  /** Override the spec's seed. */
  seed?: number;
  /** At most this many batches per epoch (quick tries and tests). */
  stepsPerEpoch?: number;
  /** Compare one training step with the cpu backend before training on another backend (default true). */
  verifyBackend?: boolean;
  /**
   * Recurrent layer implementation: 'fused' (default) runs whole sequences in
   * the fused kernels where they support the layer, on the native build when
   * `npm run setup:native` made one, else on the WebAssembly build; 'native'
   * and 'wasm' pick a build (the stock layers, with a warning, when it is
   * missing); 'stock' always uses the tfjs layers (for comparisons).
   */
  kernels?: KernelOption;
  /** Where data files are read (default: the real file system). */
  fs?: FileSystem;
  /** The sweep trial this run is (recorded in its summary.json). */
  sweep?: RunSweep;
  /** The probe of `train { insight: true }` (default: the engine's, engine/insight/probe.ts); tests give a deterministic one. */
  insightProbe?: InsightProbe;
  /** More callbacks (docs/training-loop.md); their hooks run after the standard ones'. */
  callbacks?: Callback[];
}

export interface RunResult {
  status: RunStatus;
  reason?: string;
  runDir: string;
  epochs: number;
  seconds: number;
  final: Record<string, number>;
  backend?: string;
  seed: number;
  predictions?: EndEvent['predictions'];
  sample?: string;
}

export const KERNEL_OPTIONS = ['fused', 'native', 'wasm', 'stock'] as const;
export type KernelOption = (typeof KERNEL_OPTIONS)[number];
