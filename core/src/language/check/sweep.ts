// A model's `sweep { ... }` block: which trials it expands to, each checked as
// a model of its own. A trial is the model's members with the trial's values
// put in place of the keys they address, still as syntax, so the resolver and
// the rules check them like written values and an error points at the value
// in the sweep block that caused it. It knows no key of the schema: paths are
// looked up in SCHEMA (analysis/key-paths.ts).
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Block, CallValue, Identifier, Member, Property, Range, Value } from '../syntax/ast';
import type { LineIndex } from '../syntax/positions';
import { t, type Diagnostic, type ModelSpec } from '../../shared';
import { MAX_SWEEP_TRIALS, SWEEP_BLOCK, SWEEP_DISTRIBUTIONS, SWEEP_SETTINGS } from '../schema/constructs';
import type { PropertySchema } from '../schema/types';
import { keyPaths, propertyAtKeyPath } from '../analysis/key-paths';
import { Reporter } from './reporter';
import { ModelResolver } from './resolver';
import { closestName, didYouMean } from './suggest';
import { replaceFix } from './edits';
import type { CheckedModel, SweepPlan, SweepTrial } from './api';

/** What checking a model made of some members gives: its diagnostics, its spec when clean, its values by path. */
export interface Analysis {
  diagnostics: Diagnostic[];
  spec?: ModelSpec;
  values: Map<string, unknown>;
}

/** A key path and the value a trial gives it. */
interface Assignment { path: string; key: Identifier; value: Value }
/** The values of one trial (before repeats); `caseName` when it comes from a named case. */
interface Configuration { caseName?: Identifier; assignments: Assignment[] }
/** One dimension of the sweep: its possible assignments, or how to draw one. */
interface Axis { options: Assignment[][]; draw?: (random: () => number) => Assignment[] }

const keyOfDiagnostic = (d: Diagnostic) => `${d.code}|${d.range.start.offset}|${d.range.end.offset}|${d.message}`;
const within = (outer: Range, inner: Range) => inner.start.offset >= outer.start.offset && inner.end.offset <= outer.end.offset;
const isNumeric = (schema: PropertySchema) => schema.type.kind === 'integer' || schema.type.kind === 'number';

export class SweepChecker {
  private readonly reporter = new Reporter();
  /** The named cases, in order: when there are any, their assignment lists are the first axis. */
  private caseNames: Identifier[] = [];

  constructor(
    private readonly block: Block,
    private readonly lines: LineIndex,
    /** Checks a model made of these members. */
    private readonly analyse: (members: Member[]) => Analysis,
  ) {}

  /** The sweep's trials and every problem of the sweep; `model` is the model's own check (its problems are not repeated). */
  check(members: Member[], model: Analysis): { plan: SweepPlan; diagnostics: Diagnostic[] } {
    const settingsMembers = this.block.members.filter((m) => m.kind === 'property' && SWEEP_SETTINGS.includes(m.key.name));
    const settings = new ModelResolver(this.reporter, this.lines).settings(this.block, settingsMembers, SWEEP_BLOCK);
    const random = typeof settings.trials === 'number';
    const repeat = typeof settings.repeat === 'number' ? settings.repeat : 1;
    const axes = this.axes(random);
    const configurations = random ? undefined : axes.reduce((product, axis) => product * axis.options.length, 1);
    const count = (random ? (settings.trials as number) : configurations!) * repeat;
    if (axes.length === 0 && !this.reporter.hasErrors) {
      this.reporter.error('empty-list', this.block.name.range,
        t('the sweep gives no key to vary: add a key path and its values, e.g. `optimizer.lr: [0.001, 0.01]`'));
    }
    if (count > MAX_SWEEP_TRIALS) {
      this.reporter.error('sweep-too-large', this.block.name.range,
        t('the sweep expands to {0} trials, more than {1}: sweep fewer values, or draw `trials: N` at random', count, MAX_SWEEP_TRIALS));
    }
    if (this.reporter.hasErrors) return { plan: { count }, diagnostics: this.reporter.diagnostics };

    const chosen = random
      ? this.draw(axes, settings.trials as number, settings.seed as number)
      : this.grid(axes);
    // A random sweep may never draw a list's last item or a range's ends: each is checked alone as well.
    const probes = random ? axes.flatMap((axis) => axis.options.map((assignments) => ({ assignments }))) : [];
    const known = new Set(model.diagnostics.map(keyOfDiagnostic));
    const reported = new Set<string>();
    const checked = [...chosen, ...probes].map((configuration) => {
      const analysis = this.analyse(substituteAll(members, configuration.assignments));
      for (const diagnostic of analysis.diagnostics) {
        if (known.has(keyOfDiagnostic(diagnostic))) continue;
        const placed = within(this.block.range, diagnostic.range) ? diagnostic : this.onTrial(diagnostic, configuration);
        const key = keyOfDiagnostic(placed);
        if (reported.has(key)) continue;
        reported.add(key);
        this.reporter.diagnostics.push(placed);
      }
      return { configuration, analysis };
    }).slice(0, chosen.length);
    const clean = !this.reporter.diagnostics.some((d) => d.severity === 'error') && checked.every((c) => c.analysis.spec);
    if (!clean) return { plan: { count }, diagnostics: this.reporter.diagnostics };
    return { plan: { count, trials: this.repeated(checked, repeat) }, diagnostics: this.reporter.diagnostics };
  }

