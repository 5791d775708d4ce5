// Issue 13, finding 2: sizes so large that training could only crash
// (`Invalid typed array length`) must be refused by the checker instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../core/src/language/check/checker';
import { SCHEMA } from '../../core/src/language/schema/schema';
import type { MemberSchema, ValueType } from '../../core/src/language/schema/types';
import { model } from '../helpers/diagnostic-cases';

/** Every numeric type in the schema, named by its path, e.g. `model.hidden.units[]` or `model.data.sine.samples`. */
function numericTypes(): [string, ValueType & { kind: 'integer' | 'number' }][] {
  const found: [string, ValueType & { kind: 'integer' | 'number' }][] = [];
  const visitType = (path: string, type: ValueType): void => {
    if (type.kind === 'integer' || type.kind === 'number') found.push([path, type]);
    else if (type.kind === 'list') visitType(`${path}[]`, type.items);
    else if (type.kind === 'union') type.types.forEach((each) => visitType(path, each));
    else if (type.kind === 'call') {
      for (const fn of type.functions) for (const arg of fn.args) visitType(`${path}.${fn.name}.${arg.key}`, arg.type);
    }
  };
  const visitMember = (path: string, member: MemberSchema): void => {
    if (member.kind === 'block') member.members.forEach((m) => visitMember(`${path}.${m.kind === 'block' ? m.name : m.key}`, m));
    else visitType(path, member.type);
  };
  for (const [name, block] of Object.entries(SCHEMA)) visitMember(name, block);
  return found;
}

test('every numeric key and argument of the language has a finite upper bound', () => {
  const types = numericTypes();
  assert.ok(types.length > 20, `found only ${types.length} numeric types`);
  const unbounded = types.filter(([, type]) => !Number.isFinite(type.max ?? type.lessThan ?? Infinity)).map(([path]) => path);
  assert.deepEqual(unbounded, []);
});

const errorsOf = (text: string) => checkText(text).diagnostics.filter((d) => d.severity === 'error');

test('units: [1e12] is out of range at check time', () => {
  const errors = errorsOf(model({ hidden: 'hidden { cell: lstm, units: [1e12] }' }));
  assert.deepEqual(errors.map((d) => d.code), ['out-of-range']);
  assert.match(errors[0].message, /at most/);
});

test('sine(samples: 1e12) is out of range at check time', () => {
  const errors = errorsOf(model({ data: 'data: sine(samples: 1e12, period: 40)' }));
  assert.deepEqual(errors.map((d) => d.code), ['out-of-range']);
  assert.match(errors[0].message, /samples/);
});

test('a seed beyond 32 bits, which the engine would fold onto a smaller one, is out of range', () => {
  const errors = errorsOf(model({ train: 'train { epochs: 2, seed: 4294967296 }' }));
  assert.deepEqual(errors.map((d) => d.code), ['out-of-range']);
});
