// A run's status as people read it, in the display language. The status
// itself ("early_stopped" in summary.json and the events) stays as it is;
// only what is shown goes through here. Browser-safe: the panel uses it too.
import { t, type RunStatus } from '../../../core/src/shared';

/** What a run can be: how it ended, or (in summary.json and the panel) that it is still going. */
export type ShownStatus = RunStatus | 'running' | 'interrupted' | 'starting' | 'waiting';

export function statusLabel(status: ShownStatus): string {
  switch (status) {
    case 'completed': return t('completed');
    case 'early_stopped': return t('early stopped');
    case 'cancelled': return t('cancelled');
    case 'failed': return t('failed');
    case 'running': return t('running');
    case 'interrupted': return t('interrupted');
    case 'starting': return t('starting');
    case 'waiting': return t('waiting');
  }
}
