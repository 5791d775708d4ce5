// A run's insight.jsonl (shared/insight.ts): appended one record per line
// while the run trains, read back for saved runs by the CLI, the language
// server and the panel. Like metrics.jsonl, a reader never fails on a
// damaged file: a line cut short by a killed process is skipped and said.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSIGHT_FILE, t, type InsightRecord } from '../shared';

export interface InsightLog {
  /** The valid records, in the order they were written. */
  records: InsightRecord[];
  /** Lines that are not a valid record. */
  skipped: number;
  /** Why the first skipped line (or the file) was not read. */
  problem?: string;
}

const KINDS: ReadonlySet<unknown> = new Set<InsightRecord['kind']>(['probe', 'gradients', 'trace', 'saturation', 'histograms']);

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
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      log.skipped++;
      log.problem ??= t('{0} line {1}: {2}', INSIGHT_FILE, index + 1, t('not valid JSON'));
      return;
    }
    // TODO(#10 insight-record): validate with the record schema of shared/run-schema.ts.
    if (KINDS.has((json as { kind?: unknown } | null)?.kind)) log.records.push(json as InsightRecord);
  });
  return log;
}
