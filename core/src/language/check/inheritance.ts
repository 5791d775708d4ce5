// `model Child extends Base { ... }`: the members a model has once its bases
// are applied. It works on the syntax tree, before the resolver: a block the
// child writes merges into the base's block key by key, a property the child
// writes replaces the base's, so the resolver checks the merged members like
// any model's and every value keeps the range it was written at (in the child,
// or in the base it comes from). It knows no key of the schema.
import type { Block, Identifier, Member, ModelDecl } from '../syntax/ast';
import { t, type Diagnostic } from '../../shared';
import { closestName, didYouMean } from './suggest';
import { replaceFix } from './edits';
import { SWEEP_BLOCK_NAME } from '../schema/constructs';


export interface Lineage {
  /** The model's members with its bases applied, its sweep left out. */
  members: Member[];
  /** The model, then its base, then the base's base...; just the model when it extends nothing (or a missing base). */
  chain: ModelDecl[];
  /** The problem of the `extends` clause itself (unknown base, cycle), reported on the child. */
  diagnostic?: Diagnostic;
}

const keyOf = (member: Member): Identifier => (member.kind === 'block' ? member.name : member.key);
const isSweep = (member: Member) => member.kind === 'block' && member.name.name === SWEEP_BLOCK_NAME;

/** The models of one file by name (the first of a repeated name: the checker reports the second). */
export class ModelFamily {
  private readonly byName = new Map<string, ModelDecl>();
  private readonly lineages = new Map<ModelDecl, Lineage>();

  constructor(models: readonly ModelDecl[]) {
    for (const model of models) {
      if (model.name && !this.byName.has(model.name.name)) this.byName.set(model.name.name, model);
    }
  }

  model(name: string): ModelDecl | undefined {
    return this.byName.get(name);
  }

  /** The members of `decl` with every base applied, and the chain they came from. */
  lineage(decl: ModelDecl): Lineage {
    let lineage = this.lineages.get(decl);
    if (!lineage) {
      lineage = this.resolve(decl);
      this.lineages.set(decl, lineage);
    }
    return lineage;
  }

  private resolve(decl: ModelDecl): Lineage {
    const own = decl.members.filter((member) => !isSweep(member));
    const base = decl.extends?.base;
    if (!base) return { members: own, chain: [decl] };
    const chain = this.chainFrom(decl);
    if ('cycle' in chain) {
      const names = [...chain.cycle.map((model) => model.name!.name), chain.cycle[0].name!.name];
      return {
        members: own, chain: [decl], diagnostic: {
          range: base.range, severity: 'error', code: 'inheritance-cycle',
          message: t('`{0}` cannot extend `{1}`: the models extend each other in a cycle ({2})', decl.name?.name ?? '', base.name, names.join(' → ')),
        },
      };
    }
    if ('missing' in chain) return { members: own, chain: [decl], diagnostic: this.unknownBase(decl, chain.missing) };
    const members = chain.models.slice(1).reduceRight<Member[]>(
      (merged, model) => mergeMembers(merged, model.members.filter((member) => !isSweep(member))), []);
    return { members: mergeMembers(members, own), chain: chain.models };
  }

  /** The model and its bases, oldest last; or the cycle it runs into, or the base that does not exist. */
  private chainFrom(decl: ModelDecl): { models: ModelDecl[] } | { cycle: ModelDecl[] } | { missing: Identifier } {
    const models: ModelDecl[] = [decl];
    for (let model = decl; model.extends?.base;) {
      const reference = model.extends.base;
      const base = this.byName.get(reference.name);
      if (!base) return model === decl ? { missing: reference } : { models };
      const seen = models.indexOf(base);
      if (seen >= 0) return { cycle: models.slice(seen) };
      models.push(base);
      model = base;
    }
    return { models };
  }

  private unknownBase(decl: ModelDecl, reference: Identifier): Diagnostic {
    const names = [...this.byName.keys()].filter((name) => name !== decl.name?.name);
    const suggestion = closestName(reference.name, names);
    const message = t('no model named `{0}` in this file to extend (a base must be declared in the same file)', reference.name);
    return {
      range: reference.range, severity: 'error', code: 'unknown-base-model',
      message: didYouMean(message, suggestion),
      ...(suggestion ? { fixes: [replaceFix(t('Change to `{0}`', suggestion), reference.range, suggestion)] } : {}),
    };
  }
}

/**
 * The base's members with the child's applied: a child's block merges into the
 * base's block of the same name, anything else the child writes replaces the
 * base's member of that name. The base's order is kept; new members follow.
 */
export function mergeMembers(base: readonly Member[], child: readonly Member[]): Member[] {
  const merged = [...base];
  for (const member of child) {
    const name = keyOf(member).name;
    const at = merged.findIndex((existing) => keyOf(existing).name === name);
    const inherited = at >= 0 ? merged[at] : undefined;
    // A repeated key of the child stays repeated, for the resolver to report.
    const repeated = child.indexOf(member) !== child.findIndex((other) => keyOf(other).name === name);
    if (!inherited || repeated) merged.push(member);
    else if (inherited.kind === 'block' && member.kind === 'block') merged[at] = mergeBlock(inherited, member);
    else merged[at] = member;
  }
  return merged;
}

function mergeBlock(base: Block, child: Block): Block {
  return { ...child, members: mergeMembers(base.members, child.members) };
}
