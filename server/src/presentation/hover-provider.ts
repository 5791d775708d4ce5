// Hover: the schema's documentation of the key, value, block or function under
// the cursor; on the recurrent block also how its parameters come about.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { CheckedModel } from '../../../core/src/language';
import {
  describeBlock, describeEnumValue, describeFunction, describeProperty,
} from '../../../core/src/language';
import {
  formulaValue, identifierValue, layersTable, recurrentParamsDoc,
} from '../../../core/src/language';
import { locate, type CursorTarget } from '../../../core/src/language';
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
    const text = hoverText(target, checked);
    return text ? { contents: { kind: MarkupKind.Markdown, value: text }, range: toLspRange(target.range) } : null;
  }
}

export function checkedModel(models: CheckedModel[], decl: ModelDecl): CheckedModel | undefined {
  return models.find((m) => m.decl === decl || m.decl.range.start.offset === decl.range.start.offset);
}

function hoverText(target: CursorTarget, checked: CheckedModel | undefined): string | undefined {
  switch (target.kind) {
    case 'model-keyword':
      return describeBlock(blockAtPath([])!);
    case 'model-name':
      return [`**model ${target.model.name?.name ?? ''}**`, checked?.layers?.length ? layersTable(checked.layers, checked.totalParams) : '']
        .filter(Boolean).join('\n\n');
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
