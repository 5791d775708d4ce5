// A lens above each model with its best saved run so far, "best val_loss 0.0053 · 12 runs",
// whose command (initializationOptions `openRunCommand`) opens that run. Runs
// are matched by the model name their summary records, so a lens never shows
// a run of another model, even one whose folder name is the same once made safe.
import type { CodeLens } from 'vscode-languageserver';
import { t } from '../../../core/src/shared';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { CodeLensProvider } from '../language-services';
import type { RunIndex, IndexedRun } from '../saved-runs/run-index';
import type { RunsLocation } from '../saved-runs/runs-directory';
import { toLspRange } from '../util/ranges';

export class BestRunCodeLensProvider implements CodeLensProvider {
  constructor(
    private readonly index: RunIndex,
    private readonly location: RunsLocation,
    private readonly openRunCommand: () => string,
  ) {}

  codeLenses(document: AnalyzedDocument): CodeLens[] {
    const runsDir = this.location.forDocument(document.uri);
    if (!runsDir) return [];
    const runs = this.index.runs(runsDir);
    const lenses: CodeLens[] = [];
    for (const decl of document.result.file.models) {
      if (!decl.name) continue;
      const own = runs.filter((run) => run.model === decl.name!.name);
      const best = bestRun(own);
      if (!best) continue;
      const title = own.length === 1
        ? t('best {0} {1} · 1 run', best.metric, best.value.toPrecision(2))
        : t('best {0} {1} · {2} runs', best.metric, best.value.toPrecision(2), own.length);
      const command = this.openRunCommand();
      lenses.push({ range: toLspRange(decl.keyword), command: { title, tooltip: best.run.runDir, command, arguments: command ? [best.run.runDir] : undefined } });
    }
    return lenses;
  }
}

/** The run with the lowest final val_loss (loss when no run has one); NaN losses never win. */
export function bestRun(runs: readonly IndexedRun[]): { run: IndexedRun; metric: string; value: number } | undefined {
  const metric = runs.some((run) => Number.isFinite(run.final.val_loss)) ? 'val_loss' : 'loss';
  let best: { run: IndexedRun; metric: string; value: number } | undefined;
  for (const run of runs) {
    const value = run.final[metric];
    if (Number.isFinite(value) && (!best || value < best.value)) best = { run, metric, value };
  }
  return best;
}
