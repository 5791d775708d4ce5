// The buttons at the end of a run's row in the runs table: Predict and Resume
// for that run (the extension host runs the commands' code for it, without
// their run picker). A run its status does not allow it for gets them disabled.
import { t } from '../../../core/src/shared';
import { runActions } from '../../src/history/run-actions';
import type { RunRow, RunsTableMessage } from '../../src/runs-table/messages';

export function rowActionsCell(row: RunRow, post: (message: RunsTableMessage) => void): HTMLTableCellElement {
  const allowed = runActions(row.status);
  const action = (type: 'predict' | 'resume', label: string, title: string, enabled: boolean) => {
    const button = document.createElement('button');
    button.className = `secondary row-action ${type}`;
    button.textContent = label;
    button.title = title;
    button.disabled = !enabled;
    // The row's own click handlers (selection) stay out of it.
    button.addEventListener('click', (event) => {
      event.stopPropagation();
      post({ type, runDir: row.runDir });
    });
    return button;
  };
  const cell = document.createElement('td');
  cell.className = 'actions';
  cell.append(
    action('predict', t('Predict…'), t('Predict with this run: a forecast past the series, generated text, or the validation part\'s predictions'), allowed.predict),
    action('resume', t('Resume…'), t('Continue this run from its last checkpoint in a new run'), allowed.resume),
  );
  return cell;
}
