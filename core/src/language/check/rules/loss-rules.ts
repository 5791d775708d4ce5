// The loss must fit the output activation (each loss lists the activations it
// fits in its schema facts): crossentropy after linear, or mse after softmax,
// trains badly or not at all.
import type { Fix } from '../../../shared';
import { insertMemberEdit, replaceFix } from '../edits';
import { lossFacts } from '../../schema/facts';
import { dataTask, type ModelContext, type ModelRule } from '../model-context';

const LOSS = 'loss';
const ACTIVATION = 'output.activation';

const taskOf = (loss: { name: string }) => lossFacts(loss.name)?.task;

function fits(loss: { name: string }, activation: string): boolean {
  const fitting: readonly string[] = lossFacts(loss.name)?.activations ?? [];
  return fitting.includes(activation);
}

/** Each loss belongs to a task (its `task` fact), and so does each data source. */
export const lossFitsTask: ModelRule = {
  check(context: ModelContext) {
    const loss = context.chosen(LOSS);
    const task = dataTask(context);
    const lossNode = context.valueNode(LOSS);
    const lossTask = loss && taskOf(loss);
    if (!loss || !task || !lossNode || lossTask === undefined || lossTask === task) return;
    const activation = context.get<string>(ACTIVATION);
    const sameTask = context.choices(LOSS).filter((l) => taskOf(l) === task);
    const better = sameTask.find((l) => activation && fits(l, activation)) ?? sameTask[0];
    const source = context.calledFunction('data')?.name ?? 'the data';
    context.reporter.error('loss-task-mismatch', lossNode.range,
      `\`${loss.name}\` is a ${lossTask} loss, but \`${source}\` data is a ${task} task`,
      better ? [replaceFix(`Change the loss to \`${better.name}\``, lossNode.range, better.name)] : []);
  },
};

export const lossFitsActivation: ModelRule = {
  check(context: ModelContext) {
    const loss = context.chosen(LOSS);
    const activation = context.get<string>(ACTIVATION);
    const fitting = loss && lossFacts(loss.name)?.activations;
    const lossNode = context.valueNode(LOSS);
    const task = dataTask(context);
    // A loss of the wrong task is reported (and fixed) by lossFitsTask first.
    if (!loss || !activation || !fitting || fits(loss, activation) || !lossNode) return;
    const lossTask = taskOf(loss);
    if (task && lossTask !== undefined && lossTask !== task) return;
    const fixes: Fix[] = [];
    const betterLoss = context.choices(LOSS).find((l) =>
      fits(l, activation) && (!task || taskOf(l) === task));
    if (betterLoss) fixes.push(replaceFix(`Change the loss to \`${betterLoss.name}\``, lossNode.range, betterLoss.name));
    const activationFix = activationEdit(context, fitting[0]);
    if (activationFix) fixes.push(activationFix);
    context.reporter.error('loss-activation-mismatch', lossNode.range,
      `\`${loss.name}\` does not fit the output activation \`${activation}\`; it needs ${fitting.length > 2 ? 'one of ' : ''}${fitting.map((a) => `\`${a}\``).join(fitting.length > 2 ? ', ' : ' or ')}`,
      fixes);
  },
};

function activationEdit(context: ModelContext, activation: string): Fix | undefined {
  const title = `Change the output activation to \`${activation}\``;
  const node = context.valueNode(ACTIVATION);
  if (node) return replaceFix(title, node.range, activation);
  const output = context.block('output');
  const edit = output && insertMemberEdit(context.lines, output, `activation: ${activation}`);
  return edit ? { title, edits: [edit] } : undefined;
}
