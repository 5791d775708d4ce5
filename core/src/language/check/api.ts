// The contract between the language core and its users (CLI, engine, language server).
import type { ModelDecl, RnnFile } from '../syntax/ast';
import type { ModelSpec } from '../../shared';
import type { LayerSummary } from '../../shared';
import type { Diagnostic } from '../../shared';
import type { ResourceEstimate } from './resources';

export type { FileSystem } from '../../shared';
import type { FileSystem } from '../../shared';
import type { DataAccessPolicy } from '../data-files/source-file';

export interface CheckOptions {
  /** Absolute path of the .rnn file; data paths resolve against its directory. Without it, data files are not checked. */
  path?: string;
  fs?: FileSystem;
  /** Bytes training a model may need before the checker reports it (check/rules/resource-rules.ts); 2 GiB by default. */
  memoryBudget?: number;
  /** Where data files may come from; by default the .rnn file's folder and below. */
  dataAccess?: DataAccessPolicy;
}

export interface CheckedModel {
  decl: ModelDecl;
  name: string;
  /** Present when the model has no errors: ready for the engine. */
  spec?: ModelSpec;
  /** Layer shapes and parameter counts, when the input, hidden and output parts resolve (even if other parts have errors). */
  layers?: LayerSummary[];
  totalParams?: number;
  /** The memory training needs, estimated when the layers, batch size and optimizer resolve (check/resources.ts). */
  resources?: ResourceEstimate;
  /** The models it extends, nearest first (`extends`). */
  bases?: string[];
  /** Its `sweep` block: how many trials, and each trial when they all check clean (see expandSweep). */
  sweep?: SweepPlan;
}

export interface CheckResult {
  file: RnnFile;
  /** Lexer, parser and semantic diagnostics, sorted by position. */
  diagnostics: Diagnostic[];
  models: CheckedModel[];
}

/** One run a sweep asks for: a checked spec and the values that make it differ from the model. */
export interface SweepTrial {
  /** From 1, in the order the trials are trained. */
  trial: number;
  /** Values by key path, e.g. {"optimizer.lr": 0.003, "hidden.units": [64]}; a case adds its name as `case`, a repeat its `train.seed`. */
  params: Record<string, unknown>;
  spec: ModelSpec;
}

export interface SweepPlan {
  /** How many trials the sweep expands to (configurations × repeat), also when some of them have errors. */
  count: number;
  /** Every trial, when all of them check clean. */
  trials?: SweepTrial[];
}
