// The boundary rules (.dependency-cruiser*.cjs) bite: for every rule, a small
// tree that breaks exactly that rule is reported under exactly that rule's
// name, and the real tree breaks none of the rules that fail the build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ICruiseResult } from 'dependency-cruiser';
import layering from '../../.dependency-cruiser.cjs';
import bundles from '../../.dependency-cruiser.bundles.cjs';

type RuleName = (typeof layering.forbidden)[number]['name'] | (typeof bundles.forbidden)[number]['name'];

const root = resolve(__dirname, '..', '..');
const CONFIGS = [join(root, '.dependency-cruiser.cjs'), join(root, '.dependency-cruiser.bundles.cjs')];
/** The folders `npm run lint:deps` cruises. */
const SOURCE_FOLDERS = ['core', 'cli', 'server', 'client', 'bench', 'scripts'];

/** Source files by path from the repository root. */
type Tree = Record<string, string>;

interface Violation {
  rule: string;
  severity: string;
  from: string;
  to: string;
}

/** Cruises `folders` under `baseDir` with both configs, as `npm run lint:deps` does. */
async function violations(baseDir: string, folders: string[]): Promise<Violation[]> {
  // dependency-cruiser is an ES module with only an `import` export; the tests run as CommonJS.
  const { cruise } = await import('dependency-cruiser');
  const { default: extractDepcruiseOptions } = await import('dependency-cruiser/config-utl/extract-depcruise-options');
  const found: Violation[] = [];
  for (const config of CONFIGS) {
    const options = await extractDepcruiseOptions(config);
    const { output } = await cruise(folders, { ...options, baseDir });
    for (const v of (output as ICruiseResult).summary.violations) {
      found.push({ rule: v.rule.name, severity: v.rule.severity, from: v.from, to: v.to });
    }
  }
  return found;
}

