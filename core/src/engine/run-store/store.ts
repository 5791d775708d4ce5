// The run store: every run in its own folder <runsDir>/<Model>/<timestamp>/,
// never overwritten. It holds model.json + weights.bin, metrics.jsonl (every
// event, one JSON line each, appended as it happens), summary.json and the
// spec's source (model.rnn).
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LayerSummary, RunStatus, TrainEvent } from '../../shared';
import type { Normalization, WindowSplit } from '../../language';
import { writeFileAtomic } from './atomic';
import { fileIOHandler } from './file-io';

export const METRICS_FILE = 'metrics.jsonl';
export const SUMMARY_FILE = 'summary.json';
export const SPEC_FILE = 'model.rnn';

export interface RunSummary {
  model: string;
  /** 'running' until the run ends (a run that crashed the process stays 'running'). */
  status: RunStatus | 'running';
  reason?: string;
  started: string;
  seconds: number;
  epochs: number;
  final: Record<string, number>;
  backend?: string;
  seed: number;
  totalParams?: number;
  layers?: LayerSummary[];
  data?: {
    task: string;
    features: number;
    outputs: number;
    timesteps: number;
    split: WindowSplit;
    vocabulary?: string[];
  };
  normalization?: Normalization;
  /** Present when weights were saved: the epoch they come from (the best one with early stopping). */
  weightsEpoch?: number;
}

/** A folder name from a date: 2026-11-26T15-42-07 (UTC, no colons so it is valid everywhere). */
export function runTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/:/g, '-');
}

/** Model names become folder names; keep them to safe characters. */
function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'model';
}

/** Creates a new, empty run folder; an existing one is never reused (a suffix -2, -3, ... is added). */
export function createRunDir(runsDir: string, model: string, date = new Date()): string {
  const parent = join(runsDir, safeName(model));
  mkdirSync(parent, { recursive: true });
  const base = runTimestamp(date);
  for (let attempt = 1; ; attempt++) {
    const dir = join(parent, attempt === 1 ? base : `${base}-${attempt}`);
    try {
      mkdirSync(dir); // not recursive: fails if it exists, even when two runs race
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export class RunWriter {
  constructor(readonly dir: string) {}

  static create(runsDir: string, model: string, source: string): RunWriter {
    const writer = new RunWriter(createRunDir(runsDir, model));
    writeFileAtomic(join(writer.dir, SPEC_FILE), source);
    return writer;
  }

  /** One line per event; each line is one write, so a reader never sees half an event. */
  appendEvent(event: TrainEvent): void {
    appendFileSync(join(this.dir, METRICS_FILE), `${JSON.stringify(event)}\n`);
  }

  writeSummary(summary: RunSummary): void {
    writeFileAtomic(join(this.dir, SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`);
  }

  async saveModel(model: LayersModel): Promise<void> {
    await model.save(fileIOHandler(this.dir));
  }
}
