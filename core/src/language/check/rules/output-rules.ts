// Rules on where the output layer predicts (`output.at`): a prediction at
// every step needs a target at every step, and a target that is the next
// input must not be visible to the model before it predicts it.
import { t } from '../../../shared';
import { dataSourceFacts } from '../../schema/facts';
import { removeMemberEdit, replaceFix } from '../edits';
import type { ModelContext, ModelRule } from '../model-context';

const AT = 'output.at';
const BIDIRECTIONAL = 'hidden.bidirectional';
const HORIZON = 'output.horizon';

/** The data source's facts when the model predicts at every step, else undefined. */
function everyStepSource(context: ModelContext) {
  if (context.get<string>(AT) !== 'every_step' || !context.valueNode(AT)) return undefined;
  const source = context.calledFunction('data');
  return source && { name: source.name, facts: dataSourceFacts(source.name) };
}

const backToLast = (context: ModelContext) => replaceFix(t('Change to `{0}`', 'last'), context.rangeOf(AT), 'last');

/** `adding` has one target per sequence: there is nothing to predict after its other steps. */
export const everyStepNeedsStepTargets: ModelRule = {
  check(context: ModelContext) {
    const source = everyStepSource(context);
    if (!source || source.facts?.stepTargets) return;
    context.reporter.error('every-step-needs-step-targets', context.rangeOf(AT),
      t('`{0}` data has one target per sequence, not one per step: `every_step` would have nothing to learn after the other steps; use `last`', source.name),
      [backToLast(context)]);
  },
};

/**
 * With a bidirectional layer, the state at step t has read the whole window,
 * step t+1 included: when that step's input is the target (next value, next
 * character), the model learns to copy it and predicts nothing.
 */
export const everyStepNotBidirectional: ModelRule = {
  check(context: ModelContext) {
    const source = everyStepSource(context);
    const bidirectional = context.property(BIDIRECTIONAL);
    if (source?.facts?.stepTargets !== 'next' || !bidirectional || context.get<boolean>(BIDIRECTIONAL) !== true) return;
    context.reporter.error('every-step-bidirectional', context.rangeOf(AT),
      t('`every_step` with `bidirectional: true` on `{0}` data: the target after each step is the next input, which the backward direction has already read, so the model would learn to copy it', source.name),
      [{ title: t('Remove `{0}`', 'bidirectional'), edits: [removeMemberEdit(context.lines, bidirectional)] }, backToLast(context)]);
  },
};

/**
 * A prediction at every step is of the next row; a horizon forecasts several
 * rows after the window's end. The two are different models: one output
 * layer cannot be both (a forecast at every step is not built).
 */
export const everyStepNotWithHorizon: ModelRule = {
  check(context: ModelContext) {
    const horizon = context.get<number>(HORIZON);
    const property = context.property(HORIZON);
    if (!everyStepSource(context) || !property || horizon === undefined || horizon <= 1) return;
    context.reporter.error('every-step-horizon', context.rangeOf(HORIZON),
      t('`horizon: {0}` forecasts {0} rows after the window, while `every_step` predicts the next row after each step: a model does one or the other; remove `horizon` or use `at: last`', horizon),
      [{ title: t('Remove `horizon`'), edits: [removeMemberEdit(context.lines, property)] }, backToLast(context)]);
  },
};