/** Writes `tree` to a fresh folder that sees the repository's node_modules, and cruises it. */
async function cruiseTree(tree: Tree): Promise<Violation[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-boundaries-'));
  try {
    for (const [path, text] of Object.entries(tree)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    // npm packages then resolve to node_modules/... exactly as in the real tree.
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const folders = [...new Set(Object.keys(tree).map((path) => path.split('/')[0]))];
    return await violations(dir, folders);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const listed = (found: Violation[]) => found.map((v) => `${v.severity} ${v.rule}: ${v.from} -> ${v.to}`).join('\n') || '(none)';

// ---------------------------------------------------------------- trees that each break one rule
// A rule that forbids several things has a tree for each of them.

const LANGUAGE_ENTRY_WITH_PARSER: Tree = {
  'core/src/language/index.ts': "export { parse } from './syntax/parser';\n",
  'core/src/language/syntax/parser.ts': 'export const parse = (text: string) => text.split("\\n");\n',
};

const breaking: Record<RuleName, Tree[]> = {
  'no-circular': [{
    'core/src/language/check/checker.ts': "import { resolveValue } from './resolver';\nexport const check = (v: string) => resolveValue(v);\n",
    'core/src/language/check/resolver.ts': "import { check } from './checker';\nexport const resolveValue = (v: string): string => (v ? v : check('x'));\n",
  }],
  'shared-imports-no-layer': [
    {
      'core/src/shared/index.ts': "export { parse } from '../language/syntax/parser';\n",
      'core/src/language/syntax/parser.ts': LANGUAGE_ENTRY_WITH_PARSER['core/src/language/syntax/parser.ts'],
    },
    { 'core/src/shared/spec.ts': "import type { Tensor } from '@tensorflow/tfjs-core';\nexport type Weights = Tensor[];\n" },
    { 'core/src/shared/range.ts': "import { createToken } from '../../../node_modules/chevrotain/lib/chevrotain.mjs';\nexport const Word = createToken({ name: 'Word', pattern: /\\w+/ });\n" },
  ],
  'shared-imports-no-node': [{
    'core/src/shared/file-system.ts': "import { readFileSync } from 'node:fs';\nexport const readText = (path: string) => readFileSync(path, 'utf8');\n",
  }],
  'language-reaches-no-engine-or-tfjs': [
    {
      'core/src/language/check/shapes.ts': "import { buildModel } from '../../engine';\nexport const shapeOf = (text: string) => buildModel(text);\n",
      'core/src/engine/index.ts': 'export const buildModel = (text: string) => [text.length];\n',
    },
    { 'core/src/language/check/shapes.ts': "import * as tf from '@tensorflow/tfjs-core';\nexport const shapeOf = (values: number[]) => tf.tensor(values).shape;\n" },
  ],
  'run-store-reaches-no-layer-or-tfjs': [
    {
      'core/src/run-store/read.ts': "import { cellGates } from '../engine';\nexport const gates = () => cellGates();\n",
      'core/src/engine/index.ts': 'export const cellGates = () => 4;\n',
    },
    { 'core/src/run-store/load.ts': "import * as tf from '@tensorflow/tfjs-core';\nexport const ready = () => tf.ready();\n" },
  ],
  'engine-imports-language-entry-only': [{
    'core/src/engine/train/loop.ts': "import { parse } from '../../language/syntax/parser';\nexport const train = (text: string) => parse(text).length;\n",
    ...LANGUAGE_ENTRY_WITH_PARSER,
  }],
  'outside-core-imports-layer-entries-only': [{
    'cli/src/commands/check.ts': "import { parse } from '../../../core/src/language/syntax/parser';\nexport const check = (text: string) => parse(text).length;\n",
    ...LANGUAGE_ENTRY_WITH_PARSER,
  }],
  'webview-reaches-no-node-or-vscode': [
    // Through client/src: what the webview reaches counts, not only what it names.
    {
      'client/webview/main.ts': "import { formatEta } from '../src/training/progress-text';\nexport const label = formatEta(3);\n",
      'client/src/training/progress-text.ts': "import { format } from 'node:util';\nexport const formatEta = (s: number) => format('%ds', s);\n",
    },
    { 'client/webview/main.ts': "import * as vscode from 'vscode';\nexport const theme = () => vscode.window.activeColorTheme.kind;\n" },
  ],
  'webview-reaches-only-shared-core': [{
    'client/webview/main.ts': "import { parse } from '../../core/src/language';\nexport const lines = parse('a').length;\n",
    ...LANGUAGE_ENTRY_WITH_PARSER,
  }],
  'server-reaches-no-engine-or-tfjs': [
    {
      'server/src/main.ts': "import { startTraining } from './training';\nstartTraining();\n",
      'server/src/training.ts': "import { train } from '../../core/src/engine';\nexport const startTraining = () => train();\n",
      'core/src/engine/index.ts': 'export const train = () => 0;\n',
    },
    { 'server/src/main.ts': "import * as tf from '@tensorflow/tfjs-core';\nexport const ready = () => tf.ready();\n" },
  ],
  'extension-reaches-no-parser': [{
    'client/src/extension.ts': "import { parse } from '../../core/src/language';\nexport const activate = () => parse('a');\n",
    ...LANGUAGE_ENTRY_WITH_PARSER,
  }],
};

for (const [rule, trees] of Object.entries(breaking)) {
  trees.forEach((tree, index) => {
    test(`tree ${index + 1} that breaks ${rule} is reported under ${rule} alone`, async () => {
      const found = await cruiseTree(tree);
      assert.deepEqual([...new Set(found.map((v) => v.rule))], [rule], listed(found));
    });
  });
}

// ---------------------------------------------------------------- what the rules allow

test('the training worker may use the language and the engine, the webview the ground floor', async () => {
  const found = await cruiseTree({
    'client/src/training/worker.ts':
      "import { parse } from '../../../core/src/language';\nimport { train } from '../../../core/src/engine';\nexport const run = (text: string) => train(parse(text));\n",
    'client/webview/main.ts': "import { formatRange } from '../../core/src/shared';\nexport const label = formatRange(1);\n",
    'core/src/shared/index.ts': 'export const formatRange = (n: number) => `${n}`;\n',
    'core/src/engine/index.ts': "import { parse } from '../language';\nexport const train = (lines: string[]) => parse(lines.join('\\n')).length;\n",
    ...LANGUAGE_ENTRY_WITH_PARSER,
  });
  assert.deepEqual(found, [], listed(found));
});

test('a type-only import counts for the layering, not for what a bundle ships', async () => {
  const engineNamesLanguageInternals = await cruiseTree({
    'core/src/engine/train/loop.ts': "import type { Options } from '../../language/check/api';\nexport const epochs = (o: Options) => o.epochs;\n",
    'core/src/language/check/api.ts': 'export interface Options { epochs: number }\n',
  });
  assert.deepEqual(engineNamesLanguageInternals.map((v) => v.rule), ['engine-imports-language-entry-only']);

  const webviewNamesLanguageTypes = await cruiseTree({
    'client/webview/main.ts': "import type { Options } from '../../core/src/language';\nexport const epochs = (o: Options) => o.epochs;\n",
    'core/src/language/index.ts': "export type { Options } from './check/api';\n",
    'core/src/language/check/api.ts': 'export interface Options { epochs: number }\n',
  });
  assert.deepEqual(webviewNamesLanguageTypes, [], listed(webviewNamesLanguageTypes));
});

// ---------------------------------------------------------------- the real tree

test('the real tree breaks no rule that fails the build', async () => {
  const found = await violations(root, SOURCE_FOLDERS);
  assert.deepEqual(found.filter((v) => v.severity === 'error'), [], listed(found));
});
