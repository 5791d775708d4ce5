// What changed between two specs of a model, key by key ("hidden.units: [32] → [64, 32]"),
// e.g. between the run in the training panel and an overlaid one. Generic over
// the syntax tree: no key names, so a new key in the schema needs nothing here.
import type { SpecDifference } from '../../shared';
import { parse } from '../syntax/parser';
import type { Member, ModelDecl, Value } from '../syntax/ast';

/** Differences between the model `model` in two sources (the first model when the name is not found). */
export function specDifferences(currentSource: string, otherSource: string, model?: string): SpecDifference[] {
  const current = flatten(pickModel(currentSource, model));
  const other = flatten(pickModel(otherSource, model));
  const keys = [...new Set([...current.keys(), ...other.keys()])];
  return keys
    .filter((key) => current.get(key) !== other.get(key))
    .map((key) => ({ key, current: current.get(key), other: other.get(key) }));
}

function pickModel(source: string, name?: string): ModelDecl | undefined {
  const models = parse(source).file.models;
  return models.find((m) => m.name?.name === name) ?? models[0];
}

/** Every property as dotted key -> canonical value text; a call's arguments become keys of their own. */
function flatten(model: ModelDecl | undefined): Map<string, string> {
  const entries = new Map<string, string>();
  const walk = (members: readonly Member[], prefix: string) => {
    for (const member of members) {
      const key = prefix + (member.kind === 'block' ? member.name.name : member.key.name);
      if (member.kind === 'block') walk(member.members, `${key}.`);
      else if (member.value?.kind === 'call') {
        entries.set(key, member.value.callee.name);
        for (const arg of member.value.args) if (arg.value) entries.set(`${key}.${arg.key.name}`, valueText(arg.value));
      } else if (member.value) entries.set(key, valueText(member.value));
    }
  };
  if (model) walk(model.members, '');
  return entries;
}

function valueText(value: Value): string {
  switch (value.kind) {
    case 'number': return String(value.value);
    case 'string': return JSON.stringify(value.value);
    case 'identifier-value': return value.name;
    case 'boolean': return String(value.value);
    case 'list': return `[${value.items.map(valueText).join(', ')}]`;
    case 'call': return `${value.callee.name}(${value.args.map((a) => `${a.key.name}: ${a.value ? valueText(a.value) : ''}`).join(', ')})`;
  }
}
