// A horizon above 1 forecasts the next rows of one series: it needs a source
// that is a series (its `series` fact), a regression loss, and rows enough for
// the input window and the forecast after it.
import { t } from '../../../shared';
import { dataSourceFacts, lossFacts } from '../../schema/facts';
import { removeMemberEdit } from '../edits';
import { dataTask, type ModelContext, type ModelRule } from '../model-context';

const HORIZON = 'output.horizon';

/** The horizon as written, when above 1 (1 is today's one-step prediction, fine for every source). */
function writtenHorizon(context: ModelContext): number | undefined {
  const horizon = context.get<number>(HORIZON);
  return context.given(HORIZON) && horizon !== undefined && horizon > 1 ? horizon : undefined;
}

/** The rows each window forecasts, as the data will be cut: only series sources take a horizon. */
export function effectiveHorizon(context: ModelContext): number {
  const source = context.calledFunction('data');
  const horizon = context.get<number>(HORIZON) ?? 1;
  return source && dataSourceFacts(source.name)?.series ? horizon : 1;
}

export const horizonNeedsSeries: ModelRule = {
  check(context: ModelContext) {
    const horizon = writtenHorizon(context);
    const source = context.calledFunction('data');
    if (horizon === undefined || !source || dataSourceFacts(source.name)?.series) return;
    const property = context.property(HORIZON)!;
    context.reporter.error('horizon-needs-series', context.rangeOf(HORIZON),
      t('`horizon: {0}` forecasts the next {0} rows of a series, but each `{1}` window has one target of its own and no rows after it to forecast; remove `horizon` or use `sine` or `csv` data', horizon, source.name),
      [{ title: t('Remove `horizon`'), edits: [removeMemberEdit(context.lines, property)] }]);
  },
};

/**
 * A forecast of values is a regression. With series data a classification loss
 * is already `loss-task-mismatch` at the loss; this speaks when the data does
 * not say the task (missing or not yet written).
 */
export const horizonNeedsRegression: ModelRule = {
  check(context: ModelContext) {
    const horizon = writtenHorizon(context);
    const loss = context.get<string>('loss');
    if (horizon === undefined || !loss || lossFacts(loss)?.task !== 'classification' || dataTask(context) !== undefined) return;
    context.reporter.error('horizon-needs-regression', context.rangeOf(HORIZON),
      t('`horizon: {0}` forecasts {0} future values, a regression, but `{1}` is a classification loss; use `mse`, `mae` or `huber`', horizon, loss));
  },
};
