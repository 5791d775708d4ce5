// The insight report (core's insight-report.ts) of a model's latest finished
// run, for the editor's gradient hints on `cell:` and the gates hover. The runs
// come from the index the best-run lens reads (kept until files under the runs
// folder change); a run's report is read once and kept while its insight.jsonl
// keeps its size and time, so checking a document as the user types never
// reads a run folder again.
import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readInsight } from '../../../core/src/run-store';
import { INSIGHT_FILE, insightReport, type InsightReport } from '../../../core/src/shared';
import type { IndexedRun, RunIndex } from './run-index';
import type { RunsLocation } from './runs-directory';

/** A model's latest finished run and what it recorded. */
export interface RunInsight {
  run: IndexedRun;
  /** How the hints name the run: its folder, the time it started (2026-12-01T18-50-12). */
  runName: string;
  report: InsightReport;
}

/** Runs that ended, whatever the outcome: a run that failed on a NaN loss may be the one whose gradient exploded. */
const ENDED: ReadonlySet<string> = new Set(['completed', 'early_stopped', 'cancelled', 'failed']);

/** Reports kept at once: the latest run of each model of the open documents, with room to spare. */
const KEPT_REPORTS = 32;

export class RunInsightLookup {
  private readonly reports = new Map<string, { stamp: string; report: InsightReport | undefined }>();

  constructor(private readonly index: RunIndex, private readonly location: RunsLocation) {}

  /** The latest ended run of `model` among the runs of the document's runs folder, when it recorded insight. */
  latest(documentUri: string, model: string): RunInsight | undefined {
    const runsDir = this.location.forDocument(documentUri);
    if (!runsDir) return undefined;
    let latest: IndexedRun | undefined;
    for (const run of this.index.runs(runsDir)) {
      if (run.model !== model || !ENDED.has(run.state)) continue;
      if (!latest || startedAfter(run, latest)) latest = run;
    }
    const report = latest && this.report(latest.runDir);
    return latest && report ? { run: latest, runName: basename(latest.runDir), report } : undefined;
  }

  private report(runDir: string): InsightReport | undefined {
    const stamp = fileStamp(join(runDir, INSIGHT_FILE));
    const kept = this.reports.get(runDir);
    if (kept && kept.stamp === (stamp ?? '')) return kept.report;
    const records = stamp === undefined ? [] : readInsight(runDir).records;
    const report = records.length > 0 ? insightReport(records) : undefined;
    this.reports.delete(runDir);
    this.reports.set(runDir, { stamp: stamp ?? '', report });
    if (this.reports.size > KEPT_REPORTS) this.reports.delete(this.reports.keys().next().value!);
    return report;
  }
}

function startedAfter(a: IndexedRun, b: IndexedRun): boolean {
  const [ta, tb] = [Date.parse(a.started), Date.parse(b.started)];
  return ta !== tb ? ta > tb : a.runDir > b.runDir;
}

/** Size and modification time of a file; undefined when it is not there. */
function fileStamp(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
}
