// Rules that depend on the chosen cell: which gates exist, what `coupled`
// needs, which options apply, and how long a sequence an ungated cell handles.
// Every fact about a cell is read from its schema entry.
import { t, type GateName } from '../../../shared';
import type { ListValue } from '../../syntax/ast';
import { cellFacts, cellGates } from '../../schema/facts';
import { removeListItemEdit, removeMemberEdit } from '../edits';
import type { ModelContext, ModelRule } from '../model-context';

const CELL = 'hidden.cell';
const GATES = 'hidden.gates';
const list = (names: string[]) => names.map((n) => `\`${n}\``).join(', ');

/** `gates: [forget]` on a gru: the gate does not exist in that cell. */
export const gatesExistInCell: ModelRule = {
  check(context: ModelContext) {
    const cell = context.chosen(CELL);
    const gatesOfCell: string[] | undefined = cell && cellFacts(cell.name)?.gates;
    const gatesNode = context.valueNode(GATES);
    if (!cell || !gatesOfCell || gatesNode?.kind !== 'list' || !context.given(GATES)) return;
    gatesNode.items.forEach((item, index) => {
      if (item.kind !== 'identifier-value' || gatesOfCell.includes(item.name)) return;
      const message = gatesOfCell.length
        ? t('`{0}` is not a gate of `{1}`: its gates are {2}', item.name, cell.name, list(gatesOfCell))
        : t('`{0}` is not a gate of `{1}`: it has no gates', item.name, cell.name);
      context.reporter.error('gate-not-in-cell', item.range, message,
        [{ title: t('Remove `{0}`', item.name), edits: [removeListItemEdit(context.lines, (gatesNode as ListValue).items, index)] }]);
    });
  },
};

/** The active gates, in the cell's canonical order. */
export function activeGates(context: ModelContext): GateName[] | undefined {
  const cell = context.chosen(CELL);
  const gatesOfCell = cell && cellFacts(cell.name)?.gates;
  if (!gatesOfCell) return undefined;
  const given = context.get<string[]>(GATES);
  return given ? gatesOfCell.filter((g) => given.includes(g)) : gatesOfCell;
}

/** `coupled: true` derives one gate from another, so both must be active. */
export const coupledNeedsBothGates: ModelRule = {
  check(context: ModelContext) {
    const cell = context.chosen(CELL);
    const facts = cell && cellFacts(cell.name);
    const couples = facts?.couples;
    const options = facts?.options ?? [];
    const active = activeGates(context);
    const coupled = context.property('hidden.coupled');
    if (!couples || !active || !coupled || !options.includes('coupled') || context.get('hidden.coupled') !== true) return;
    const missing = couples.filter((g) => !active.includes(g));
    if (!missing.length) return;
    context.reporter.error('coupled-needs-input-forget', context.rangeOf('hidden.coupled'),
      t('`coupled: true` needs both the {0} gates, but `gates` leaves out {1}', list(couples), list(missing)),
      [{ title: t('Remove `{0}`', 'coupled'), edits: [removeMemberEdit(context.lines, coupled)] }]);
  },
};

/** Options such as `peepholes` exist only for cells that list them in their `options` fact. */
export const optionsFitCell: ModelRule = {
  check(context: ModelContext) {
    const cell = context.chosen(CELL);
    if (!cell) return;
    const optionsOf = (name: string): string[] => cellFacts(name)?.options ?? [];
    const supported = optionsOf(cell.name);
    const allOptions = new Set(context.choices(CELL).flatMap((c) => optionsOf(c.name)));
    for (const option of allOptions) {
      const path = `hidden.${option}`;
      const property = context.property(path);
      if (supported.includes(option) || !property || context.get(path) !== true) continue;
      const owners = context.choices(CELL).filter((c) => optionsOf(c.name).includes(option)).map((c) => c.name);
      context.reporter.error('option-not-for-cell', context.rangeOf(path),
        t('`{0}` does not apply to `{1}` (only to {2})', option, cell.name, list(owners)),
        [{ title: t('Remove `{0}`', option), edits: [removeMemberEdit(context.lines, property)] }]);
    }
  },
};

/** A cell with a `longSequence` fact (plain rnn) loses gradients over longer inputs. */
export const longSequenceWarning: ModelRule = {
  check(context: ModelContext) {
    const cell = context.chosen(CELL);
    const limit = cell && cellFacts(cell.name)?.longSequence;
    const timesteps = context.get<number>('input.timesteps');
    if (!cell || limit === undefined || timesteps === undefined || timesteps <= limit) return;
    const gated = context.choices(CELL).filter((c) => cellGates(c.name).length > 0).map((c) => c.name);
    context.reporter.warning('long-sequence-rnn', context.rangeOf(CELL),
      t('a plain `{0}` over {1} timesteps (more than {2}): its gradients are likely to vanish; a gated cell ({3}) learns long dependencies',
        cell.name, timesteps, limit, list(gated)));
  },
};