  /** Each configuration `repeat` times with the seeds train.seed, train.seed + 1, ... */
  private repeated(checked: { configuration: Configuration; analysis: Analysis }[], repeat: number): SweepTrial[] {
    const trials: SweepTrial[] = [];
    for (const { configuration, analysis } of checked) {
      const spec = analysis.spec!;
      const params: Record<string, unknown> = configuration.caseName ? { case: configuration.caseName.name } : {};
      for (const { path } of configuration.assignments) params[path] = analysis.values.get(path);
      for (let run = 0; run < repeat; run++) {
        const seed = (spec.train.seed ?? 0) + run;
        trials.push({
          trial: trials.length + 1,
          params: repeat > 1 ? { ...params, 'train.seed': seed } : params,
          spec: repeat > 1 ? { ...spec, train: { ...spec.train, seed } } : spec,
        });
      }
    }
    return trials;
  }

  /** A problem a trial has outside the sweep block (two values that do not fit together): shown on the trial's values. */
  private onTrial(diagnostic: Diagnostic, configuration: Configuration): Diagnostic {
    const described = configuration.caseName
      ? `\`${configuration.caseName.name}\``
      : configuration.assignments.map((a) => `\`${a.path}: ${this.text(a.value)}\``).join(', ');
    const anchor = configuration.caseName?.range ?? configuration.assignments[0]?.value.range ?? this.block.name.range;
    return {
      range: anchor, severity: diagnostic.severity, code: diagnostic.code,
      message: t('in the trial {0}: {1}', described, diagnostic.message),
      related: [{ range: diagnostic.range, message: t('the value the trial does not fit') }, ...(diagnostic.related ?? [])],
    };
  }

  // ------------------------------------------------------------ axes

  private axes(random: boolean): Axis[] {
    const axes: Axis[] = [];
    const cases: Assignment[][] = [];
    const caseNames: Identifier[] = [];
    for (const member of this.block.members) {
      if (member.kind === 'block') {
        const assignments = member.members.flatMap((m) => this.caseAssignment(m) ?? []);
        cases.push(assignments);
        caseNames.push(member.name);
        continue;
      }
      if (SWEEP_SETTINGS.includes(member.key.name)) continue;
      const target = this.target(member.key);
      if (!target || !member.value) continue;
      const axis = random ? this.randomAxis(member, member.value, target) : this.gridAxis(member, member.value);
      if (axis) axes.push(axis);
    }
    if (cases.length) {
      const options = cases;
      axes.unshift({ options, draw: (next) => options[Math.floor(next() * options.length)] });
      this.caseNames = caseNames;
    }
    return axes;
  }

  private caseAssignment(member: Member): Assignment | undefined {
    if (member.kind === 'block') {
      this.reporter.error('type-mismatch', member.name.range,
        t('a case of a sweep holds `path: value` properties, e.g. `hidden.gates: [input, output]`, not blocks'));
      return undefined;
    }
    const target = this.target(member.key);
    return target && member.value ? { path: member.key.name, key: member.key, value: member.value } : undefined;
  }

  /** The property a sweep key addresses; an unknown path is reported with the closest one. */
  private target(key: Identifier): PropertySchema | undefined {
    const schema = propertyAtKeyPath(key.name);
    if (schema) return schema;
    const suggestion = closestName(key.name, [...keyPaths(), ...SWEEP_SETTINGS]);
    this.reporter.error('unknown-sweep-key', key.range,
      didYouMean(t('`{0}` is no key of the model: a sweep varies keys by their block path, e.g. `optimizer.lr` or `hidden.units`', key.name), suggestion),
      suggestion ? [replaceFix(t('Change to `{0}`', suggestion), key.range, suggestion)] : []);
    return undefined;
  }

