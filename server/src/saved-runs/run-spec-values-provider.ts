// `rnn/runSpecValues`: each saved run's spec values, from its spec.json or
// its spec copy, flattened by the language layer, so the runs table can show
// and compare settings without the extension ever parsing a spec.
import type { CancellationToken } from 'vscode-languageserver';
import { RunSpecValuesCache } from '../../../core/src/language';
import { readResolvedSpec, readSpecCopy, tryReadSummary } from '../../../core/src/run-store';
import type { RunSpecValuesResult } from '../../../core/src/shared';
import type { RunSpecValuesProvider } from '../language-services';

export class SavedRunSpecValuesProvider implements RunSpecValuesProvider {
  private readonly cache = new RunSpecValuesCache();

  values(runDirs: readonly string[], token: CancellationToken): RunSpecValuesResult {
    const runs: RunSpecValuesResult['runs'] = {};
    for (const runDir of runDirs) {
      if (token.isCancellationRequested) break;
      const summary = tryReadSummary(runDir);
      const values = summary.ok
        ? this.cache.of({ model: summary.summary.model, resolvedSpec: readResolvedSpec(runDir), specSource: readSpecCopy(runDir) })
        : undefined;
      runs[runDir] = values ?? null;
    }
    return { runs };
  }
}
