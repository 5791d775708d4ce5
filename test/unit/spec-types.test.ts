// The spec's TypeScript types are generated from the schema: the committed
// file must be a fresh generation, and which keys the types promise must be
// the keys a checked spec really has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inCheckedSpec, renderSpecTypes, SPEC_TYPES_PATH } from '../../scripts/gen-spec-types';
import { checkText } from '../../core/src/language/check/checker';
import { SCHEMA } from '../../core/src/language/schema/schema';
import { dataSourceFacts } from '../../core/src/language/schema/facts';
import type { BlockSchema } from '../../core/src/language/schema/types';
import type { FileSystem } from '../../core/src/shared/file-system';

test('core/src/shared/spec.generated.ts is what the generator writes from the schema (run `npm run docs` after a schema change)', () => {
  assert.equal(readFileSync(SPEC_TYPES_PATH, 'utf8'), renderSpecTypes());
});

const files: Record<string, string> = {
  '/virtual/series.csv': 'x,y\n' + Array.from({ length: 60 }, (_, i) => `${i},${i % 7}`).join('\n'),
  '/virtual/input.txt': 'abcabcabd'.repeat(40),
};
const fs: FileSystem = { exists: (p) => p in files, readText: (p) => files[p] };

/** Models that write only what the schema requires (and what their data needs to check cleanly), one per data source. */
const MINIMAL_MODELS: Record<string, string> = {
  sine: 'data: sine()\n input { timesteps: 5 }\n hidden { units: [4] }\n loss: mse',
  adding: 'data: adding()\n input { timesteps: 5 }\n hidden { units: [4] }\n loss: mse',
  csv: 'data: csv(path: "series.csv", column: "y")\n input { timesteps: 5 }\n hidden { units: [4] }\n loss: mse',
  text: 'data: text(path: "input.txt")\n input { timesteps: 5 }\n hidden { units: [4] }\n output { activation: softmax }\n loss: sparse_categorical_crossentropy\n generate { }',
};

/** The dotted paths of every key the source writes: `data.path`, `input.timesteps`, ... */
function writtenPaths(source: string): Set<string> {
  const paths = new Set<string>();
  for (const line of source.split('\n')) {
    const block = /^\s*(\w+) \{(.*)\}/.exec(line);
    const call = /^\s*(\w+): \w+\((.*)\)/.exec(line);
    const inner = block ?? call;
    if (!inner) continue;
    for (const key of inner[2].matchAll(/(\w+):/g)) paths.add(`${inner[1]}.${key[1]}`);
  }
  return paths;
}

/** Every property path of the spec's model members, with whether a checked spec of this source must have it. */
function expectedKeys(block: BlockSchema, spec: Record<string, unknown>, written: Set<string>, prefix = ''): Map<string, boolean> {
  const expected = new Map<string, boolean>();
  for (const member of block.members) {
    const name = member.kind === 'block' ? member.name : member.key;
    const path = prefix ? `${prefix}.${name}` : name;
    if (member.kind === 'block') {
      const child = spec[member.name] as Record<string, unknown> | undefined;
      if (child) for (const [p, present] of expectedKeys(member, child, written, path)) expected.set(p, present);
      continue;
    }
    expected.set(path, inCheckedSpec(member) || written.has(path));
    const value = spec[member.key] as { fn?: string; args?: Record<string, unknown> } | undefined;
    const fn = member.type.kind === 'call' ? member.type.functions.find((f) => f.name === value?.fn) : undefined;
    for (const arg of fn?.args ?? []) expected.set(`${path}.${arg.key}`, inCheckedSpec(arg) || written.has(`${path}.${arg.key}`));
  }
  return expected;
}

function has(spec: Record<string, unknown>, path: string): boolean {
  let node: unknown = spec;
  for (const part of path.split('.')) {
    const object = node as Record<string, unknown>;
    // A call's arguments live under `args`.
    node = object && typeof object === 'object' ? (part in object ? object[part] : (object.args as Record<string, unknown> | undefined)?.[part]) : undefined;
    if (node === undefined) return false;
  }
  return true;
}

for (const [source, members] of Object.entries(MINIMAL_MODELS)) {
  test(`a checked ${source} model has exactly the keys its generated types promise`, () => {
    const text = `model M {\n ${members}\n}\n`;
    const result = checkText(text, { path: '/virtual/model.rnn', fs });
    assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
    const spec = result.models[0].spec as unknown as Record<string, unknown>;
    assert.ok(spec, 'the model checks');
    const expected = expectedKeys(SCHEMA.model, spec, writtenPaths(members));
    assert.ok(expected.size > 20, 'every block is walked');
    for (const [path, present] of expected) assert.equal(has(spec, path), present, `${source}: ${path} ${present ? 'missing from' : 'unexpected in'} the spec`);
    // `generate` is the one block a spec may leave out (ModelSpec in shared/spec.ts): only data that generates keeps it.
    assert.equal('generate' in spec, dataSourceFacts(source)?.generates === true);
  });
}
