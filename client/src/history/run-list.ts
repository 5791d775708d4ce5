// Saved runs as the editor needs them: a list with labels, and their events
// and spec for replay and overlays. It reads only the JSON files, so the
// extension host never loads tfjs (the engine's own reader does, for weights).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TrainEvent } from '../../../core/src/shared';
import type { RunListItem } from '../panel/messages';

interface SummaryFile {
  model?: string;
  status?: string;
  started?: string;
  epochs?: number;
  final?: Record<string, number>;
}

export interface SavedRun extends RunListItem {
  model: string;
  /** The folder name, a timestamp such as 2026-11-26T15-42-07. */
  name: string;
  status?: string;
}

/** Runs of one model (or every model) under `runsDir`, newest first. */
export function listSavedRuns(runsDir: string, model?: string): SavedRun[] {
  if (!isDirectory(runsDir)) return [];
  const models = model !== undefined ? [model] : readdirSync(runsDir).filter((name) => isDirectory(join(runsDir, name)));
  const runs: SavedRun[] = [];
  for (const modelName of models) {
    const modelDir = join(runsDir, modelName);
    if (!isDirectory(modelDir)) continue;
    for (const name of readdirSync(modelDir)) {
      const runDir = join(modelDir, name);
      if (!isDirectory(runDir)) continue;
      const summary = readJson<SummaryFile>(join(runDir, 'summary.json'));
      runs.push({ runDir, name, model: modelName, status: summary?.status, label: runLabel(name, summary) });
    }
  }
  return runs.sort((a, b) => b.name.localeCompare(a.name, 'en', { numeric: true }));
}

function runLabel(name: string, summary: SummaryFile | undefined): string {
  const when = name.replace(/^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})/, '$1 $2:$3:$4');
  const parts = [when];
  if (summary?.status) parts.push(summary.status.replace('_', ' '));
  const valLoss = summary?.final?.val_loss ?? summary?.final?.loss;
  if (valLoss !== undefined) parts.push(`${summary?.final?.val_loss !== undefined ? 'val_loss' : 'loss'} ${valLoss.toPrecision(4)}`);
  return parts.join(' · ');
}

/** The run's events from metrics.jsonl (a line cut short by a killed process is skipped). */
export function readRunEvents(runDir: string): TrainEvent[] {
  const path = join(runDir, 'metrics.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').flatMap((line) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as TrainEvent];
    } catch {
      return [];
    }
  });
}

/** The spec source saved with the run. */
export function readRunSource(runDir: string): string | undefined {
  const path = join(runDir, 'model.rnn');
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

export function runShortLabel(runDir: string): string {
  return basename(runDir).replace(/^\d{4}-\d{2}-\d{2}T(\d{2})-(\d{2})-(\d{2})/, '$1:$2:$3');
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
