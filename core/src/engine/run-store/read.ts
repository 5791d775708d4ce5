// Reading saved runs back: the model (custom cells registered), the summary
// and the recorded events, and listing the runs of a folder.
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import '../compile/cells'; // registers the custom cells and initializers for deserialisation
import type { TrainEvent } from '../../shared';
import { fileIOHandler, MODEL_FILE } from './file-io';
import { METRICS_FILE, SUMMARY_FILE, type RunSummary } from './store';

export function readSummary(runDir: string): RunSummary {
  return JSON.parse(readFileSync(join(runDir, SUMMARY_FILE), 'utf8')) as RunSummary;
}

/** Every event of the run in order, as it was emitted (lines cut short by a crash are skipped). */
export function readEvents(runDir: string): TrainEvent[] {
  const path = join(runDir, METRICS_FILE);
  if (!existsSync(path)) return [];
  const events: TrainEvent[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as TrainEvent);
    } catch {
      // an unfinished last line of a killed process
    }
  }
  return events;
}

/** The saved model and summary of a run; a backend must be active (see selectBackend). */
export async function loadRun(runDir: string): Promise<{ model: LayersModel; summary: RunSummary }> {
  const summary = readSummary(runDir);
  if (!existsSync(join(runDir, MODEL_FILE))) {
    throw new Error(`the run in ${runDir} saved no model (${summary.status}${summary.reason ? `: ${summary.reason}` : ''})`);
  }
  const model = await loadLayersModel(fileIOHandler(runDir));
  return { model, summary };
}

export interface RunEntry {
  model: string;
  runDir: string;
  /** The folder name, e.g. 2026-11-26T15-42-07 or 2026-11-26T15-42-07-2. */
  name: string;
  summary?: RunSummary;
}

/** Runs under `runsDir` (of one model when given), oldest first. */
export function listRuns(runsDir: string, model?: string): RunEntry[] {
  if (!existsSync(runsDir)) return [];
  const models = model !== undefined ? [model] : readdirSync(runsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  const entries: RunEntry[] = [];
  for (const name of models) {
    const modelDir = join(runsDir, name);
    if (!existsSync(modelDir)) continue;
    for (const run of readdirSync(modelDir, { withFileTypes: true })) {
      if (!run.isDirectory()) continue;
      const runDir = join(modelDir, run.name);
      let summary: RunSummary | undefined;
      try {
        summary = readSummary(runDir);
      } catch {
        summary = undefined;
      }
      entries.push({ model: name, runDir, name: run.name, summary });
    }
  }
  return entries.sort((a, b) => (a.summary?.started ?? a.name).localeCompare(b.summary?.started ?? b.name) || a.name.localeCompare(b.name, 'en', { numeric: true }));
}