  private gridAxis(property: Property, value: Value): Axis | undefined {
    if (value.kind !== 'list') {
      const text = this.text(value);
      const isDistribution = value.kind === 'call' && this.distribution(value);
      this.reporter.error('type-mismatch', value.range, isDistribution
        ? t('`{0}` draws values at random: give the sweep `trials: N` to make it a random sweep', value.callee.name)
        : t('a grid sweep tries each value of a list: write `{0}: [{1}]`', property.key.name, text),
      isDistribution ? [] : [replaceFix(t('Make it a list: [{0}]', text), value.range, `[${text}]`)]);
      return undefined;
    }
    if (value.items.length === 0) {
      this.reporter.error('empty-list', value.range, t('`{0}` has no value to try', property.key.name));
      return undefined;
    }
    return { options: value.items.map((item) => [{ path: property.key.name, key: property.key, value: item }]) };
  }

  private randomAxis(property: Property, value: Value, target: PropertySchema): Axis | undefined {
    const assign = (item: Value): Assignment[] => [{ path: property.key.name, key: property.key, value: item }];
    const choiceOf = (items: Value[]): Axis => ({
      options: items.map(assign),
      draw: (next) => assign(items[Math.floor(next() * items.length)]),
    });
    if (value.kind === 'list') {
      if (value.items.length > 0) return choiceOf(value.items);
      this.reporter.error('empty-list', value.range, t('`{0}` has no value to try', property.key.name));
      return undefined;
    }
    const fn = value.kind === 'call' ? this.distribution(value) : undefined;
    if (!fn || value.kind !== 'call') {
      this.reporter.error('type-mismatch', value.range,
        t('a random sweep draws `{0}` from a list or from `uniform(min: ..., max: ...)`, `log_uniform(min: ..., max: ...)` or `choice(values: [...])`', property.key.name));
      return undefined;
    }
    const args = new Map(value.args.map((arg) => [arg.key.name, arg]));
    for (const arg of value.args) {
      if (!fn.args.some((a) => a.key === arg.key.name)) {
        this.reporter.error('unknown-argument', arg.key.range, t('`{0}` has no argument `{1}`', fn.name, arg.key.name));
        return undefined;
      }
    }
    const missing = fn.args.find((a) => !args.get(a.key)?.value);
    if (missing) {
      this.reporter.error('missing-required', value.callee.range, t('`{0}` needs the argument `{1}`', fn.name, missing.key));
      return undefined;
    }
    if (fn.name === 'choice') {
      const values = args.get('values')!.value!;
      if (values.kind === 'list' && values.items.length > 0) return choiceOf(values.items);
      this.reporter.error('type-mismatch', values.range, t('`choice` takes a list of at least one value: `choice(values: [a, b])`'));
      return undefined;
    }
    return this.rangeAxis(property, value, fn.name === 'log_uniform', args.get('min')!.value!, args.get('max')!.value!, target);
  }

  private rangeAxis(property: Property, call: CallValue, logarithmic: boolean, minNode: Value, maxNode: Value, target: PropertySchema): Axis | undefined {
    if (!isNumeric(target)) {
      this.reporter.error('type-mismatch', call.callee.range,
        t('`{0}` draws numbers, but `{1}` is not a number: draw it from a list instead', call.callee.name, property.key.name));
      return undefined;
    }
    if (minNode.kind !== 'number' || maxNode.kind !== 'number') {
      const wrong = minNode.kind !== 'number' ? minNode : maxNode;
      this.reporter.error('type-mismatch', wrong.range, t('the ends of `{0}` are numbers', call.callee.name));
      return undefined;
    }
    if (!(minNode.value < maxNode.value)) {
      this.reporter.error('out-of-range', maxNode.range, t('`max` must be greater than `min` ({0})', minNode.text));
      return undefined;
    }
    if (logarithmic && !(minNode.value > 0)) {
      this.reporter.error('out-of-range', minNode.range, t('`min` of `log_uniform` must be greater than 0, not {0}', minNode.text));
      return undefined;
    }
    const integer = target.type.kind === 'integer';
    const assign = (number: number): Assignment[] => {
      const rounded = integer ? Math.round(number) : Number(number.toPrecision(6));
      return [{ path: property.key.name, key: property.key, value: { kind: 'number', value: rounded, text: String(rounded), range: call.range } }];
    };
    const low = logarithmic ? Math.log(minNode.value) : minNode.value;
    const high = logarithmic ? Math.log(maxNode.value) : maxNode.value;
    return {
      // The written ends, checked alone: an end out of the key's range is reported where it is written.
      options: [[{ path: property.key.name, key: property.key, value: minNode }], [{ path: property.key.name, key: property.key, value: maxNode }]],
      draw: (next) => {
        const drawn = low + next() * (high - low);
        return assign(logarithmic ? Math.exp(drawn) : drawn);
      },
    };
  }

