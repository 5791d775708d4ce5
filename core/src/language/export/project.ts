// A checked spec -> a small Python project that trains, predicts and
// exchanges weights like the engine (README.md of the export says how). The
// Python modules are written verbatim; what is particular to the spec goes
// into spec.json, which they read, and the data files are copied beside them.
import { basename, isAbsolute, normalize, resolve, sep } from 'node:path';
import type { DataSpec, ModelSpec } from '../../shared';
import type { SweepTrial } from '../check/api';
import { inferLayers, layerPlanOf } from '../check/shapes';
import { cellGates } from '../schema/facts';
import { t } from '../../shared';
import { checkExportable, ExportError, type ExportTarget } from './supported';
import { pytorchReadme, PYTORCH_REQUIREMENTS } from './pytorch/readme';
import { PredictPy } from './pytorch/predict-py';
import { RnnDataPy } from './pytorch/rnn-data-py';
import { RnnModelPy } from './pytorch/rnn-model-py';
import { RnnRunsPy } from './pytorch/rnn-runs-py';
import { RnnTrainingPy } from './pytorch/rnn-training-py';
import { TrainPy } from './pytorch/train-py';
import { KerasModelPy } from './keras/keras-model-py';
import { PredictPy as KerasPredictPy } from './keras/predict-py';
import { TrainPy as KerasTrainPy } from './keras/train-py';
import { kerasReadme, KERAS_REQUIREMENTS } from './keras/readme';

export interface ExportedFile {
  /** Relative to the export folder, `/`-separated. */
  path: string;
  content: string;
}

export interface ExportedProject {
  files: ExportedFile[];
  /** Data files to copy: absolute source, path in the export folder; `folder` for a folder copied whole (text_folder). */
  dataFiles: { source: string; path: string; folder?: boolean }[];
  /** Files an earlier export to the same folder may have written that this one must remove (a sweep since taken out). */
  staleFiles: string[];
}

/** Where a data file goes in the export: its own relative path when it lies below the .rnn file's folder, else data/<name>. */
function exportedDataPath(path: string): string {
  const relativePath = normalize(path).split(sep).join('/');
  return isAbsolute(path) || relativePath.startsWith('../') ? `data/${basename(path)}` : relativePath;
}

/** The data sources read from a file, or from a folder (text_folder), at `args.path`. */
const FILE_SOURCES: readonly DataSpec['fn'][] = ['csv', 'text', 'sequences', 'text_folder'];

function dataPathOf(data: DataSpec): string | undefined {
  return FILE_SOURCES.includes(data.fn) ? (data.args as { path: string }).path : undefined;
}

function dataWithExportedPaths(data: DataSpec): DataSpec {
  const path = dataPathOf(data);
  return path === undefined ? data : ({ ...data, args: { ...data.args, path: exportedDataPath(path) } } as DataSpec);
}

/** The spec as the exported modules read it: the schema's members with the checker's values, the layer table, paths in the export. */
export function exportedSpec(spec: ModelSpec): Record<string, unknown> {
  const { layers, totalParams } = inferLayers(layerPlanOf(spec));
  return {
    name: spec.name,
    task: spec.task,
    data: dataWithExportedPaths(spec.data),
    input: spec.input,
    hidden: spec.hidden,
    output: spec.output,
    ...(spec.embedding ? { embedding: spec.embedding } : {}),
    loss: spec.loss,
    optimizer: spec.optimizer,
    train: spec.train,
    layers,
    totalParams,
  };
}

/** Keras's own layers hold the cell: every gate, not coupled, no peepholes (otherwise EngineCell does). */
function kerasHasLayer(spec: ModelSpec): boolean {
  const { hidden } = spec;
  return cellGates(hidden.cell).every((g) => hidden.gates.includes(g)) && !hidden.coupled && !hidden.peepholes;
}

/** What one target cannot translate beyond the keys both refuse (checkExportable). */
function checkTarget(spec: ModelSpec, target: ExportTarget): void {
  checkExportable(spec, target);
  if (target === 'keras' && !kerasHasLayer(spec) && spec.hidden.recurrent_dropout > 0) {
    throw new ExportError('hidden.recurrent_dropout', t('`{0}` of a gate variant cannot be exported to {1} yet', 'hidden.recurrent_dropout', target));
  }
}

function targetFiles(spec: ModelSpec, target: ExportTarget, trials: number): ExportedFile[] {
  if (target === 'keras') {
    return [
      { path: 'keras_model.py', content: KerasModelPy },
      { path: 'rnn_runs.py', content: RnnRunsPy },
      { path: 'train.py', content: KerasTrainPy },
      { path: 'predict.py', content: KerasPredictPy },
      { path: 'requirements.txt', content: KERAS_REQUIREMENTS },
      { path: 'README.md', content: kerasReadme(spec, trials) },
    ];
  }
  return [
    { path: 'rnn_model.py', content: RnnModelPy },
    { path: 'rnn_runs.py', content: RnnRunsPy },
    { path: 'rnn_training.py', content: RnnTrainingPy },
    { path: 'train.py', content: TrainPy },
    { path: 'predict.py', content: PredictPy },
    { path: 'requirements.txt', content: PYTORCH_REQUIREMENTS },
    { path: 'README.md', content: pytorchReadme(spec, trials) },
  ];
}

function dataFilesOf(spec: ModelSpec): ExportedProject['dataFiles'] {
  const path = dataPathOf(spec.data);
  if (path === undefined) return [];
  return [{ source: resolve(spec.baseDir, path), path: exportedDataPath(path), ...(spec.data.fn === 'text_folder' ? { folder: true } : {}) }];
}

/**
 * sweep.json: every trial's values and whole exported spec, so that train.py runs a trial without
 * re-deriving what the checker expanded (a case, a drawn value, a repeat's seed all end up in the spec).
 */
function sweepFile(trials: readonly SweepTrial[]): ExportedFile {
  const content = { trials: trials.map((trial) => ({ trial: trial.trial, params: trial.params, spec: exportedSpec(trial.spec) })) };
  return { path: 'sweep.json', content: `${JSON.stringify(content, null, 2)}\n` };
}

/**
 * The files of the export of `spec` to `target`, with the trials of its sweep when it has one (expandSweep);
 * throws an ExportError naming the first key, of the spec or of a trial, it cannot translate.
 */
export function exportProject(spec: ModelSpec, target: ExportTarget, trials: readonly SweepTrial[] = []): ExportedProject {
  checkTarget(spec, target);
  for (const trial of trials) checkTarget(trial.spec, target);
  const dataFiles = new Map<string, ExportedProject['dataFiles'][number]>();
  for (const file of [spec, ...trials.map((trial) => trial.spec)].flatMap(dataFilesOf)) dataFiles.set(file.path, file);
  const files: ExportedFile[] = [
    { path: 'spec.json', content: `${JSON.stringify(exportedSpec(spec), null, 2)}\n` },
    { path: 'model.rnn', content: spec.source },
    { path: 'rnn_data.py', content: RnnDataPy },
    ...(trials.length > 0 ? [sweepFile(trials)] : []),
    ...targetFiles(spec, target, trials.length),
  ];
  return { files, dataFiles: [...dataFiles.values()], staleFiles: trials.length > 0 ? [] : ['sweep.json'] };
}
