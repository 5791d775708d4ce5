// Rules that compare the model with its data: sizes the data dictates, enough
// windows for the sequence length and the validation split, the sequence the
// insight recording traces, and text-only features such as generation.
import { t } from '../../../shared';
import { dataSourceFacts } from '../../schema/facts';
import { removeMemberEdit, replaceFix } from '../edits';
import { quoteBounded } from '../../data-files/csv';
import type { ModelContext, ModelRule } from '../model-context';
import { effectiveHorizon } from './horizon-rules';

/** `input.features` and `output.units`, when written, must be what the data provides. */
export const sizesMatchData: ModelRule = {
  check(context: ModelContext) {
    const facts = context.facts;
    if (!facts) return;
    const checks = [
      { path: 'input.features', expected: facts.features, code: 'features-mismatch' as const, perStep: true },
      { path: 'output.units', expected: facts.outputs, code: 'output-units-mismatch' as const, perStep: false },
    ];
    for (const { path, expected, code, perStep } of checks) {
      const given = context.get<number>(path);
      if (!context.given(path) || given === expected) continue;
      const classes = !perStep ? facts.classes : undefined;
      // From the head of a large file the vocabulary (or the classes) is a lower bound: training checks it.
      if (classes ? facts.partialClasses : facts.partial && facts.vocabulary) continue;
      const range = context.rangeOf(path);
      const key = path.split('.').pop()!;
      // Facts come from inspecting a data source, so there is one.
      const source = context.calledFunction('data')?.name ?? '';
      const message = perStep
        ? t('`{0}` is {1} but `{2}` provides {3} values per step', key, String(given), source, expected)
        : t('`{0}` is {1} but `{2}` provides {3} outputs', key, String(given), source, expected);
      const why = classes ? t('{0} (the number of classes: {1})', message, classList(classes))
        : facts.vocabulary ? t('{0} (the vocabulary size)', message) : message;
      context.reporter.error(code, range, why,
        [replaceFix(t('Change to {0}', expected), range, String(expected))]);
    }
  },
};

/** The class names as a message lists them: a few, then how many more. */
function classList(classes: string[]): string {
  const shown = classes.slice(0, 6).map((name) => quoteBounded(name)).join(', ');
  return classes.length > 6 ? t('{0} and {1} more', shown, classes.length - 6) : shown;
}

/** Enough windows for the sequence length, and a validation split that leaves both parts non-empty. */
export const enoughData: ModelRule = {
  check(context: ModelContext) {
    const facts = context.facts;
    const timesteps = context.get<number>('input.timesteps');
    const validationSplit = context.get<number>('train.validation_split');
    if (!facts || timesteps === undefined) return;
    if (facts.windows(timesteps) < 1) {
      context.reporter.error('not-enough-data', context.rangeOf('input.timesteps'),
        t('the data is too short for {0} timesteps: it yields no (input, target) window; use fewer timesteps or more data', timesteps));
      return;
    }
    const horizon = effectiveHorizon(context);
    const windows = facts.windows(timesteps, horizon);
    if (windows < 1) {
      context.reporter.error('horizon-too-long', context.rangeOf('output.horizon'),
        t('the data is too short for {0} timesteps followed by a horizon of {1} rows: no window has {1} rows after it to forecast; use a shorter horizon, fewer timesteps or more data', timesteps, horizon));
      return;
    }
    if (validationSplit === undefined) return;
    const split = facts.split(timesteps, validationSplit, horizon, context.get<boolean>('train.stratify'));
    const range = context.rangeOf('train.validation_split');
    if (validationSplit > 0 && split.validation < 1) {
      context.reporter.error('no-validation-samples', range,
        t('validation_split {0} of {1} windows leaves no validation samples; raise it, use more data, or set it to 0', validationSplit, windows));
    } else if (split.train < 1) {
      context.reporter.error('no-validation-samples', range,
        split.gap
          ? t('validation_split {0} of {1} windows leaves no training samples (after a gap of {2} windows between the parts); lower it or use more data', validationSplit, windows, split.gap)
          : t('validation_split {0} of {1} windows leaves no training samples; lower it or use more data', validationSplit, windows));
    }
  },
};

/**
 * `train.insight_sample` indexes the validation sequences (the training ones without a validation part); training
 * traces sequence 0 instead of one beyond them, with the same warning in its log (callbacks/insight.ts).
 */
export const insightSampleInRange: ModelRule = {
  check(context: ModelContext) {
    const facts = context.facts;
    const sample = context.get<number>('train.insight_sample');
    const timesteps = context.get<number>('input.timesteps');
    const validationSplit = context.get<number>('train.validation_split');
    // From the head of a large file the windows are a lower bound: training says it if needed.
    if (!facts || facts.partial || !context.given('train.insight_sample') || sample === undefined || timesteps === undefined
      || validationSplit === undefined || context.get<boolean>('train.insight') === false) return;
    const split = facts.split(timesteps, validationSplit, effectiveHorizon(context), context.get<boolean>('train.stratify'));
    const validation = split.validation > 0;
    const available = validation ? split.validation : split.train;
    if (available < 1 || sample < available) return;
    const range = context.rangeOf('train.insight_sample');
    context.reporter.warning('insight-sample-out-of-range', range,
      validation
        ? t('`insight_sample` {0} is beyond the {1} validation sequences (0 to {2}): the insight recording would trace sequence 0', sample, available, available - 1)
        : t('`insight_sample` {0} is beyond the {1} training sequences (0 to {2}; there is no validation part): the insight recording would trace sequence 0',
          sample, available, available - 1),
      [replaceFix(t('Trace the last sequence, {0}', available - 1), range, String(available - 1))]);
  },
};

/** Only data sources with the `generates` fact (text) can sample text after training. */
export const generateNeedsText: ModelRule = {
  check(context: ModelContext) {
    const generate = context.block('generate');
    const source = context.calledFunction('data');
    if (!generate || !source || dataSourceFacts(source.name)?.generates) return;
    context.reporter.warning('generate-needs-text', generate.name.range,
      t('`generate` samples text, but `{0}` data is not text: the block is ignored', source.name),
      [{ title: t('Remove the `generate` block'), edits: [removeMemberEdit(context.lines, generate)] }]);
  },
};
