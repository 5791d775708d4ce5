// Saved runs as the editor lists them: labels for the quick pick and the
// panel's overlay list. Reading goes through the run store's reader (no tfjs,
// so the extension host never loads it). Labels are in the display language
// (the extension sets it at activation); the statuses in the files are not.
import { basename } from 'node:path';
import { listRuns, type RunEntry } from '../../../core/src/run-store';
import { t } from '../../../core/src/shared';
import type { RunListItem } from '../panel/messages';
import { statusLabel } from './status-label';

export interface SavedRun extends RunListItem {
  model: string;
  /** The folder name, a timestamp such as 2026-11-26T15-42-07. */
  name: string;
  status?: string;
}

/** Runs of one model (or every model) under `runsDir`, newest first; damaged ones say so in their label. */
export function listSavedRuns(runsDir: string, model?: string): SavedRun[] {
  return listRuns(runsDir, model).map((entry) => ({
    runDir: entry.runDir,
    name: entry.name,
    model: entry.model,
    status: entry.ok ? entry.state : undefined,
    label: runLabel(entry),
  }));
}

function runLabel(entry: RunEntry): string {
  const parts = [entry.name.replace(/^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})/, '$1 $2:$3:$4')];
  if (entry.ok) {
    const { final } = entry.summary;
    parts.push(statusLabel(entry.state)); // "interrupted" for a run whose process died, never "running" forever
    const valLoss = final.val_loss ?? final.loss;
    if (valLoss !== undefined) parts.push(`${final.val_loss !== undefined ? 'val_loss' : 'loss'} ${valLoss.toPrecision(4)}`);
  } else if (!entry.missing) {
    // A run killed before its summary was written shows just its time, as it always did.
    parts.push(t('unreadable: {0}', entry.reason));
  }
  return parts.join(' · ');
}

export function runShortLabel(runDir: string): string {
  return basename(runDir).replace(/^\d{4}-\d{2}-\d{2}T(\d{2})-(\d{2})-(\d{2})/, '$1:$2:$3');
}