  private distribution(call: CallValue) {
    return SWEEP_DISTRIBUTIONS.find((fn) => fn.name === call.callee.name);
  }

  // ------------------------------------------------------------ trials

  private grid(axes: Axis[]): Configuration[] {
    let configurations: Configuration[] = [{ assignments: [] }];
    axes.forEach((axis, index) => {
      const isCases = index === 0 && this.caseNames.length > 0;
      configurations = configurations.flatMap((configuration) => axis.options.map((assignments, option) => ({
        ...(isCases ? { caseName: this.caseNames[option] } : configuration.caseName ? { caseName: configuration.caseName } : {}),
        assignments: [...configuration.assignments, ...assignments],
      })));
    });
    return configurations;
  }

  private draw(axes: Axis[], trials: number, seed: number): Configuration[] {
    const generator = xoroshiro128plus(seed);
    const next = () => uniformFloat64(generator);
    return Array.from({ length: trials }, () => {
      let caseName: Identifier | undefined;
      const assignments = axes.flatMap((axis, index) => {
        if (index === 0 && this.caseNames.length > 0) {
          const option = uniformInt(generator, 0, axis.options.length - 1);
          caseName = this.caseNames[option];
          return axis.options[option];
        }
        return axis.draw!(next);
      });
      return { ...(caseName ? { caseName } : {}), assignments };
    });
  }

  private text(value: Value): string {
    return value.kind === 'number' ? value.text : this.lines.text.slice(value.range.start.offset, value.range.end.offset);
  }
}

// ------------------------------------------------------------ substitution

/** The members with each assignment's value put at its path (adding the key, its block or its call when absent). */
export function substituteAll(members: Member[], assignments: Assignment[]): Member[] {
  return assignments.reduce((current, assignment) => substitute(current, 0, assignment), members);
}

/** `members` with the assignment made below them; `depth` is how many segments of its path are already walked. */
function substitute(members: Member[], depth: number, assignment: Assignment): Member[] {
  const parts = assignment.path.split('.');
  const name = parts[depth];
  const last = depth === parts.length - 1;
  const at = members.findIndex((m) => (m.kind === 'block' ? m.name.name : m.key.name) === name);
  const existing = at >= 0 ? members[at] : undefined;
  const key: Identifier = { kind: 'identifier', name, range: assignment.key.range };
  let replacement: Member;
  if (last) {
    replacement = existing?.kind === 'property'
      ? { ...existing, value: assignment.value }
      : { kind: 'property', key, value: assignment.value, range: assignment.key.range };
  } else if (existing?.kind === 'block' || (!existing && !propertyAtKeyPath(parts.slice(0, depth + 1).join('.')))) {
    const block: Block = existing?.kind === 'block' ? existing
      : { kind: 'block', name: key, members: [], bodyRange: assignment.key.range, range: assignment.key.range };
    replacement = { ...block, members: substitute(block.members, depth + 1, assignment) };
  } else {
    replacement = { kind: 'property', key: existing?.key ?? key, value: withArgument(existing, assignment), range: existing?.range ?? assignment.key.range };
  }
  const result = [...members];
  if (existing) result[at] = replacement;
  else result.push(replacement);
  return result;
}

/** The call at a property with the assignment's argument set: `adam` becomes `adam(lr: x)`; an absent key calls its default. */
function withArgument(existing: Member | undefined, assignment: Assignment): Value {
  const argName = assignment.path.split('.').pop()!;
  const argKey: Identifier = { kind: 'identifier', name: argName, range: assignment.key.range };
  const argument: Property = { kind: 'property', key: argKey, value: assignment.value, range: assignment.key.range };
  const value = existing?.kind === 'property' ? existing.value : undefined;
  if (value?.kind === 'call') {
    const at = value.args.findIndex((a) => a.key.name === argName);
    const args = [...value.args];
    if (at >= 0) args[at] = { ...args[at], value: assignment.value };
    else args.push(argument);
    return { ...value, args };
  }
  const calleeName = value?.kind === 'identifier-value' ? value.name : defaultFunction(assignment.path);
  const callee: Identifier = { kind: 'identifier', name: calleeName ?? '', range: value?.range ?? assignment.key.range };
  return { kind: 'call', callee, args: [argument], argsRange: callee.range, range: callee.range };
}

function defaultFunction(path: string): string | undefined {
  const owner = propertyAtKeyPath(path.split('.').slice(0, -1).join('.'));
  return typeof owner?.default === 'string' ? owner.default : undefined;
}

/** The trials of a checked model's sweep, each a checked spec with its values; none when it has no sweep or errors. */
export function expandSweep(model: CheckedModel): SweepTrial[] {
  return model.sweep?.trials ?? [];
}
