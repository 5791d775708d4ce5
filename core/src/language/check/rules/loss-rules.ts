// The loss must fit the output activation (each loss lists the activations it
// fits in its schema facts): crossentropy after linear, or mse after softmax,
// trains badly or not at all.
import { t, type Fix, type Task } from '../../../shared';
import { insertMemberEdit, replaceFix } from '../edits';
import { lossFacts } from '../../schema/facts';
import { dataTask, type ModelContext, type ModelRule } from '../model-context';
import { eitherOf } from '../../analysis/describe';
import type { Range } from '../../syntax/ast';

const LOSS = 'loss';
const ACTIVATION = 'output.activation';

const taskOf = (loss: { name: string }) => lossFacts(loss.name)?.task;
const changeLoss = (range: Range, loss: string) => replaceFix(t('Change the loss to `{0}`', loss), range, loss);

/** "`mse` is a regression loss, but `text` data is a classification task": the task names are words, so each pair is a sentence. */
function lossTaskMessage(loss: string, lossTask: Task, source: string): string {
  if (lossTask === 'regression') return t('`{0}` is a regression loss, but `{1}` data is a classification task', loss, source);
  return t('`{0}` is a classification loss, but `{1}` data is a regression task', loss, source);
}

/** Classification data gives a class per window or sequence: a yes/no loss does not compare with it. */
export function fitsClassTargets(loss: { name: string }): boolean {
  return lossFacts(loss.name)?.targets !== 'yes-no';
}

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
    // A data task comes from a data source (its facts or its data), so there is one.
    const source = context.calledFunction('data')?.name ?? '';
    context.reporter.error('loss-task-mismatch', lossNode.range, lossTaskMessage(loss.name, lossTask, source),
      better ? [changeLoss(lossNode.range, better.name)] : []);
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
    // A yes/no loss on class data is reported (and fixed) by lossFitsClassTargets.
    if (task === 'classification' && !fitsClassTargets(loss)) return;
    const fixes: Fix[] = [];
    const betterLoss = context.choices(LOSS).find((l) =>
      fits(l, activation) && (!task || taskOf(l) === task) && (task !== 'classification' || fitsClassTargets(l)));
    if (betterLoss) fixes.push(changeLoss(lossNode.range, betterLoss.name));
    const activationFix = activationEdit(context, fitting[0]);
    if (activationFix) fixes.push(activationFix);
    context.reporter.error('loss-activation-mismatch', lossNode.range,
      fitting.length > 2
        ? t('`{0}` does not fit the output activation `{1}`; it needs one of {2}', loss.name, activation, fitting.map((a) => `\`${a}\``).join(', '))
        : t('`{0}` does not fit the output activation `{1}`; it needs {2}', loss.name, activation, eitherOf(fitting.map((a) => `\`${a}\``))),
      fixes);
  },
};

function activationEdit(context: ModelContext, activation: string): Fix | undefined {
  const title = t('Change the output activation to `{0}`', activation);
  const node = context.valueNode(ACTIVATION);
  if (node) return replaceFix(title, node.range, activation);
  const output = context.block('output');
  const edit = output && insertMemberEdit(context.lines, output, `activation: ${activation}`);
  return edit ? { title, edits: [edit] } : undefined;
}
