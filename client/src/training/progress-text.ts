// One-line progress of a run for the status bar and the notification. Metric
// names (loss, val_loss) are the names the run files use, so they stay as they are.
import * as vscode from 'vscode';
import type { EpochEvent, StartEvent } from '../../../core/src/shared';
import { formatEta, formatValue } from './number-format';

export function formatProgress(start: StartEvent | undefined, epoch: EpochEvent | undefined, lastLoss: number | undefined): string {
  const parts: string[] = [];
  if (start) parts.push(vscode.l10n.t('epoch {0}/{1}', Math.min((epoch?.epoch ?? 0) + 1, start.epochs), start.epochs));
  if (lastLoss !== undefined) parts.push(`loss ${formatValue(lastLoss)}`);
  if (epoch?.val_loss !== undefined) parts.push(`val_loss ${formatValue(epoch.val_loss)}`);
  if (epoch) parts.push(vscode.l10n.t('ETA {0}', formatEta(epoch.eta)));
  return parts.join(' · ');
}
