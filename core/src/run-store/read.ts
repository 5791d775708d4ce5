// Reading a run folder back, validated: the summary, the events and the spec
// copy. Nothing here throws for a damaged or foreign folder; the results say
// what is wrong, so one bad run never stops a listing or a panel.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { t, type TrainEvent } from '../shared';
import { METRICS_FILE, RESOLVED_SPEC_FILE, RESUME_DIR, RESUME_STATE_FILE, RUN_FORMAT, SPEC_FILE, SUMMARY_FILE } from './files';
import { issueMessage, parseIssuesText } from './issues';
import { readJsonLines, type JsonLinesFormat } from './json-lines';
import { judgeRunState, type RunState } from './liveness';
import { eventTypeOf, resumeStateSchema, runSummarySchema, trainEventSchema, TRAIN_EVENT_SCHEMAS, type ResumeState, type RunSummary } from '../shared';

export type SummaryRead =
  | {
    ok: true; summary: RunSummary; /** The declared format; 1 for runs written before formats were numbered. */ format: number;
    /** What to show: the summary's status, or "interrupted" for a "running" run whose writer is gone (liveness.ts). */ state: RunState;
  }
  | { ok: false; /** The file at fault. */ file: string; reason: string; /** True when there is no summary.json at all. */ missing: boolean };

/** The run's summary.json, validated; a missing, damaged or too new file gives the reason instead. */
export function tryReadSummary(runDir: string): SummaryRead {
  const file = join(runDir, SUMMARY_FILE);
  const refuse = (reason: string, missing = false): SummaryRead => ({ ok: false, file, reason, missing });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return refuse(t('no {0} (the run stopped before it began, or the folder is not a run)', SUMMARY_FILE), true);
    }
    return refuse(t('{0} cannot be read: {1}', SUMMARY_FILE, (error as Error).message));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return refuse(t('{0} is not valid JSON: {1}', SUMMARY_FILE, (error as Error).message));
  }
  // Checked before the fields: a newer format may have changed what they mean.
  const declared = (json as { format?: unknown } | null)?.format;
  if (typeof declared === 'number' && declared > RUN_FORMAT) {
    return refuse(t('written by a newer RNN Studio (run format {0}); this version reads up to {1}', declared, RUN_FORMAT));
  }
  const parsed = runSummarySchema.safeParse(json, { error: issueMessage });
  if (!parsed.success) return refuse(t('{0} is damaged: {1}', SUMMARY_FILE, parseIssuesText(parsed.error)));
  return { ok: true, summary: parsed.data, format: parsed.data.format ?? 1, state: judgeRunState(parsed.data, runDir) };
}

/** The run's summary, for callers that cannot go on without it; throws an Error naming the folder and the reason. */
export function readSummary(runDir: string): RunSummary {
  const read = tryReadSummary(runDir);
  if (!read.ok) throw new Error(t('cannot read the run in {0}: {1}', runDir, read.reason));
  return read.summary;
}

export interface EventLog {
  /** The valid events, in the order they were written. */
  events: TrainEvent[];
  /** Lines that are not a valid event (a last line cut short by a killed process included). */
  skipped: number;
  /** Why the first skipped line (or the file) was not read, e.g. "metrics.jsonl line 3: not valid JSON". */
  problem?: string;
}

const EVENT_LINES: JsonLinesFormat<TrainEvent> = {
  file: METRICS_FILE,
  tag: 'type',
  known: new Set(TRAIN_EVENT_SCHEMAS.map(eventTypeOf)),
  schema: trainEventSchema,
};

/** The run's metrics.jsonl: every valid event; lines of event types this version does not know are ignored. */
export function readEventLog(runDir: string): EventLog {
  const { items, skipped, problem } = readJsonLines(runDir, EVENT_LINES);
  return { events: items, skipped, ...(problem !== undefined ? { problem } : {}) };
}

/** Every valid event of the run, in order (see readEventLog for what was skipped). */
export function readEvents(runDir: string): TrainEvent[] {
  return readEventLog(runDir).events;
}

/** The resolved spec the run trained (spec.json), if it is there and is JSON: runs before it existed have none. */
export function readResolvedSpec(runDir: string): unknown {
  try {
    return JSON.parse(readFileSync(join(runDir, RESOLVED_SPEC_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

/** The spec source saved with the run (model.rnn), if it is there. */
export function readSpecCopy(runDir: string): string | undefined {
  try {
    return readFileSync(join(runDir, SPEC_FILE), 'utf8');
  } catch {
    return undefined;
  }
}

export type ResumeCheckpointRead = { ok: true; state: ResumeState; /** The tensors' bytes, as state.tensors lists them. */ bytes: Uint8Array } | { ok: false; reason: string };

/** The last epoch's checkpoint (last/state.json and the file it names), validated; the reason when it is missing or damaged. */
export function readResumeCheckpoint(runDir: string): ResumeCheckpointRead {
  const file = join(RESUME_DIR, RESUME_STATE_FILE);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(join(runDir, file), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { ok: false, reason: t('no {0}: the run saved no checkpoint to resume from (it stopped before its first epoch ended, or an older RNN Studio wrote it)', file) };
    }
    return { ok: false, reason: t('{0} cannot be read: {1}', file, (error as Error).message) };
  }
  const parsed = resumeStateSchema.safeParse(json, { error: issueMessage });
  if (!parsed.success) return { ok: false, reason: t('{0} is damaged: {1}', file, parseIssuesText(parsed.error)) };
  const state = parsed.data;
  const expected = state.tensors.reduce((sum, tensor) => sum + 4 * tensor.shape.reduce((a, b) => a * b, 1), 0);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(join(runDir, RESUME_DIR, state.file));
  } catch (error) {
    return { ok: false, reason: t('{0} cannot be read: {1}', join(RESUME_DIR, state.file), (error as Error).message) };
  }
  if (bytes.byteLength !== expected) {
    return { ok: false, reason: t('{0} is damaged: {1} bytes where {2} names {3}', join(RESUME_DIR, state.file), bytes.byteLength, file, expected) };
  }
  return { ok: true, state, bytes };
}
