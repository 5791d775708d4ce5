// `rnn/specDiff`: what differs between a model in two spec texts, key by key,
// e.g. the training panel's run and a run overlaid on its chart.
import type { CancellationToken } from 'vscode-languageserver';
import { specDifferences } from '../../../core/src/language';
import type { SpecDifference } from '../../../core/src/shared';
import type { SpecDiffProvider } from '../language-services';

export class KeyByKeySpecDiffProvider implements SpecDiffProvider {
  differences(current: string, other: string, model: string | undefined, token: CancellationToken): SpecDifference[] {
    return token.isCancellationRequested ? [] : specDifferences(current, other, model);
  }
}
