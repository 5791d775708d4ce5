// Completion: the core says where the cursor is (from the tokens, so broken
// text works); this maps each kind of place to items read from the schema.
import {
  CompletionItemKind, InsertTextFormat, type CompletionItem, type Position, type Range,
} from 'vscode-languageserver';
import {
  completionContext, propertyAtKeyPath, SWEEP_BLOCK, SWEEP_BLOCK_NAME, sweepMembers, type CompletionContext, type OffsetRange,
} from '../../../core/src/language';
import {
  describeBlock, describeEnumValue, describeFunction, describeProperty, signature, typeText,
} from '../../../core/src/language';
import {
  blockAtPath, enumValuesOf, findFunction, functionsOf, isBooleanType, isColumnType, isPathType, listItemType, memberName,
  propertyAt, restrictedBySiblings, slotProperty,
} from '../../../core/src/language';
import { snippetToText } from '../../../core/src/language';
import type { PropertySchema, ValueType } from '../../../core/src/language';
import { t } from '../../../core/src/shared';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { CompletionProvider } from '../language-services';
import { markdown, SUGGEST_AGAIN } from './completion-items';
import { columnItems, pathItems } from './file-completions';

/** After a space only values make sense; a space must not open a list of keys while indenting. */
const VALUE_TRIGGERS = new Set([' ']);

export class SchemaCompletionProvider implements CompletionProvider {
  readonly triggerCharacters = [':', '(', '[', ',', '"', '/', ' '];

  constructor(private readonly client: () => { suggestAgain: boolean; snippets: boolean; readDataFiles: boolean }) {}

  complete(document: AnalyzedDocument, position: Position, triggerCharacter?: string): CompletionItem[] {
    const { suggestAgain, snippets } = this.client();
    return this.items(document, position, triggerCharacter).map(({ command, ...item }) => {
      const adapted: CompletionItem = suggestAgain && command ? { ...item, command } : item;
      return snippets ? adapted : withoutSnippet(adapted);
    });
  }

  private items(document: AnalyzedDocument, position: Position, triggerCharacter?: string): CompletionItem[] {
    const context = completionContext(document.text, document.offsetAt(position));
    if (triggerCharacter && VALUE_TRIGGERS.has(triggerCharacter)
      && context.kind !== 'value' && context.kind !== 'list-item') return [];
    const range = (r: OffsetRange): Range => ({ start: document.positionAt(r.start), end: document.positionAt(r.end) });
    switch (context.kind) {
      case 'none':
        return [];
      case 'top-level':
        return [modelItem(range(context.replace))];
      case 'base-model':
        return document.result.file.models.flatMap((model) => model.name && model.name.name !== context.model ? [{
          label: model.name.name, kind: CompletionItemKind.Class, textEdit: { range: range(context.replace), newText: model.name.name },
        }] : []);
      case 'member':
        return memberItems(context, range(context.replace));
      case 'value':
        return inSweep(context.slot.path) ? [] : valueItems(slotProperty(context.slot), range(context.replace), undefined);
      case 'list-item': {
        // A sweep's list holds values of the key its path names.
        const swept = inSweep(context.slot.path);
        const property = swept ? propertyAtKeyPath(context.slot.key) : slotProperty(context.slot);
        const itemType = property && (swept ? property.type : listItemType(property.type));
        const allowed = context.slot.argument || swept ? undefined : restrictedBySiblings(context.slot.path, context.slot.key, context.siblings);
        return itemType ? valueItems(property, range(context.replace), itemType, allowed, context.present) : [];
      }
      case 'argument':
        return argumentItems(context, range(context.replace));
      case 'string': {
        const property = slotProperty(context.slot);
        if (property && isPathType(property.type)) return pathItems(document, context.typed, context.replace, range);
        if (property && isColumnType(property.type)) return this.client().readDataFiles ? columnItems(document, context, range(context.replace)) : [];
        return [];
      }
    }
  }
}

/** A completion's detail, marked when the member must be written. */
function required(detail: string, isRequired: boolean | undefined): string {
  return isRequired ? t('{0} (required)', detail) : detail;
}

/** For editors without snippets: the snippet's plain text (placeholders become their defaults). */
function withoutSnippet(item: CompletionItem): CompletionItem {
  if (item.insertTextFormat !== InsertTextFormat.Snippet || !item.textEdit) return item;
  return { ...item, insertTextFormat: InsertTextFormat.PlainText, textEdit: { ...item.textEdit, newText: snippetToText(item.textEdit.newText) } };
}

