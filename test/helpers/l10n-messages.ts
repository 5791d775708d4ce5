// The messages each component passes to `t`, as @vscode/l10n-dev extracts them
// (the extractor VS Code extensions use to build their bundles). The
// extractor recognises `l10n.t(...)` and `vscode.l10n.t(...)` after an import
// of @vscode/l10n or vscode; the product's own `t` (core/src/shared/l10n.ts,
// a re-export of @vscode/l10n's) is imported from the shared layer and called
// bare, so each such call is rewritten to `l10n.t(...)` before extraction.
// The rewrite uses the TypeScript parser, which also reports every call whose
// message is not a literal (the extractor would skip it silently).
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import ts from 'typescript';
import { getL10nJson } from '@vscode/l10n-dev';
import type { CatalogComponent, L10nBundle } from '../../core/src/shared';

export const root = join(import.meta.dirname, '..', '..');

/** Where each component's code lives; its catalog is l10n/zh-cn/<component>.json. */
export const COMPONENT_SOURCES: Record<CatalogComponent, string[]> = {
  language: ['core/src/language', 'core/src/shared', 'core/src/run-store'],
  engine: ['core/src/engine'],
  server: ['server/src'],
  cli: ['cli/src'],
  extension: ['client/src'],
  panel: ['client/webview'],
};

const SCRIPT = /\.(ts|tsx|js|jsx|mjs)$/;

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && SCRIPT.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

/** Local names under which a file imports the product's `t` (from a relative module: the shared layer or l10n.ts itself). */
function importedT(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!statement.moduleSpecifier.text.startsWith('.')) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      if ((element.propertyName ?? element.name).text === 't' && !element.isTypeOnly) names.add(element.name.text);
    }
  }
  return names;
}

function isLiteral(node: ts.Node | undefined): boolean {
  return node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node));
}

/** A message argument the extractor can read: a literal, or `{ message: literal, ... }`. */
function isLiteralMessage(node: ts.Expression | undefined): boolean {
  if (isLiteral(node)) return true;
  if (!node || !ts.isObjectLiteralExpression(node)) return false;
  const message = node.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'message');
  return message !== undefined && ts.isPropertyAssignment(message) && isLiteral(message.initializer);
}

export interface SourceScan {
  /** The text with every call of the product's `t` written as `l10n.t`, ready for the extractor. */
  text: string;
  /** file:line of each call whose message is not a literal. */
  nonLiteral: string[];
}

export function scanSource(file: string, text: string): SourceScan {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const names = importedT(source);
  const calls: ts.Identifier[] = [];
  const nonLiteral: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && names.has(node.expression.text)) {
      calls.push(node.expression);
      if (!isLiteralMessage(node.arguments[0])) {
        nonLiteral.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!calls.length) return { text, nonLiteral };
  let rewritten = text;
  for (const call of calls.reverse()) rewritten = rewritten.slice(0, call.getStart()) + 'l10n.t' + rewritten.slice(call.getEnd());
  return { text: `import * as l10n from '@vscode/l10n';\n${rewritten}`, nonLiteral };
}

export interface ComponentMessages {
  /** Extracted messages: key -> English message (the key is `message/comment` for commented messages). */
  messages: Map<string, string>;
  nonLiteral: string[];
  files: string[];
}

const extracted = new Map<CatalogComponent, Promise<ComponentMessages>>();

/** The messages of a component's sources (extracted once per process). */
export function componentMessages(component: CatalogComponent): Promise<ComponentMessages> {
  if (!extracted.has(component)) extracted.set(component, extract(component));
  return extracted.get(component)!;
}

async function extract(component: CatalogComponent): Promise<ComponentMessages> {
  const files = COMPONENT_SOURCES[component].flatMap(sourceFiles);
  const scans = files.map((file) => ({ file, scan: scanSource(file, readFileSync(join(root, file), 'utf8')) }));
  const messages = new Map<string, string>();
  for (const { file, scan } of scans) {
    // One file at a time, so that an error names its file.
    let bundle: Record<string, string | { message: string }>;
    try {
      bundle = await getL10nJson([{ contents: scan.text, extension: extname(file) === '.mjs' ? '.js' : extname(file) }]);
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
    for (const [key, value] of Object.entries(bundle)) messages.set(key, typeof value === 'string' ? value : value.message);
  }
  return { messages, nonLiteral: scans.flatMap(({ scan }) => scan.nonLiteral), files };
}

export function readCatalog(component: CatalogComponent, locale = 'zh-cn'): L10nBundle {
  return JSON.parse(readFileSync(join(root, 'l10n', locale, `${component}.json`), 'utf8')) as L10nBundle;
}

/** IEC symbols of memory sizes (B, KiB, MiB, GiB, ...): symbols like digits, written the same in Chinese, not words to translate. */
export const SIZE_UNIT_SYMBOL = /^(?:[KMGTPE]i)?B$/;
