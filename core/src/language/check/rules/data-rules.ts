// Rules that compare the model with its data: sizes the data dictates, enough
// windows for the sequence length and the validation split, and text-only
// features such as generation.
import { dataSourceFacts } from '../../schema/facts';
import { removeMemberEdit, replaceFix } from '../edits';
import type { ModelContext, ModelRule } from '../model-context';

/** `input.features` and `output.units`, when written, must be what the data provides. */
export const sizesMatchData: ModelRule = {
  check(context: ModelContext) {
    const facts = context.facts;
    if (!facts) return;
    const checks = [
      { path: 'input.features', expected: facts.features, code: 'features-mismatch' as const, what: 'values per step' },
      { path: 'output.units', expected: facts.outputs, code: 'output-units-mismatch' as const, what: 'outputs' },
    ];
    for (const { path, expected, code, what } of checks) {
      const given = context.get<number>(path);
      if (!context.given(path) || given === expected) continue;
      const range = context.rangeOf(path);
      const source = context.calledFunction('data')?.name ?? 'the data';
      context.reporter.error(code, range,
        `\`${path.split('.').pop()}\` is ${given} but \`${source}\` provides ${expected} ${what}${facts.vocabulary ? ' (the vocabulary size)' : ''}`,
        [replaceFix(`Change to ${expected}`, range, String(expected))]);
    }
  },
};

/** Enough windows for the sequence length, and a validation split that leaves both parts non-empty. */
export const enoughData: ModelRule = {
  check(context: ModelContext) {
    const facts = context.facts;
    const timesteps = context.get<number>('input.timesteps');
    const validationSplit = context.get<number>('train.validation_split');
    if (!facts || timesteps === undefined) return;
    const windows = facts.windows(timesteps);
    if (windows < 1) {
      context.reporter.error('not-enough-data', context.rangeOf('input.timesteps'),
        `the data is too short for ${timesteps} timesteps: it yields no (input, target) window; use fewer timesteps or more data`);
      return;
    }
    if (validationSplit === undefined) return;
    const split = facts.split(timesteps, validationSplit);
    const range = context.rangeOf('train.validation_split');
    if (validationSplit > 0 && split.validation < 1) {
      context.reporter.error('no-validation-samples', range,
        `validation_split ${validationSplit} of ${windows} windows leaves no validation samples; raise it, use more data, or set it to 0`);
    } else if (split.train < 1) {
      context.reporter.error('no-validation-samples', range,
        `validation_split ${validationSplit} of ${windows} windows leaves no training samples${split.gap ? ` (after a gap of ${split.gap} windows between the parts)` : ''}; lower it or use more data`);
    }
  },
};

/** Only data sources with the `generates` fact (text) can sample text after training. */
export const generateNeedsText: ModelRule = {
  check(context: ModelContext) {
    const generate = context.block('generate');
    const source = context.calledFunction('data');
    if (!generate || !source || dataSourceFacts(source.name)?.generates) return;
    context.reporter.warning('generate-needs-text', generate.name.range,
      `\`generate\` samples text, but \`${source.name}\` data is not text: the block is ignored`,
      [{ title: 'Remove the `generate` block', edits: [removeMemberEdit(context.lines, generate)] }]);
  },
};
