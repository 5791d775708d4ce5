// One-line progress of a run for the status bar and the notification.
import type { EpochEvent, StartEvent } from '../../../core/src/shared';

export function formatProgress(start: StartEvent | undefined, epoch: EpochEvent | undefined, lastLoss: number | undefined): string {
  const parts: string[] = [];
  if (start) parts.push(`epoch ${Math.min((epoch?.epoch ?? 0) + 1, start.epochs)}/${start.epochs}`);
  if (lastLoss !== undefined) parts.push(`loss ${formatValue(lastLoss)}`);
  if (epoch?.val_loss !== undefined) parts.push(`val_loss ${formatValue(epoch.val_loss)}`);
  if (epoch) parts.push(`ETA ${formatEta(epoch.eta)}`);
  return parts.join(' · ');
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1e-3 && Math.abs(value) < 1e5 ? value.toPrecision(4) : value.toExponential(3);
}

export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
