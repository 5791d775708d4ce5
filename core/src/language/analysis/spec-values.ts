// A checked spec as flat block-path values ("hidden.units", "optimizer",
// "optimizer.lr", "data.path"), the columns the runs table, `rnn runs` and the
// best-run lens compare runs by. Walks the schema, not a list of keys, so a key
// added to the schema shows up here by itself.
import type { ModelSpec } from '../../shared';
import { SCHEMA } from '../schema/schema';
import type { MemberSchema } from '../schema/types';
import { checkText } from '../check/checker';
import type { Member, ModelDecl, Value } from '../syntax/ast';

/** Block path -> value: numbers, strings, booleans and lists as JSON has them; a call is its function's name, its arguments keys of their own. */
export type SpecValues = Record<string, unknown>;

/** Every value of the schema's members that `spec` holds, in the schema's order. */
export function flattenSpec(spec: ModelSpec | Record<string, unknown>): SpecValues {
  const values: SpecValues = {};
  walk(SCHEMA.model.members, spec as Record<string, unknown>, '', values);
  return values;
}

function walk(members: readonly MemberSchema[], object: Record<string, unknown>, prefix: string, values: SpecValues): void {
  for (const member of members) {
    const key = member.kind === 'block' ? member.name : member.key;
    const value = object[key];
    if (value === undefined || value === null) continue;
    const path = prefix + key;
    if (member.kind === 'block') {
      if (isObject(value)) walk(member.members, value, `${path}.`, values);
      continue;
    }
    if (member.type.kind === 'call' && isObject(value) && typeof value.fn === 'string') {
      values[path] = value.fn;
      const fn = member.type.functions.find((f) => f.name === value.fn);
      if (fn && isObject(value.args)) walk(fn.args, value.args, `${path}.`, values);
      continue;
    }
    values[path] = value;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The values of a saved run's model: from its resolved spec (spec.json) when
 * the run has one, else from checking its copy of the spec text. The copy is
 * checked without its data files (they live beside the original, not the
 * run), so a model whose sizes come from its data has no checked spec: then
 * the values written in the text stand in, without defaults. Undefined when
 * the run has neither, or its copy has no model of that name.
 */
export function runSpecValues(run: { model: string; resolvedSpec?: unknown; specSource?: string }): SpecValues | undefined {
  if (isObject(run.resolvedSpec)) return flattenSpec(withAddedDefaults(SCHEMA.model.members, run.resolvedSpec));
  if (run.specSource === undefined) return undefined;
  const checked = checkText(run.specSource).models.find((m) => m.name === run.model);
  if (!checked) return undefined;
  return flattenSpec(checked.spec ?? writtenMembers(checked.decl.members));
}

/**
 * A spec.json written before a key was added to the schema lacks it; the run trained with what is now its default
 * (a key is added with the default that keeps what the engine did before, e.g. `recurrent_init: orthogonal`), so
 * it reads as that default instead of showing as a difference against every newer run. Only inside the blocks and
 * calls the spec has: a block or argument it never had stays absent.
 */
function withAddedDefaults(members: readonly MemberSchema[], object: Record<string, unknown>): Record<string, unknown> {
  const filled: Record<string, unknown> = { ...object };
  for (const member of members) {
    if (member.kind === 'block') {
      const value = object[member.name];
      if (isObject(value)) filled[member.name] = withAddedDefaults(member.members, value);
      continue;
    }
    const value = object[member.key];
    if (value === undefined && member.default !== undefined) {
      const call = member.type.kind === 'call' ? member.type.functions.find((f) => f.name === member.default) : undefined;
      filled[member.key] = call ? { fn: call.name, args: withAddedDefaults(call.args, {}) } : member.default;
    } else if (member.type.kind === 'call' && isObject(value) && isObject(value.args)) {
      const fn = member.type.functions.find((f) => f.name === value.fn);
      if (fn) filled[member.key] = { ...value, args: withAddedDefaults(fn.args, value.args) };
    }
  }
  return filled;
}

/**
 * runSpecValues for many runs: a spec copy is checked once however many runs
 * share it (the trials of a sweep, runs trained again unchanged).
 */
export class RunSpecValuesCache {
  private readonly checked = new Map<string, SpecValues | undefined>();

  constructor(private readonly capacity = 1_000) {}

  of(run: { model: string; resolvedSpec?: unknown; specSource?: string }): SpecValues | undefined {
    if (isObject(run.resolvedSpec) || run.specSource === undefined) return runSpecValues(run);
    const key = `${run.model}\u0000${run.specSource}`;
    if (!this.checked.has(key)) {
      if (this.checked.size >= this.capacity) this.checked.clear();
      this.checked.set(key, runSpecValues(run));
    }
    return this.checked.get(key);
  }
}

/** The members as written, shaped like a spec (blocks as objects, calls as { fn, args }), for flattenSpec. */
function writtenMembers(members: ModelDecl['members']): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const member of members as readonly Member[]) {
    if (member.kind === 'block') object[member.name.name] = writtenMembers(member.members);
    else if (member.value) object[member.key.name] = writtenValue(member.value);
  }
  return object;
}

function writtenValue(value: Value): unknown {
  switch (value.kind) {
    case 'number': case 'string': case 'boolean': return value.value;
    case 'identifier-value': return value.name;
    case 'list': return value.items.map(writtenValue);
    case 'call': return { fn: value.callee.name, args: Object.fromEntries(value.args.filter((a) => a.value).map((a) => [a.key.name, writtenValue(a.value!)])) };
  }
}

/** The keys whose values are not the same in every one of `runs` (a key missing from some counts as different). */
export function differingKeys(runs: readonly (SpecValues | undefined)[]): string[] {
  const known = runs.filter((values): values is SpecValues => values !== undefined);
  const keys = [...new Set(known.flatMap((values) => Object.keys(values)))];
  return keys.filter((key) => new Set(known.map((values) => JSON.stringify(values[key]))).size > 1);
}
