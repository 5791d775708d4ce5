// Writing a run's JSON half: the spec copy, every event as it happens, and the
// summary, stamped with the run format. The engine's RunWriter adds the model.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainEvent } from '../shared';
import { writeFileAtomic } from './atomic';
import { METRICS_FILE, RUN_FORMAT, SPEC_FILE, SUMMARY_FILE } from './files';
import { createRunDir } from './folder';
import type { RunSummary } from './schema';

export class RunFolderWriter {
  constructor(readonly dir: string) {}

  /** A new run folder for `model` under `runsDir`, holding the spec's source. */
  static create<Writer extends RunFolderWriter>(this: new (dir: string) => Writer, runsDir: string, model: string, source: string): Writer {
    const writer = new this(createRunDir(runsDir, model));
    writeFileAtomic(join(writer.dir, SPEC_FILE), source);
    return writer;
  }

  /** One line per event; each line is one write, so a reader never sees half an event. */
  appendEvent(event: TrainEvent): void {
    appendFileSync(join(this.dir, METRICS_FILE), `${JSON.stringify(event)}\n`);
  }

  /** The whole summary, replaced at once; the format number is this writer's, whatever `summary` says. */
  writeSummary(summary: RunSummary): void {
    const { format: _ignored, ...fields } = summary;
    writeFileAtomic(join(this.dir, SUMMARY_FILE), `${JSON.stringify({ format: RUN_FORMAT, ...fields }, null, 2)}\n`);
  }
}
