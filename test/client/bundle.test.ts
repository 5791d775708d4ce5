// The extension is thin glue: it asks the language server about specs, so its
// bundle (dist/extension.js) carries no parser, checker or data inspection;
// the training worker, which checks the spec and trains, does. Read from the
// metafiles scripts/build.mjs writes beside the bundles.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { newestSource } from '../helpers/newest-source';

const root = join(import.meta.dirname, '..', '..');

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, unknown> }>;
}

/** The inputs of one bundle, checked to describe the bundle now in dist/. */
function bundleInputs(bundle: string): string[] {
  const meta = JSON.parse(readFileSync(join(root, 'dist', bundle.replace(/\.js$/, '.meta.json')), 'utf8')) as Metafile;
  const output = meta.outputs[`dist/${bundle}`];
  assert.ok(output, `the metafile describes dist/${bundle}`);
  assert.equal(output.bytes, statSync(join(root, 'dist', bundle)).size, `the metafile is the one of the dist/${bundle} on disk`);
  return Object.keys(output.inputs);
}

before(() => {
  // `npm test` builds first; run alone, the test builds when a bundle is missing or older than its sources.
  const metas = ['extension', 'worker'].map((name) => join(root, 'dist', `${name}.meta.json`));
  const newest = newestSource(root, ['client/src', 'core/src']);
  if (metas.some((meta) => !existsSync(meta) || statSync(meta).mtimeMs < newest)) {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'pipe' });
  }
});

const isLanguage = (input: string) => input.startsWith('core/src/language/');
const isChevrotain = (input: string) => input.startsWith('node_modules/chevrotain/') || input.includes('/node_modules/chevrotain/');

test('the extension bundle has neither the language layer (parser, checker, data inspection) nor chevrotain', () => {
  const inputs = bundleInputs('extension.js');
  assert.ok(inputs.some((input) => input.startsWith('client/src/')), 'the extension itself is in it');
  assert.deepEqual(inputs.filter(isLanguage), []);
  assert.deepEqual(inputs.filter(isChevrotain), []);
  assert.deepEqual(inputs.filter((input) => input.startsWith('core/src/engine/')), []);
});

test('the worker bundle has them: it checks the spec and trains', () => {
  const inputs = bundleInputs('worker.js');
  assert.ok(inputs.includes('core/src/language/syntax/parser.ts'), 'the parser');
  assert.ok(inputs.includes('core/src/language/check/checker.ts'), 'the checker');
  assert.ok(inputs.some(isChevrotain), 'chevrotain');
  assert.ok(inputs.some((input) => input.startsWith('core/src/engine/train/')), 'the training loop');
});
