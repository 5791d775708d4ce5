// What a cross-field rule sees of one model: resolved values by path, the
// source nodes behind them (for ranges and fixes), the schema facts of chosen
// enum values and functions, and the data facts when known.
import type { Block, Property, Range, Value } from '../syntax/ast';
import type { LineIndex } from '../syntax/positions';
import type { EnumValue, FunctionSchema, PropertySchema } from '../schema/types';
import { dataSourceFacts } from '../schema/facts';
import type { Task } from '../../shared';
import { enumValuesOf, findEnumValue, functionsOf, propertyAt } from '../analysis/schema-lookup';
import type { DataFacts } from '../data-files/types';
import type { Reporter } from './reporter';
import type { ResolvedModel } from './resolver';

const parentOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('.')));

// The schema never changes while the process runs: lookups by path are memoised.
const schemaByPath = new Map<string, PropertySchema | undefined>();
const choicesByPath = new Map<string, EnumValue[]>();

function propertySchemaAt(path: string): PropertySchema | undefined {
  if (!schemaByPath.has(path)) {
    const parts = path.split('.');
    schemaByPath.set(path, propertyAt(parts.slice(0, -1), parts[parts.length - 1]));
  }
  return schemaByPath.get(path);
}

export class ModelContext {
  /** Data facts (sizes, windows), when the data could be inspected. */
  facts?: DataFacts;

  constructor(
    readonly resolved: ResolvedModel,
    readonly reporter: Reporter,
    readonly lines: LineIndex,
  ) {}

  /** The resolved value at `path` (given or default), unless it is invalid. */
  get<T>(path: string): T | undefined {
    return this.resolved.invalid.has(path) ? undefined : (this.resolved.values.get(path) as T | undefined);
  }

  /** Whether `path` was written in the source with a valid value. */
  given(path: string): boolean {
    return this.resolved.nodes.has(path) && !this.resolved.invalid.has(path);
  }

  property(path: string): Property | undefined {
    const node = this.resolved.nodes.get(path);
    return node?.kind === 'property' ? node : undefined;
  }

  block(path: string): Block | undefined {
    const node = this.resolved.nodes.get(path);
    return node?.kind === 'block' ? node : undefined;
  }

  valueNode(path: string): Value | undefined {
    return this.property(path)?.value;
  }

  /** Where to report a problem about `path`: its value, else the nearest written block, else the model name. */
  rangeOf(path: string): Range {
    const value = this.valueNode(path);
    if (value) return value.range;
    for (let p = path; p; p = parentOf(p)) {
      const node = this.resolved.nodes.get(p);
      if (node) return node.kind === 'block' ? node.name.range : node.key.range;
    }
    return this.resolved.decl.name?.range ?? this.resolved.decl.keyword;
  }

  /** The schema of the property at a dotted path of blocks, e.g. 'hidden.cell'. */
  schemaOf(path: string): PropertySchema | undefined {
    return propertySchemaAt(path);
  }

  /** The enum value chosen at `path` with its schema facts. */
  chosen(path: string): EnumValue | undefined {
    const schema = this.schemaOf(path);
    const name = this.get<string>(path);
    return schema && typeof name === 'string' ? findEnumValue(schema.type, name) : undefined;
  }

  /** All values of the enum at `path`, e.g. every cell. */
  choices(path: string): EnumValue[] {
    let values = choicesByPath.get(path);
    if (!values) {
      const schema = this.schemaOf(path);
      values = schema ? enumValuesOf(schema.type) : [];
      choicesByPath.set(path, values);
    }
    return values;
  }

  /** The function called at `path` (e.g. the data source), from the source even if its arguments have errors. */
  calledFunction(path: string): FunctionSchema | undefined {
    const schema = this.schemaOf(path);
    const value = this.valueNode(path);
    const name = value?.kind === 'call' ? value.callee.name : value?.kind === 'identifier-value' ? value.name : undefined;
    return schema && name ? functionsOf(schema.type).find((f) => f.name === name) : undefined;
  }
}

/** The task of the model's data: from the inspected data, else from the data source's schema facts. */
export function dataTask(context: ModelContext): Task | undefined {
  const source = context.calledFunction('data');
  return context.facts?.task ?? (source && dataSourceFacts(source.name)?.task);
}

/** A cross-field check of one model. */
export interface ModelRule {
  check(context: ModelContext): void;
}
