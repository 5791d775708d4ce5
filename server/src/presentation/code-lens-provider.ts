// Code lenses above each model: "▶ Train" when the client can train (it
// names its command in initializationOptions `trainCommand`), the total
// parameter count, whose command is configurable too (`codeLensCommand`),
// and for a model with a sweep how many trials (runs) it expands to.
// Editors that configure neither only see the count.
import type { CodeLens } from 'vscode-languageserver';
import { formatCount } from '../../../core/src/language';
import { t } from '../../../core/src/shared';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { CodeLensProvider } from '../language-services';
import { toLspRange } from '../util/ranges';

export interface ModelLensCommands {
  /** Run by the parameter-count lens; empty: the lens only shows the count. */
  codeLensCommand: string;
  /** Run by the "▶ Train" lens; empty: no such lens. */
  trainCommand: string;
}

export class ModelCodeLensProvider implements CodeLensProvider {
  constructor(private readonly commands: () => ModelLensCommands) {}

  codeLenses(document: AnalyzedDocument): CodeLens[] {
    const { codeLensCommand, trainCommand } = this.commands();
    const lenses: CodeLens[] = [];
    for (const decl of document.result.file.models) {
      if (!decl.name) continue;
      const name = decl.name.name;
      const range = toLspRange(decl.keyword);
      // Every named model can be trained: one with errors gets the training process's message.
      if (trainCommand) lenses.push({ range, command: { title: t('▶ Train'), tooltip: t('Train {0}', name), command: trainCommand, arguments: [document.uri, name] } });
      const checked = document.result.models.find((m) => m.decl === decl);
      const totalParams = checked?.totalParams;
      if (checked?.sweep) {
        const title = checked.sweep.count === 1 ? t('sweep: 1 trial') : t('sweep: {0} trials', formatCount(checked.sweep.count));
        lenses.push({ range, command: { title, command: '' } });
      }
      if (totalParams !== undefined) {
        const title = totalParams === 1 ? t('1 parameter') : t('{0} parameters', formatCount(totalParams));
        lenses.push({ range, command: { title, command: codeLensCommand, arguments: [document.uri, name] } });
      }
    }
    return lenses;
  }
}
