// A saved run keeps its insight records in insight.jsonl, apart from the
// events of metrics.jsonl. The panel draws insight from `insight` events, so a
// replay turns the records into the events the live run sent, and a damaged
// file into a warning the panel lists with the run's other messages.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { INSIGHT_FILE, type InsightEvent, type LogEvent } from '../../../core/src/shared';
import { readInsight } from '../../../core/src/run-store';

export interface InsightReplay {
  /** The records after the first `shown`, as insight events. */
  events: InsightEvent[];
  /** How many records the file holds now (the next call's `shown`). */
  total: number;
  /** Why lines of the file were left out, as a warning event; absent when none were. */
  warning?: LogEvent;
}

export function insightEventsAfter(runDir: string, shown: number): InsightReplay {
  const log = readInsight(runDir);
  // The records carry no time of their own; the file's last write is when the newest was recorded at the latest.
  let time = 0;
  try {
    time = statSync(join(runDir, INSIGHT_FILE)).mtimeMs;
  } catch {
    // No insight.jsonl: no records either.
  }
  const events = log.records.slice(shown).map((record): InsightEvent => ({ type: 'insight', record, time }));
  const warning: LogEvent | undefined = log.problem ? { type: 'log', level: 'warning', message: log.problem, time } : undefined;
  return { events, total: log.records.length, ...(warning ? { warning } : {}) };
}
