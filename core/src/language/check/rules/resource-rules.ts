// A model whose training needs more memory than the budget is an error at its
// `units`, with the figure; one that needs more than half of it is warned
// about. The budget is a fixed number (2 GiB unless the user raises it), never
// the machine's memory, so a spec checks the same on every machine.
import { t } from '../../../shared';
import type { ModelContext } from '../model-context';
import { estimateResources, type ResourceEstimate, type ResourceInput } from '../resources';
import { formatBytes } from '../byte-size';
import type { LayerPlan } from '../shapes';
import { streamsData } from '../../data-files/streaming';

/** 2 GiB: what a laptop can give one training run besides the editor and the browser. */
export const DEFAULT_MEMORY_BUDGET = 2 * 2 ** 30;
/** Above half the budget a model still trains, but the user should know why the machine slows down. */
export const WARNING_FRACTION = 0.5;

const UNITS = 'hidden.units';

/**
 * The estimate of a model whose layers resolve, with its batch size and
 * optimizer (absent ones take their defaults), and its data: loaded whole, or
 * streamed from disk when the source streams and loading whole would break
 * the budget (data-files/streaming.ts).
 */
export function modelResources(context: ModelContext, plan: LayerPlan, budget = DEFAULT_MEMORY_BUDGET): ResourceEstimate | undefined {
  const batchSize = context.get<number>('train.batch_size');
  const optimizer = context.get<ResourceInput['optimizer']>('optimizer');
  if (batchSize === undefined || !optimizer) return undefined;
  const model = estimateResources({ plan, batchSize, optimizer });
  const memory = context.facts?.memory;
  if (!memory) return model;
  const streamed = streamsData(memory, model.totalBytes, budget);
  const bytes = streamed ? memory.streamedBytes ?? 0 : memory.inMemoryBytes;
  return { ...model, data: { bytes, streamed }, totalBytes: model.totalBytes + bytes };
}

/** "about 160 GiB (weights 40 GiB, gradients 40 GiB, optimizer state 80 GiB, activations of one batch 1 MiB, data 2 MiB)" */
export function resourceFigures(estimate: ResourceEstimate): string {
  const figures = [estimate.totalBytes, estimate.weightBytes, estimate.gradientBytes, estimate.optimizerBytes, estimate.activationBytes]
    .map(formatBytes);
  if (!estimate.data) {
    return t('about {0} (weights {1}, gradients {2}, optimizer state {3}, activations of one batch {4})', ...figures);
  }
  return estimate.data.streamed
    ? t('about {0} (weights {1}, gradients {2}, optimizer state {3}, activations of one batch {4}, data streamed from disk: {5} of row index and cache)', ...figures, formatBytes(estimate.data.bytes))
    : t('about {0} (weights {1}, gradients {2}, optimizer state {3}, activations of one batch {4}, data {5})', ...figures, formatBytes(estimate.data.bytes));
}

export function checkResourceBudget(context: ModelContext, estimate: ResourceEstimate, budget = DEFAULT_MEMORY_BUDGET): void {
  const range = context.rangeOf(UNITS);
  if (estimate.totalBytes > budget) {
    context.reporter.error('resource-budget', range,
      t('training this model needs {0}, above the memory budget of {1}; use fewer or smaller layers, a smaller `batch_size` or fewer timesteps, or raise the budget (`--memory-budget`, the `rnn.memoryBudget` setting)',
        resourceFigures(estimate), formatBytes(budget)));
  } else if (estimate.totalBytes > budget * WARNING_FRACTION) {
    context.reporter.warning('resource-budget', range,
      t('training this model needs {0}, more than half the memory budget of {1}', resourceFigures(estimate), formatBytes(budget)));
  }
}
