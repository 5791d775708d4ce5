// The saved runs of each runs folder, read through the run store once and kept
// until a file under it changes: the best-run lenses of every open document
// read them on each code-lens request, the insight hints on each check.
import { listRuns, type RunState } from '../../../core/src/run-store';

/** A readable run, as the lenses need it. */
export interface IndexedRun {
  runDir: string;
  /** The model name the run's summary.json records (not its folder's, which is made file-system safe). */
  model: string;
  final: Record<string, number>;
  /** The summary's status, or "interrupted" for a run whose writer is gone. */
  state: RunState;
  /** ISO time the run started. */
  started: string;
}

export class RunIndex {
  private readonly folders = new Map<string, IndexedRun[]>();

  runs(runsDir: string): IndexedRun[] {
    let runs = this.folders.get(runsDir);
    if (!runs) {
      runs = listRuns(runsDir).flatMap((entry) => (entry.ok ? [{ runDir: entry.runDir, model: entry.summary.model, final: entry.summary.final, state: entry.state, started: entry.summary.started }] : []));
      this.folders.set(runsDir, runs);
    }
    return runs;
  }

  /** Counts the times the runs were forgotten: what is worked out from them stays good while it stays the same. */
  generation = 0;

  /** Runs were written, changed or removed: read them again when next asked. */
  forget(): void {
    this.folders.clear();
    this.generation++;
  }
}
