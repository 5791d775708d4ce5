// The loss must fit the output activation (each loss lists the activations it
// fits in its schema facts): crossentropy after linear, or mse after softmax,
// trains badly or not at all.
import type { Fix } from '../../../shared';
import { insertMemberEdit, replaceFix } from '../edits';
import { stringFact, type ModelContext, type ModelRule } from '../model-context';

const LOSS = 'loss';
const ACTIVATION = 'output.activation';

const dataTask = (context: ModelContext) => context.facts?.task ?? context.calledFunction('data')?.facts?.task;

/** Each loss belongs to a task (its `task` fact), and so does each data source. */
export const lossFitsTask: ModelRule = {
  check(context: ModelContext) {
    const loss = context.chosen(LOSS);
    const task = dataTask(context);
    const lossNode = context.valueNode(LOSS);
    if (!loss || !task || !lossNode || loss.facts?.task === undefined || loss.facts.task === task) return;
    const activation = context.get<string>(ACTIVATION);
    const sameTask = context.choices(LOSS).filter((l) => l.facts?.task === task);
    const better = sameTask.find((l) => activation && stringFact(l.facts, 'activations')?.includes(activation)) ?? sameTask[0];
    const source = context.calledFunction('data')?.name ?? 'the data';
    context.reporter.error('loss-task-mismatch', lossNode.range,
      `\`${loss.name}\` is a ${String(loss.facts.task)} loss, but \`${source}\` data is a ${String(task)} task`,
      better ? [replaceFix(`Change the loss to \`${better.name}\``, lossNode.range, better.name)] : []);
  },
};

export const lossFitsActivation: ModelRule = {
  check(context: ModelContext) {
    const loss = context.chosen(LOSS);
    const activation = context.get<string>(ACTIVATION);
    const fitting = stringFact(loss?.facts, 'activations');
    const lossNode = context.valueNode(LOSS);
    const task = dataTask(context);
    // A loss of the wrong task is reported (and fixed) by lossFitsTask first.
    if (!loss || !activation || !fitting || fitting.includes(activation) || !lossNode) return;
    if (task && loss.facts?.task !== undefined && loss.facts.task !== task) return;
    const fixes: Fix[] = [];
    const betterLoss = context.choices(LOSS).find((l) =>
      stringFact(l.facts, 'activations')?.includes(activation) && (!task || l.facts?.task === task));
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
