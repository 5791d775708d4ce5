// A run's insight.jsonl (shared/insight.ts): appended one record per line
// while the run trains, read back for saved runs by the CLI, the language
// server and the panel. Like metrics.jsonl, a reader never fails on a
// damaged file: a line cut short by a killed process, or one that is not a
// valid record, is skipped and said; a kind added by a later version is ignored.
import { INSIGHT_FILE, INSIGHT_RECORD_SCHEMAS, insightKindOf, insightRecordSchema, type InsightRecord } from '../shared';
import { readJsonLines, type JsonLinesFormat } from './json-lines';

export interface InsightLog {
  /** The valid records, in the order they were written. */
  records: InsightRecord[];
  /** Lines that are not a valid record. */
  skipped: number;
  /** Why the first skipped line (or the file) was not read, e.g. "insight.jsonl line 7: not valid JSON". */
  problem?: string;
}

const INSIGHT_LINES: JsonLinesFormat<InsightRecord> = {
  file: INSIGHT_FILE,
  tag: 'kind',
  known: new Set(INSIGHT_RECORD_SCHEMAS.map(insightKindOf)),
  schema: insightRecordSchema,
};

/** The run's insight records; a run without insight.jsonl has none. */
export function readInsight(runDir: string): InsightLog {
  const { items, skipped, problem } = readJsonLines(runDir, INSIGHT_LINES);
  return { records: items, skipped, ...(problem !== undefined ? { problem } : {}) };
}
