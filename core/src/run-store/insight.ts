// A run's insight.jsonl (shared/insight.ts): appended one record per line
// while the run trains, read back for saved runs by the CLI, the language
// server and the panel. Like metrics.jsonl, a reader never fails on a
// damaged file: a line cut short by a killed process, or one that is not a
// valid record, is skipped and said; a kind added by a later version is ignored.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSIGHT_FILE, INSIGHT_RECORD_SCHEMAS, insightKindOf, insightRecordSchema, t, type InsightRecord } from '../shared';
import { issueMessage, parseIssuesText } from './issues';

export interface InsightLog {
  /** The valid records, in the order they were written. */
  records: InsightRecord[];
  /** Lines that are not a valid record. */
  skipped: number;
  /** Why the first skipped line (or the file) was not read, e.g. "insight.jsonl line 7: not valid JSON". */
  problem?: string;
}

const KNOWN_KINDS: ReadonlySet<unknown> = new Set(INSIGHT_RECORD_SCHEMAS.map(insightKindOf));

/** The run's insight records; a run without insight.jsonl has none. */
export function readInsight(runDir: string): InsightLog {
  let text: string;
  try {
    text = readFileSync(join(runDir, INSIGHT_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
    return { records: [], skipped: 0, problem: t('{0} cannot be read: {1}', INSIGHT_FILE, (error as Error).message) };
  }
  const log: InsightLog = { records: [], skipped: 0 };
  const skip = (lineNumber: number, reason: string) => {
    log.skipped++;
    log.problem ??= t('{0} line {1}: {2}', INSIGHT_FILE, lineNumber, reason);
  };
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return skip(index + 1, t('not valid JSON'));
    }
    const kind = (json as { kind?: unknown } | null)?.kind;
    if (typeof kind === 'string' && !KNOWN_KINDS.has(kind)) return; // added by a later version: not ours to judge
    const parsed = insightRecordSchema.safeParse(json, { error: issueMessage });
    if (parsed.success) log.records.push(parsed.data);
    else skip(index + 1, parseIssuesText(parsed.error));
  });
  return log;
}
