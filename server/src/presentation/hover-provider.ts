// Hover: the schema's documentation of the key, value, block or function under
// the cursor; on the recurrent block also how its parameters come about; in a
// model that extends another, what it inherits and from which model; on the
// name after `extends`, the base's summary.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { CheckedModel } from '../../../core/src/language';
import {
  describeBlock, describeEnumValue, describeFunction, describeProperty,
} from '../../../core/src/language';
import {
  formulaValue, identifierValue, layersTable, recurrentParamsDoc,
} from '../../../core/src/language';
import { inheritedMembers, locate, type CursorTarget, type RnnFile } from '../../../core/src/language';
import { t } from '../../../core/src/shared';
import { blockAtPath, findEnumValue, findFunction } from '../../../core/src/language';
import type { Block, Member, ModelDecl } from '../../../core/src/language';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { HoverProvider } from '../language-services';
import { toLspRange } from '../util/ranges';

export class SchemaHoverProvider implements HoverProvider {
  hover(document: AnalyzedDocument, position: Position): Hover | null {
    const result = document.result;
    const target = locate(result.file, document.offsetAt(position));
    if (!target) return null;
    const checked = checkedModel(result.models, target.model);
    const text = target.kind === 'base-name' ? baseText(result.models, target.range.start.offset, result.file)
      : [hoverText(target, checked), inheritedText(result.file, target)].filter(Boolean).join('\n\n');
    return text ? { contents: { kind: MarkupKind.Markdown, value: text }, range: toLspRange(target.range) } : null;
  }
}

export function checkedModel(models: CheckedModel[], decl: ModelDecl): CheckedModel | undefined {
  return models.find((m) => m.decl === decl || m.decl.range.start.offset === decl.range.start.offset);
}

/** On the name after `extends`: the base as its own name would show it. */
function baseText(models: CheckedModel[], offset: number, file: RnnFile): string | undefined {
  const child = models.find((m) => m.decl.extends?.base?.range.start.offset === offset);
  const base = child && models.find((m) => m.name === child.decl.extends!.base!.name);
  if (!base) return undefined;
  return [modelText(base), inheritedText(file, { kind: 'model-name', model: base.decl, path: [] })].filter(Boolean).join('\n\n');
}

function modelText(checked: CheckedModel): string {
  const sweep = checked.sweep ? (checked.sweep.count === 1 ? t('sweep: 1 trial') : t('sweep: {0} trials', checked.sweep.count)) : '';
  return [`**model ${checked.name}**`, sweep, checked.layers?.length ? layersTable(checked.layers, checked.totalParams) : ''].filter(Boolean).join('\n\n');
}

/** On a model's name or a block's name in a model that extends another: the members it does not write, and where they come from. */
function inheritedText(file: RnnFile, target: Pick<CursorTarget, 'kind' | 'model' | 'path' | 'block'>): string | undefined {
  const path = target.kind === 'model-name' ? [] : target.kind === 'block-name' && target.block ? [...target.path, target.block.name.name] : undefined;
  if (!path) return undefined;
  const inherited = inheritedMembers(file, target.model, path);
  if (!inherited.length) return undefined;
  return [t('Inherited:'), ...inherited.map((member) => `- \`${member.text}\` ${t('from `{0}`', member.from)}`)].join('\n');
}

function hoverText(target: CursorTarget, checked: CheckedModel | undefined): string | undefined {
  switch (target.kind) {
    case 'base-name':
      return undefined;
    case 'model-keyword':
      return describeBlock(blockAtPath([])!);
    case 'model-name':
      return checked ? modelText(checked) : `**model ${target.model.name?.name ?? ''}**`;
    case 'block-name': {
      if (!target.blockSchema) return undefined;
      const params = target.block ? paramsSection(target.block.members, [...target.path, target.block.name.name], checked) : undefined;
      return [describeBlock(target.blockSchema), params].filter(Boolean).join('\n\n');
    }
    case 'key': {
      if (!target.propertySchema) return undefined;
      const owner = target.path[target.path.length - 1];
      const params = paramsSection(blockMembers(target), target.path, checked);
      return [describeProperty(target.propertySchema, owner), params].filter(Boolean).join('\n\n');
    }
    case 'callee':
      return target.fn && describeFunction(target.fn);
    case 'argument-key':
      return target.argumentSchema && target.fn && describeProperty(target.argumentSchema, `${target.fn.name}(...)`);
    case 'value':
      return valueText(target);
    case 'body':
      return undefined;
  }
}

function valueText(target: CursorTarget): string | undefined {
  const owner = target.argumentSchema ?? target.propertySchema;
  const value = target.value;
  if (!owner || !value) return undefined;
  if (value.kind === 'identifier-value' && target.valueType) {
    const enumValue = findEnumValue(target.valueType, value.name);
    if (enumValue) return describeEnumValue(enumValue, owner.key);
    const fn = findFunction(target.valueType, value.name);
    if (fn) return describeFunction(fn);
  }
  return describeProperty(owner, target.argument ? target.fn?.name : target.path[target.path.length - 1]);
}

/** The members of the block holding the cursor's property. */
function blockMembers(target: CursorTarget): Member[] {
  let members: Member[] = target.model.members;
  for (const name of target.path) {
    const block = members.find((m): m is Block => m.kind === 'block' && m.name.name === name);
    if (!block) return [];
    members = block.members;
  }
  return members;
}

/** On the block that chooses a cell (and its keys): the formula and the per-layer counts. */
function paramsSection(members: Member[], path: string[], checked: CheckedModel | undefined): string | undefined {
  const schema = blockAtPath(path);
  if (!schema) return undefined;
  const cell = formulaValue(schema, (key) => identifierValue(members, key));
  return cell && recurrentParamsDoc(cell, checked);
}
