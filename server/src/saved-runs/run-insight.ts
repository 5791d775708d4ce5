// The insight report (core's insight-report.ts) of a model's latest finished
// run, for the editor's gradient hints on `cell:` and the gates hover. The runs
// come from the index the best-run lens reads (kept until files under the runs
// folder change). Until then, each model's latest run and each run's report
// are worked out once: checking a document as the user types costs a map
// lookup per model, never a read of a run folder (bench:server measures it).
// When the runs change, a report is read again only if its insight.jsonl
// changed size or time.
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

interface KeptReport {
  /** The index generation it was last confirmed in, and the file's size and time then. */
  generation: number;
  stamp: string;
  report: InsightReport | undefined;
}

export class RunInsightLookup {
  private readonly latestRuns = new Map<string, { generation: number; byModel: Map<string, IndexedRun> }>();
  private readonly reports = new Map<string, KeptReport>();

  constructor(private readonly index: RunIndex, private readonly location: RunsLocation) {}

  /** The latest ended run of `model` among the runs of the document's runs folder, when it recorded insight. */
  latest(documentUri: string, model: string): RunInsight | undefined {
    const runsDir = this.location.forDocument(documentUri);
    const run = runsDir === undefined ? undefined : this.latestByModel(runsDir).get(model);
    const report = run && this.report(run.runDir);
    return run && report ? { run, runName: basename(run.runDir), report } : undefined;
  }

  private latestByModel(runsDir: string): Map<string, IndexedRun> {
    const generation = this.index.generation;
    const kept = this.latestRuns.get(runsDir);
    if (kept?.generation === generation) return kept.byModel;
    const byModel = new Map<string, IndexedRun>();
    const time = (run: IndexedRun) => Date.parse(run.started);
    for (const run of this.index.runs(runsDir)) {
      if (!ENDED.has(run.state)) continue;
      const latest = byModel.get(run.model);
      if (!latest || time(run) > time(latest) || (time(run) === time(latest) && run.runDir > latest.runDir)) byModel.set(run.model, run);
    }
    this.latestRuns.set(runsDir, { generation, byModel });
    // Reports of runs that are no model's latest any more are not needed again.
    const wanted = new Set([...this.latestRuns.values()].flatMap((entry) => [...entry.byModel.values()].map((run) => run.runDir)));
    for (const runDir of this.reports.keys()) if (!wanted.has(runDir)) this.reports.delete(runDir);
    return byModel;
  }

  private report(runDir: string): InsightReport | undefined {
    const generation = this.index.generation;
    const kept = this.reports.get(runDir);
    if (kept?.generation === generation) return kept.report;
    const stamp = fileStamp(join(runDir, INSIGHT_FILE));
    if (kept && kept.stamp === stamp) {
      kept.generation = generation;
      return kept.report;
    }
    const records = stamp === '' ? [] : readInsight(runDir).records;
    const report = records.length > 0 ? insightReport(records) : undefined;
    this.reports.set(runDir, { generation, stamp, report });
    return report;
  }
}

/** Size and modification time of a file; '' when it is not there. */
function fileStamp(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return '';
  }
}