function modelItem(range: Range): CompletionItem {
  return {
    label: 'model',
    kind: CompletionItemKind.Class,
    detail: 'model Name { ... }',
    documentation: markdown(describeBlock(blockAtPath([])!)),
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: 'model ${1:Name} {\n\t$0\n}' },
  };
}

const inSweep = (path: string[]) => path[0] === SWEEP_BLOCK_NAME;

function memberItems(context: Extract<CompletionContext, { kind: 'member' }>, range: Range): CompletionItem[] {
  const block = inSweep(context.path) ? sweepMembers(context.path.length) : blockAtPath(context.path);
  if (!block) return [];
  const members = context.path.length === 0 ? [...block.members, SWEEP_BLOCK] : block.members;
  return members
    .filter((member) => !context.present.includes(memberName(member)))
    .map((member, index): CompletionItem => {
      const sortText = `${member.required ? 0 : 1}${String(index).padStart(3, '0')}`;
      if (member.kind === 'block') {
        return {
          label: member.name,
          kind: CompletionItemKind.Module,
          detail: required(`${member.name} { ... }`, member.required),
          documentation: markdown(describeBlock(member)),
          sortText,
          insertTextFormat: InsertTextFormat.Snippet,
          textEdit: { range, newText: member.snippet ?? `${member.name} {\n\t$0\n}` },
        };
      }
      const opensValues = functionsOf(member.type).length > 0 || enumValuesOf(member.type).length > 0 || isBooleanType(member.type);
      return {
        label: member.key,
        kind: CompletionItemKind.Property,
        detail: required(typeText(member.type), member.required),
        documentation: markdown(describeProperty(member, context.path[context.path.length - 1])),
        sortText,
        textEdit: { range, newText: `${member.key}: ` },
        command: opensValues ? SUGGEST_AGAIN : undefined,
      };
    });
}

function valueItems(
  property: PropertySchema | undefined, range: Range, itemType?: ValueType, allowed?: string[], present: string[] = [],
): CompletionItem[] {
  if (!property) return [];
  const type = itemType ?? property.type;
  const isDefault = (name: string) => !itemType && property.default === name;
  const items: CompletionItem[] = enumValuesOf(type)
    .filter((v) => (!allowed || allowed.includes(v.name)) && !present.includes(v.name))
    .map((v, index) => ({
      label: v.name,
      kind: CompletionItemKind.EnumMember,
      labelDetails: isDefault(v.name) ? { description: t('default') } : undefined,
      documentation: markdown(describeEnumValue(v, property.key)),
      sortText: `${isDefault(v.name) ? 0 : 1}${String(index).padStart(3, '0')}`,
      textEdit: { range, newText: v.name },
    }));
  for (const fn of functionsOf(type)) {
    items.push({
      label: fn.name,
      kind: CompletionItemKind.Function,
      detail: signature(fn),
      labelDetails: isDefault(fn.name) ? { description: t('default') } : undefined,
      documentation: markdown(describeFunction(fn)),
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: `${fn.name}($0)` },
      command: fn.args.length ? SUGGEST_AGAIN : undefined,
    });
  }
  if (isBooleanType(type)) {
    for (const value of ['true', 'false']) {
      items.push({
        label: value,
        kind: CompletionItemKind.Keyword,
        labelDetails: String(property.default) === value ? { description: t('default') } : undefined,
        documentation: markdown(describeProperty(property)),
        textEdit: { range, newText: value },
      });
    }
  }
  if ((type.kind === 'integer' || type.kind === 'number') && typeof property.default === 'number') {
    items.push({
      label: String(property.default),
      kind: CompletionItemKind.Value,
      labelDetails: { description: t('default') },
      documentation: markdown(describeProperty(property)),
      textEdit: { range, newText: String(property.default) },
    });
  }
  return items;
}

function argumentItems(context: Extract<CompletionContext, { kind: 'argument' }>, range: Range): CompletionItem[] {
  const owner = propertyAt(context.slot.path, context.slot.key);
  const fn = owner && findFunction(owner.type, context.callee);
  if (!fn) return [];
  return fn.args
    .filter((arg) => !context.present.includes(arg.key))
    .map((arg, index) => ({
      label: arg.key,
      kind: CompletionItemKind.Field,
      detail: required(typeText(arg.type), arg.required),
      documentation: markdown(describeProperty(arg, `${fn.name}(...)`)),
      sortText: `${arg.required ? 0 : 1}${String(index).padStart(3, '0')}`,
      textEdit: { range, newText: `${arg.key}: ` },
      command: enumValuesOf(arg.type).length || isBooleanType(arg.type) ? SUGGEST_AGAIN : undefined,
    }));
}
