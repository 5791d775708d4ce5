// Rules of token inputs and labelled sequences: an embedding needs tokens,
// stratifying needs class labels, a class index needs a loss over classes,
// and sequences of different lengths are padded or cut to `input.timesteps`.
import { t } from '../../../shared';
import { dataSourceFacts, lossFacts } from '../../schema/facts';
import { removeMemberEdit, replaceFix } from '../edits';
import { dataTask, type ModelContext, type ModelRule } from '../model-context';
import { fitsClassTargets } from './loss-rules';

/** The facts of the model's data source, when there is one. */
function sourceFacts(context: ModelContext) {
  const source = context.calledFunction('data');
  return source && { name: source.name, facts: dataSourceFacts(source.name) };
}

/** An embedding looks tokens up in a table: numeric inputs have no token to look up. */
export const embeddingNeedsTokens: ModelRule = {
  check(context: ModelContext) {
    const embedding = context.block('embedding');
    const source = sourceFacts(context);
    if (!embedding || !source || source.facts?.tokens) return;
    context.reporter.error('embedding-needs-tokens', embedding.name.range,
      t('`embedding` turns tokens into vectors, but `{0}` data holds numbers, not tokens: its values go into the recurrent layers as they are', source.name),
      [{ title: t('Remove the `embedding` block'), edits: [removeMemberEdit(context.lines, embedding)] }]);
  },
};

/** Stratifying keeps the class proportions of labelled sequences; windows of a series are split in time order. */
export const stratifyNeedsLabels: ModelRule = {
  check(context: ModelContext) {
    const source = sourceFacts(context);
    const stratify = context.property('train.stratify');
    if (!stratify || context.get<boolean>('train.stratify') !== true || !source || source.facts?.labelled) return;
    context.reporter.warning('stratify-needs-labels', stratify.value?.range ?? stratify.key.range,
      t('`stratify` splits labelled sequences class by class, but `{0}` data has no class labels: its validation part is the last part in time order, and `stratify` is ignored', source.name),
      [{ title: t('Remove `stratify`'), edits: [removeMemberEdit(context.lines, stratify)] }]);
  },
};

/** A yes/no loss (binary_crossentropy) wants one value in [0, 1] per window; classification data gives a class index. */
export const lossFitsClassTargets: ModelRule = {
  check(context: ModelContext) {
    const source = sourceFacts(context);
    const loss = context.chosen('loss');
    const node = context.valueNode('loss');
    if (!loss || fitsClassTargets(loss) || !node || !source || dataTask(context) !== 'classification') return;
    const better = context.choices('loss').find((l) => lossFacts(l.name)?.task === 'classification' && fitsClassTargets(l));
    const classes = context.facts?.classes;
    context.reporter.error('loss-target-mismatch', node.range,
      classes
        ? t('`{0}` compares one yes/no value per sequence, but `{1}` gives each sequence a class index (of {2} classes); use `{3}` with a `softmax` output of one unit per class', loss.name, source.name, classes.length, better?.name ?? '')
        : t('`{0}` compares one yes/no value per window, but `{1}` gives a class index (a token of the vocabulary); use `{2}` with a `softmax` output', loss.name, source.name, better?.name ?? ''),
      better ? [replaceFix(t('Change the loss to `{0}`', better.name), node.range, better.name)] : []);
  },
};

/**
 * Sequences of different lengths are padded at the end to `input.timesteps`
 * and longer ones are cut: say how many are cut, or that every one is padded
 * when the length exceeds the longest.
 */
export const sequenceLengths: ModelRule = {
  check(context: ModelContext) {
    const lengths = context.facts?.lengths;
    const timesteps = context.get<number>('input.timesteps');
    if (!lengths?.length || timesteps === undefined || !context.given('input.timesteps')) return;
    const shortest = lengths[0];
    const longest = lengths[lengths.length - 1];
    if (shortest === longest && longest === timesteps) return;
    const range = context.rangeOf('input.timesteps');
    const fix = replaceFix(t('Change to {0}', longest), range, String(longest));
    const cut = lengths.length - upperBound(lengths, timesteps);
    if (timesteps > longest) {
      context.reporter.warning('sequence-length', range,
        t('the longest sequence has {0} steps, so every sequence is padded past its end to {1}: the padded steps cost time and hold nothing', longest, timesteps),
        [fix]);
    } else if (cut > 0) {
      context.reporter.info('sequence-length', range,
        t('{0} of {1} sequences are longer than {2} steps and are cut to it (lengths {3} to {4}); shorter ones are padded at the end with a mask', cut, lengths.length, timesteps, shortest, longest));
    }
  },
};

/** Index of the first length above `value` in ascending `lengths`. */
function upperBound(lengths: number[], value: number): number {
  let low = 0;
  let high = lengths.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (lengths[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
