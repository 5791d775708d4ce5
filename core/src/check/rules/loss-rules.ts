// The loss must fit the output activation (each loss lists the activations it
// fits in its schema facts): crossentropy after linear, or mse after softmax,
// trains badly or not at all.
import type { Fix } from '../diagnostic';
import { insertMemberEdit, replaceFix } from '../edits';
import { stringFact, type ModelContext, type ModelRule } from '../model-context';

const LOSS = 'loss';
const ACTIVATION = 'output.activation';

export const lossFitsActivation: ModelRule = {
  check(context: ModelContext) {
    const loss = context.chosen(LOSS);
    const activation = context.get<string>(ACTIVATION);
    const fitting = stringFact(loss?.facts, 'activations');
    const lossNode = context.valueNode(LOSS);
    if (!loss || !activation || !fitting || fitting.includes(activation) || !lossNode) return;
    const task = context.facts?.task ?? context.calledFunction('data')?.facts?.task;
    const fixes: Fix[] = [];
    const candidates = context.choices(LOSS).filter((l) => stringFact(l.facts, 'activations')?.includes(activation));
    const betterLoss = candidates.find((l) => l.facts?.task === task) ?? candidates[0];
    if (betterLoss) fixes.push(replaceFix(`Change the loss to \`${betterLoss.name}\``, lossNode.range, betterLoss.name));
    const activationFix = activationEdit(context, fitting[0]);
    if (activationFix) fixes.push(activationFix);
    context.reporter.error('loss-activation-mismatch', lossNode.range,
      `\`${loss.name}\` does not fit the output activation \`${activation}\`; it needs ${fitting.map((a) => `\`${a}\``).join(' or ')}`,
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
