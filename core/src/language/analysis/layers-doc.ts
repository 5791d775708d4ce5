// How the parameters of a model's layers come about, for hover: the cell's
// formula from the schema facts and the checker's per-layer counts.
import type { CheckedModel } from '../check/api';
import { computedGates } from '../check/shapes';
import type { ResourceEstimate } from '../check/resources';
import { resourceFigures } from '../check/rules/resource-rules';
import { t, type ModelSpec } from '../../shared';
import type { BlockSchema, EnumValue } from '../schema/types';
import { SCHEMA } from '../schema/schema';
import { cellFacts } from '../schema/facts';
import type { Block, Member, ModelDecl, Property } from '../syntax/ast';
import type { LayerSummary } from '../../shared';
import { blockAtPath, findEnumValue, findMember, listItemType } from './schema-lookup';

/** The cell chosen in `block` (or its default): the enum value with cell facts, such as the parameter formula. */
export function formulaValue(block: BlockSchema, given: (key: string) => string | undefined): EnumValue | undefined {
  for (const member of block.members) {
    if (member.kind !== 'property') continue;
    const name = given(member.key) ?? (typeof member.default === 'string' ? member.default : undefined);
    const value = name === undefined ? undefined : findEnumValue(member.type, name);
    if (value && cellFacts(value.name)) return value;
  }
  return undefined;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function shapeText(shape: (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? t('batch') : String(d))).join(', ')}]`;
}

/** A markdown table of the layers with their output shapes and parameter counts. */
export function layersTable(layers: LayerSummary[], total?: number): string {
  const rows = layers.map((l) => `| ${l.name} | ${shapeText(l.outputShape)} | ${formatCount(l.params)} |`);
  const sum = total ?? layers.reduce((s, l) => s + l.params, 0);
  const header = `| ${t('layer')} | ${t('output shape')} | ${t('parameters')} |`;
  return [header, '|---|---|---:|', ...rows, `| **${t('total')}** | | **${formatCount(sum)}** |`].join('\n');
}

/**
 * The parameter formula of one direction of one recurrent layer. The schema
 * holds the formula of each standard cell; a checked model with a variant
 * (fewer gates, coupled gates, peepholes) gets the formula of its own cell,
 * from the same gate count the checker's shapes use.
 */
export function recurrentFormula(cell: EnumValue, spec: ModelSpec | undefined): string | undefined {
  const facts = cellFacts(cell.name);
  const standard = facts?.formula;
  if (!spec || spec.hidden.cell !== cell.name) return standard;
  const computed = computedGates(spec.hidden.cell, spec.hidden.gates, spec.hidden.coupled);
  const blocks = 1 + computed.length;
  if (blocks === facts?.blocks && !spec.hidden.peepholes) return standard;
  const base = blocks === 1 ? 'units·(inputs+units)+units' : `${blocks}·(units·(inputs+units)+units)`;
  return spec.hidden.peepholes ? `${base} + ${computed.length}·units` : base;
}

/** The memory training needs (check/resources.ts), one line for the summary table and the hover alike. */
export function trainingMemoryLine(resources: ResourceEstimate): string {
  return t('Training memory: {0}', resourceFigures(resources));
}

/** Parameters of the recurrent layers: the formula per direction and the counts the checker computed. */
export function recurrentParamsDoc(cell: EnumValue | undefined, model: CheckedModel | undefined): string {
  const parts: string[] = [];
  const formula = cell && recurrentFormula(cell, model?.spec);
  if (cell && formula) {
    const gates = model?.spec?.hidden.cell === cell.name
      ? computedGates(cell.name, model.spec.hidden.gates, model.spec.hidden.coupled) : undefined;
    const which = !gates ? cell.name
      : gates.length ? t('{0}, computing {1}', cell.name, gates.map((g) => `\`${g}\``).join(', '))
      : t('{0}, computing no gates', cell.name);
    const perLayer = t("Parameters per layer and direction ({0}): `{1}`, where `inputs` is the width of the layer's input (the features for the first layer, or `embedding.dim` behind an embedding).", which, formula);
    parts.push(model?.spec?.hidden.bidirectional ? t('{0} Bidirectional layers have this twice.', perLayer) : perLayer);
  }
  if (model?.layers?.length) parts.push(layersTable(model.layers, model.totalParams));
  if (model?.resources) parts.push(trainingMemoryLine(model.resources));
  if (!model?.layers?.length) parts.push(t('_Layer sizes are shown once `input` and `hidden` check without errors._'));
  return parts.join('\n\n');
}

/** Where to show a layer's shape and parameters in the source: a position as an offset. */
export interface LayerAnchor {
  layer: LayerSummary;
  offset: number;
}

/**
 * Places each layer next to the source that makes it: a recurrent layer after
 * its entry in the integer list of the block that chooses a cell (`units`),
 * the layers after them at the end of the block that follows that block in
 * the schema (the output block) or, when it is absent, of the recurrent block.
 */
export function layerAnchors(model: ModelDecl, layers: LayerSummary[]): LayerAnchor[] {
  const blocks = model.members.filter((m): m is Block => m.kind === 'block');
  const recurrent = blocks.find((b) => {
    const schema = blockAtPath([b.name.name]);
    return schema && formulaValue(schema, (key) => identifierValue(b.members, key));
  });
  if (!recurrent) return [];
  const schema = blockAtPath([recurrent.name.name])!;
  const sizes = recurrent.members.find((m): m is Property => {
    const type = m.kind === 'property' ? findMember(schema, m.key.name) : undefined;
    return type?.kind === 'property' && listItemType(type.type)?.kind === 'integer' && (m as Property).value?.kind === 'list';
  });
  const items = sizes?.value?.kind === 'list' ? sizes.value.items : [];
  const index = SCHEMA.model.members.findIndex((m) => m.kind === 'block' && m.name === recurrent.name.name);
  const [previous, next] = [SCHEMA.model.members[index - 1], SCHEMA.model.members[index + 1]];
  const follower = next?.kind === 'block' ? blocks.find((b) => b.name.name === next.name) : undefined;
  // A layer before the recurrent ones (an embedding) comes from the block written before them, and is shown there.
  const leader = previous?.kind === 'block' ? blocks.find((b) => b.name.name === previous.name) : undefined;
  const leading = leader ? Math.max(0, layers.length - items.length - 1) : 0;
  return layers.map((layer, i) => ({
    layer,
    offset: i < leading ? leader!.range.end.offset
      : i - leading < items.length && items.length + leading < layers.length ? items[i - leading].range.end.offset
      : (follower ?? recurrent).range.end.offset,
  }));
}

/** The identifier value of the property `key` among `members`, if it has one. */
export function identifierValue(members: Member[], key: string): string | undefined {
  const property = members.find((m) => m.kind === 'property' && m.key.name === key);
  return property?.kind === 'property' && property.value?.kind === 'identifier-value' ? property.value.name : undefined;
}
