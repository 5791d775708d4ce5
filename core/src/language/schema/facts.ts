// The one way to read what the schema records about a cell, a loss or a data
// source (and, for the manual, any entry). Checker rules, shapes, hover, the
// manual and the engine all ask here, so a fact has one reader and one type.
import type { GateName } from '../../shared';
import { CELLS, DATA_SOURCES, LOSSES, SCHEMA } from './schema';
import type { BlockSchema, CellFacts, DataSourceFacts, EnumValue, FunctionSchema, LossFacts } from './types';

const factsByName = <Facts extends object>(entries: { name: string; facts: Facts }[]) =>
  new Map(entries.map((e) => [e.name, e.facts]));

const cells = factsByName(CELLS);
const losses = factsByName(LOSSES);
const dataSources = factsByName(DATA_SOURCES);

/** The facts of a cell; undefined for a name that is not a cell. */
export function cellFacts(cell: string): CellFacts | undefined {
  return cells.get(cell);
}

/** The cell's gates in canonical (weight) order; none for a name that is not a cell. */
export function cellGates(cell: string): GateName[] {
  return cells.get(cell)?.gates ?? [];
}

export function lossFacts(loss: string): LossFacts | undefined {
  return losses.get(loss);
}

export function dataSourceFacts(source: string): DataSourceFacts | undefined {
  return dataSources.get(source);
}

/**
 * A property may restrict the values of another through facts: a cell's
 * facts hold `gates: [...]`, the gates that cell has. Given the enum value
 * chosen for a sibling, its fact named after `key` (when a string list) is the
 * subset allowed for `key`. This keeps completion generic: no cell or gate
 * name appears in code.
 */
export function namesAllowedBy(chosen: EnumValue | undefined, key: string): string[] | undefined {
  const fact: unknown = chosen?.facts && (chosen.facts as Record<string, unknown>)[key];
  return Array.isArray(fact) && fact.every((x) => typeof x === 'string') ? fact : undefined;
}

/** Every fact of an enum value or function as name and value, in declaration order (for the manual). */
export function factEntries(entry: EnumValue | FunctionSchema): [string, unknown][] {
  return Object.entries(entry.facts ?? {}).filter(([, value]) => value !== undefined);
}

/** Block paths ("train.insight") of the properties that change only what a run records, not what it trains (`recordsOnly`). */
export const RECORD_ONLY_KEYS: ReadonlySet<string> = new Set(recordOnlyPaths(SCHEMA.model, ''));

function recordOnlyPaths(block: BlockSchema, prefix: string): string[] {
  return block.members.flatMap((member) => member.kind === 'block'
    ? recordOnlyPaths(member, `${prefix}${member.name}.`)
    : member.recordsOnly ? [`${prefix}${member.key}`] : []);
}
