// Completion: the core says where the cursor is (from the tokens, so broken
// text works); this maps each kind of place to items read from the schema.
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position, type Range,
} from 'vscode-languageserver';
import { completionContext, type CompletionContext, type OffsetRange } from '../../../core/src/analysis/completion-context';
import {
  describeBlock, describeEnumValue, describeFunction, describeProperty, signature, typeText,
} from '../../../core/src/analysis/describe';
import {
  blockAtPath, enumValuesOf, findFunction, functionsOf, isBooleanType, isColumnType, isPathType, listItemType, memberName,
  propertyAt, restrictedBySiblings, slotProperty,
} from '../../../core/src/analysis/schema-lookup';
import { parseCsv } from '../../../core/src/data/csv';
import { resolveDataPath } from '../../../core/src/data/source-file';
import type { PropertySchema, ValueType } from '../../../core/src/schema/types';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { CompletionProvider } from '../language-services';

/**
 * Re-opens completion after an item is inserted, so `cell: ` goes straight on to the values. It is a
 * VS Code command: other editors would send it back to the server, so it is only attached for VS Code.
 */
const SUGGEST_AGAIN = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** After a space only values make sense; a space must not open a list of keys while indenting. */
const VALUE_TRIGGERS = new Set([' ']);

export class SchemaCompletionProvider implements CompletionProvider {
  readonly triggerCharacters = [':', '(', '[', ',', '"', '/', ' '];

  constructor(private readonly suggestAgain: () => boolean) {}

  complete(document: AnalyzedDocument, position: Position, triggerCharacter?: string): CompletionItem[] {
    const items = this.items(document, position, triggerCharacter);
    return this.suggestAgain() ? items : items.map(({ command: _, ...item }) => item);
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
      case 'member':
        return memberItems(context, range(context.replace));
      case 'value':
        return valueItems(slotProperty(context.slot), range(context.replace), undefined);
      case 'list-item': {
        const property = slotProperty(context.slot);
        const itemType = property && listItemType(property.type);
        const allowed = context.slot.argument ? undefined : restrictedBySiblings(context.slot.path, context.slot.key, context.siblings);
        return itemType ? valueItems(property, range(context.replace), itemType, allowed, context.present) : [];
      }
      case 'argument':
        return argumentItems(context, range(context.replace));
      case 'string': {
        const property = slotProperty(context.slot);
        if (property && isPathType(property.type)) return pathItems(document, context.typed, context.replace, range);
        if (property && isColumnType(property.type)) return columnItems(document, context, range(context.replace));
        return [];
      }
    }
  }
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

function memberItems(context: Extract<CompletionContext, { kind: 'member' }>, range: Range): CompletionItem[] {
  const block = blockAtPath(context.path);
  if (!block) return [];
  return block.members
    .filter((member) => !context.present.includes(memberName(member)))
    .map((member, index): CompletionItem => {
      const sortText = `${member.required ? 0 : 1}${String(index).padStart(3, '0')}`;
      if (member.kind === 'block') {
        return {
          label: member.name,
          kind: CompletionItemKind.Module,
          detail: `${member.name} { ... }${member.required ? ' (required)' : ''}`,
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
        detail: typeText(member.type) + (member.required ? ' (required)' : ''),
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
      labelDetails: isDefault(v.name) ? { description: 'default' } : undefined,
      documentation: markdown(describeEnumValue(v, property.key)),
      sortText: `${isDefault(v.name) ? 0 : 1}${String(index).padStart(3, '0')}`,
      textEdit: { range, newText: v.name },
    }));
  for (const fn of functionsOf(type)) {
    items.push({
      label: fn.name,
      kind: CompletionItemKind.Function,
      detail: signature(fn),
      labelDetails: isDefault(fn.name) ? { description: 'default' } : undefined,
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
        labelDetails: String(property.default) === value ? { description: 'default' } : undefined,
        documentation: markdown(describeProperty(property)),
        textEdit: { range, newText: value },
      });
    }
  }
  if ((type.kind === 'integer' || type.kind === 'number') && typeof property.default === 'number') {
    items.push({
      label: String(property.default),
      kind: CompletionItemKind.Value,
      labelDetails: { description: 'default' },
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
      detail: typeText(arg.type) + (arg.required ? ' (required)' : ''),
      documentation: markdown(describeProperty(arg, `${fn.name}(...)`)),
      sortText: `${arg.required ? 0 : 1}${String(index).padStart(3, '0')}`,
      textEdit: { range, newText: `${arg.key}: ` },
      command: enumValuesOf(arg.type).length || isBooleanType(arg.type) ? SUGGEST_AGAIN : undefined,
    }));
}

/** Files and folders next to the .rnn file (or below the folder typed so far). */
function pathItems(
  document: AnalyzedDocument, typed: string, replace: OffsetRange, range: (r: OffsetRange) => Range,
): CompletionItem[] {
  if (!document.path) return [];
  const slash = typed.lastIndexOf('/');
  const folder = join(dirname(document.path), typed.slice(0, slash + 1));
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const nameRange = range({ start: replace.start + slash + 1, end: replace.end });
  return entries
    .filter((entry) => !entry.name.startsWith('.'))
    .map((entry) => {
      const isFolder = entry.isDirectory();
      const name = isFolder ? `${entry.name}/` : entry.name;
      return {
        label: name,
        kind: isFolder ? CompletionItemKind.Folder : CompletionItemKind.File,
        documentation: markdown(`\`${join(folder, entry.name)}\``),
        sortText: `${isFolder ? 0 : 1}${entry.name}`,
        textEdit: { range: nameRange, newText: name },
        command: isFolder ? SUGGEST_AGAIN : undefined,
      };
    });
}

/** The header of the CSV file named by the call's path argument, for `column: "` and `columns: ["`. */
function columnItems(document: AnalyzedDocument, context: Extract<CompletionContext, { kind: 'string' }>, range: Range): CompletionItem[] {
  const owner = propertyAt(context.slot.path, context.slot.key);
  const fn = owner && context.slot.argument && findFunction(owner.type, context.slot.argument.callee);
  const pathArgument = fn?.args.find((a) => isPathType(a.type));
  const file = pathArgument && context.arguments[pathArgument.key];
  if (!file || !document.path) return [];
  const header = csvHeader(resolveDataPath(file, dirname(document.path)));
  return header
    .filter((column) => column !== '' && !context.present.includes(column))
    .map((column, index) => ({
      label: column,
      kind: CompletionItemKind.Field,
      documentation: markdown(`Column ${index + 1} of \`${file}\``),
      sortText: String(index).padStart(4, '0'),
      textEdit: { range, newText: column },
    }));
}

/** The column names in the first line of a CSV file (only the start of the file is read). */
function csvHeader(file: string): string[] {
  let head: string;
  try {
    const descriptor = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(64 * 1024);
      head = buffer.toString('utf8', 0, readSync(descriptor, buffer, 0, buffer.length, 0));
    } finally {
      closeSync(descriptor);
    }
  } catch {
    return [];
  }
  const firstLine = head.split(/\r?\n/).find((line) => line.trim() !== '');
  if (firstLine === undefined) return [];
  try {
    return parseCsv(firstLine).header;
  } catch {
    return [];
  }
}

function markdown(value: string) {
  return { kind: MarkupKind.Markdown, value };
}
