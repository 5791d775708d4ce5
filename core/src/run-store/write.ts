// Writing a run's JSON half: the spec copy, every event as it happens, and the
// summary, stamped with the run format. The engine's RunWriter adds the model.
import { appendFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { INSIGHT_FILE, t, type InsightRecord, type TrainEvent } from '../shared';
import { writeFileAtomic } from './atomic';
import { METRICS_FILE, RESOLVED_SPEC_FILE, RESUME_DIR, RESUME_STATE_FILE, RUN_FORMAT, SPEC_FILE, SUMMARY_FILE } from './files';
import { createRunDir } from './folder';
import type { ResumeState, RunSummary, RunSweep } from '../shared';

/** A file of the run folder could not be written (the folder removed, the disk full, ...); the message names the file. */
export class RunStoreError extends Error {
  constructor(readonly path: string, cause: unknown) {
    super(t('cannot write {0} ({1})', path, systemReason(cause)), { cause });
  }
}

/** "ENOTDIR: not a directory" from Node's "ENOTDIR: not a directory, open '/runs/...'": the path is said once, by us. */
function systemReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (error as NodeJS.ErrnoException)?.syscall ? message.replace(/, \w+ '.*'$/s, '') : message;
}

/**
 * Writes one run folder. The first write that fails throws a RunStoreError and
 * marks the writer failed, which ends the run; after that, writes are still
 * tried (the failed summary and the end event may still fit) but never throw
 * again, so the run can still end in a known state.
 */
export class RunFolderWriter {
  /** The first write that failed. */
  failure?: RunStoreError;

  /** The sweep trial the run is, stamped on every summary. */
  sweep?: RunSweep;

  constructor(readonly dir: string) {}

  /**
   * A new run folder for `model` under `runsDir`, holding the spec's source and,
   * when given, the resolved spec it trains (so the run never depends on a base that changes later).
   */
  static create<Writer extends RunFolderWriter>(
    this: new (dir: string) => Writer, runsDir: string, model: string, source: string, resolved?: { spec: object; sweep?: RunSweep },
  ): Writer {
    const writer = new this(createRunDir(runsDir, model));
    writeFileAtomic(join(writer.dir, SPEC_FILE), source);
    if (resolved) {
      writeFileAtomic(join(writer.dir, RESOLVED_SPEC_FILE), `${JSON.stringify(resolved.spec, null, 2)}\n`);
      writer.sweep = resolved.sweep;
    }
    return writer;
  }

  /** One line per event; each line is one write, so a reader never sees half an event. */
  appendEvent(event: TrainEvent): void {
    const path = join(this.dir, METRICS_FILE);
    this.guard(path, () => appendFileSync(path, `${JSON.stringify(event)}\n`));
  }

  /** One insight record per line of insight.jsonl (shared/insight.ts), like appendEvent; the bytes of the line (the size bound counts them). */
  appendInsight(record: InsightRecord): number {
    const path = join(this.dir, INSIGHT_FILE);
    const line = `${JSON.stringify(record)}\n`;
    this.guard(path, () => appendFileSync(path, line));
    return Buffer.byteLength(line);
  }

  /** The whole summary, replaced at once; the format number is this writer's, whatever `summary` says. */
  writeSummary(summary: RunSummary): void {
    const { format: _ignored, ...given } = summary;
    const fields = this.sweep && !given.sweep ? { ...given, sweep: this.sweep } : given;
    const path = join(this.dir, SUMMARY_FILE);
    this.guard(path, () => writeFileAtomic(path, `${JSON.stringify({ format: RUN_FORMAT, ...fields }, null, 2)}\n`));
  }

  /**
   * The last epoch's checkpoint: its tensors under a name of their own, then
   * state.json naming them, then the older tensor files go. A process killed
   * at any point leaves a state.json whose file is complete.
   */
  writeResumeCheckpoint(state: ResumeState, bytes: Uint8Array): void {
    const dir = join(this.dir, RESUME_DIR);
    const path = join(dir, state.file);
    this.guard(path, () => {
      mkdirSync(dir, { recursive: true });
      writeFileAtomic(path, bytes);
      writeFileAtomic(join(dir, RESUME_STATE_FILE), `${JSON.stringify(state)}\n`);
      for (const name of readdirSync(dir)) if (name !== state.file && name.endsWith('.bin')) rmSync(join(dir, name), { force: true });
    });
  }

  /** Runs a write of `path` (a failure's own path wins: it names the file that failed). */
  protected async guardAsync(path: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.fail(path, error);
    }
  }

  private guard(path: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      this.fail(path, error);
    }
  }

  private fail(path: string, error: unknown): void {
    if (this.failure) return; // the run is already ending for the first failure
    this.failure = new RunStoreError((error as NodeJS.ErrnoException)?.path ?? path, error);
    throw this.failure;
  }
}
