// Whether, and by how much, a trained model beats its best baseline, in the
// words `rnn train` prints and the panel shows (one sentence, one place).
import { t } from './l10n';
import type { Baseline, BaselineName, EndEvent } from './protocol';

export interface BaselineComparison {
  /** The best baseline by the measure. */
  baseline: Baseline;
  measure: 'rmse' | 'accuracy';
  model: number;
  reference: number;
  beats: boolean;
}

/** Regression compares RMSE (lower is better), classification accuracy (higher is better); undefined when either side lacks it. */
export function compareWithBaselines(baselines: readonly Baseline[] | undefined, scores: EndEvent['scores']): BaselineComparison | undefined {
  if (!baselines?.length || !scores) return undefined;
  const measured = (measure: 'rmse' | 'accuracy') => baselines.filter((b) => Number.isFinite(b[measure]));
  if (scores.rmse !== undefined && Number.isFinite(scores.rmse) && measured('rmse').length) {
    const baseline = measured('rmse').reduce((best, b) => (b.rmse! < best.rmse! ? b : best));
    return { baseline, measure: 'rmse', model: scores.rmse, reference: baseline.rmse!, beats: scores.rmse < baseline.rmse! };
  }
  if (scores.accuracy !== undefined && Number.isFinite(scores.accuracy) && measured('accuracy').length) {
    const baseline = measured('accuracy').reduce((best, b) => (b.accuracy! > best.accuracy! ? b : best));
    return { baseline, measure: 'accuracy', model: scores.accuracy, reference: baseline.accuracy!, beats: scores.accuracy > baseline.accuracy! };
  }
  return undefined;
}

/** How a baseline is named: in a legend ("seasonal naive (12)") and in a sentence ("the seasonal-naive forecast (season 12)"). */
const BASELINE_WORDS: Record<BaselineName, { name(season: number | string): string; phrase(season: number | string): string }> = {
  persistence: { name: () => t('persistence'), phrase: () => t('the persistence forecast (the last value)') },
  seasonal_naive: { name: (season) => t('seasonal naive ({0})', season), phrase: (season) => t('the seasonal-naive forecast (season {0})', season) },
  mean: { name: () => t('mean'), phrase: () => t('the mean of the training targets') },
  majority_class: { name: () => t('majority class'), phrase: () => t('the majority class') },
};

/** A baseline's short name, for legends: "persistence", "seasonal naive (12)", ... */
export function baselineName(baseline: Pick<Baseline, 'name' | 'season'>): string {
  return BASELINE_WORDS[baseline.name].name(baseline.season ?? '?');
}

/** A baseline in a sentence: "the seasonal-naive forecast (season 12)", "the majority class", ... */
export function baselineLabel(baseline: Pick<Baseline, 'name' | 'season'>): string {
  return BASELINE_WORDS[baseline.name].phrase(baseline.season ?? '?');
}

const rmseText = (v: number) => v.toPrecision(3);
const percentText = (v: number) => `${(100 * v).toFixed(1)}%`;

/** One sentence: by how much the model beats its best baseline, or that it does not. */
export function describeComparison(c: BaselineComparison): string {
  const baseline = baselineLabel(c.baseline);
  if (c.measure === 'rmse') {
    const values = { baseline, model: rmseText(c.model), reference: rmseText(c.reference) };
    return c.beats
      ? t('The model beats {baseline} by {percent}: validation RMSE {model} against {reference}', { ...values, percent: percentText(1 - c.model / c.reference) })
      : t('The model does not beat {baseline}: validation RMSE {model} against {reference}', values);
  }
  const values = { baseline, model: percentText(c.model), reference: percentText(c.reference) };
  return c.beats
    ? t('The model beats {baseline} by {points} points: validation accuracy {model} against {reference}', { ...values, points: (100 * (c.model - c.reference)).toFixed(1) })
    : t('The model does not beat {baseline}: validation accuracy {model} against {reference}', values);
}
