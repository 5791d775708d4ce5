// The messages between the extension host and the runs table's webview, in
// one place: both sides import these types. The host reads runs through the
// run store and asks the language server for their spec values; the webview
// only draws what it is sent and says what the user asked for.
import type { RunNotes } from '../../../core/src/shared';
import type { ShownStatus } from '../history/status-label';
import type { RunActionMessage } from '../panel/prediction';

/** One run as the table shows it. */
export interface RunRow {
  /** Absolute run folder: the run's identity. */
  runDir: string;
  /** `<Model folder>/<timestamp>`, relative to the runs folder. */
  id: string;
  model: string;
  /** A run whose summary.json cannot be read is listed with the reason, never dropped. */
  status: ShownStatus | 'unreadable';
  reason?: string;
  /** ISO 8601. */
  started?: string;
  seconds?: number;
  backend?: string;
  /** The last epoch's metrics (NaN sent as null). */
  final: Record<string, number | null>;
  /** The lowest value each loss or metric reached over the epochs (accuracy: the highest). */
  best: Record<string, number | null>;
  sweep?: { id: string; trial: number; trials: number; params: Record<string, unknown> };
  notes: RunNotes;
  /** Spec values by block path (the language server's `rnn/runSpecValues`); null when the run has no readable spec. */
  spec: Record<string, unknown> | null;
}

/** What the table remembers across reloads (webview getState/setState). */
export interface RunsTableState {
  sort: { column: string; descending: boolean };
  filter: string;
  status: string;
  model: string;
  sweep: string;
  /** Every spec value, not only those that differ. */
  allSettings: boolean;
  showHidden: boolean;
  /** Columns the user switched off. */
  hiddenColumns: string[];
  selected: string[];
  /** The metric plotted against the parameters. */
  metric: string;
  /** The parameter on the scatter plot's x axis. */
  parameter: string;
}

export const DEFAULT_RUNS_TABLE_STATE: RunsTableState = {
  sort: { column: 'started', descending: true }, filter: '', status: '', model: '', sweep: '', allSettings: false, showHidden: false,
  hiddenColumns: [], selected: [], metric: 'val_loss', parameter: '',
};

export type RunsHostMessage =
  /** Every run under the runs folder (sent again whenever it changes on disk). */
  | { type: 'runs'; runsDir: string; runs: RunRow[] };

export type RunsTableMessage =
  | { type: 'ready' }
  /** Confirmed in the table already. */
  | { type: 'delete'; runDirs: string[] }
  | { type: 'notes'; runDir: string; changes: RunNotes }
  /** The first run in the training panel, the others overlaid on it. */
  | { type: 'showInPanel'; runDirs: string[] }
  /** One CSV of the runs' metrics, long format: run, step, epoch, metric, value. */
  | { type: 'exportMetrics'; runDirs: string[] }
  | { type: 'saveCsv'; csv: string; suggestedName: string }
  /** Write the run's settings back into its model in the open spec. */
  | { type: 'useSettings'; runDir: string }
  /** Predict with the run or resume it, as the commands do for it (a forecast is drawn in the training panel). */
  | RunActionMessage;
