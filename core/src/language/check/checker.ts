// checkText / checkFile: parse, then check every model against the schema
// (resolver.ts), then the cross-field rules (rules/), then plan layers and
// build the spec of every clean model. Never throws: a bug becomes a
// diagnostic instead of taking the editor or the CLI down.
import { dirname } from 'node:path';
import type { Block, Member, ModelDecl, RnnFile } from '../syntax/ast';
import { parse, sortByPosition } from '../syntax/parser';
import { LineIndex } from '../syntax/positions';
import { nodeFileSystem } from '../data-files/source-file';
import type { CheckedModel, CheckOptions, CheckResult } from './api';
import { t, type Diagnostic } from '../../shared';
import { inspectModelData, type StampMemo } from './data-facts';
import { ModelContext, type ModelRule } from './model-context';
import { Reporter } from './reporter';
import { modelLabel } from '../syntax/labels';
import { ModelResolver } from './resolver';
import { coupledNeedsBothGates, gatesExistInCell, longSequenceWarning, optionsFitCell } from './rules/cell-rules';
import { enoughData, generateNeedsText, insightSampleInRange, sizesMatchData } from './rules/data-rules';
import { horizonNeedsRegression, horizonNeedsSeries } from './rules/horizon-rules';
import { lossFitsActivation, lossFitsTask } from './rules/loss-rules';
import { embeddingNeedsTokens, lossFitsClassTargets, sequenceLengths, stratifyNeedsLabels } from './rules/sequence-rules';
import { everyStepNeedsStepTargets, everyStepNotBidirectional, everyStepNotWithHorizon } from './rules/output-rules';
import { checkResourceBudget, modelResources } from './rules/resource-rules';
import { inferLayers } from './shapes';
import { buildSpec, planLayers } from './spec-builder';
import { ModelFamily } from './inheritance';
import { SWEEP_BLOCK_NAME } from '../schema/constructs';
import { SweepChecker, type Analysis } from './sweep';
import { removeMemberEdit } from './edits';

const RULES: ModelRule[] = [
  gatesExistInCell,
  coupledNeedsBothGates,
  optionsFitCell,
  longSequenceWarning,
  lossFitsTask,
  lossFitsActivation,
  sizesMatchData,
  horizonNeedsSeries,
  horizonNeedsRegression,
  enoughData,
  insightSampleInRange,
  generateNeedsText,
  embeddingNeedsTokens,
  stratifyNeedsLabels,
  lossFitsClassTargets,
  sequenceLengths,
  everyStepNeedsStepTargets,
  everyStepNotBidirectional,
  everyStepNotWithHorizon,
];

export function checkText(text: string, options: CheckOptions = {}): CheckResult {
  const parsed = parse(text);
  return checkFile(parsed.file, parsed.diagnostics, options, parsed.lines);
}

/** `lines`: the line table of the file's text when the caller has one (the parser's), else it is built here. */
export function checkFile(file: RnnFile, parseDiagnostics: Diagnostic[], options: CheckOptions = {}, lines = new LineIndex(file.text ?? '')): CheckResult {
  try {
    return new FileChecker(file, parseDiagnostics, options, lines).check();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const internal: Diagnostic = { range: lines.range(0, 0), severity: 'error', code: 'syntax-error', message: t('internal checker error: {0}', message) };
    return { file, diagnostics: [...parseDiagnostics, internal], models: [] };
  }
}

const diagnosticKey = (d: Diagnostic) => `${d.code}|${d.range.start.offset}|${d.range.end.offset}|${d.message}`;

class FileChecker {
  private readonly diagnostics: Diagnostic[];
  private readonly baseDir?: string;
  private readonly stamps: StampMemo = new Map();
  private readonly family: ModelFamily;
  private readonly analyses = new Map<ModelDecl, ReturnType<FileChecker['analyse']>>();

  constructor(
    private readonly file: RnnFile,
    private readonly parseDiagnostics: Diagnostic[],
    private readonly options: CheckOptions,
    private readonly lines: LineIndex,
  ) {
    this.diagnostics = [...parseDiagnostics];
    this.baseDir = options.path ? dirname(options.path) : undefined;
    this.family = new ModelFamily(file.models);
  }

  check(): CheckResult {
    if (this.file.models.length === 0) {
      this.diagnostics.push({
        range: this.lines.range(0, 0), severity: 'error', code: 'no-model',
        message: t('the file declares no model: start with `model Name { ... }`'),
      });
    }
    this.reportDuplicateModels();
    const models = this.file.models.map((decl) => this.checkModel(decl));
    return { file: this.file, diagnostics: sortByPosition(this.diagnostics), models };
  }

  private reportDuplicateModels() {
    const seen = new Map<string, ModelDecl>();
    for (const model of this.file.models) {
      if (!model.name) continue;
      const first = seen.get(model.name.name);
      if (first) {
        this.diagnostics.push({
          range: model.name.range, severity: 'error', code: 'duplicate-model',
          message: t('a model named `{0}` is already declared in this file', model.name.name),
          related: [{ range: first.name!.range, message: t('first declared here') }],
        });
      } else {
        seen.set(model.name.name, model);
      }
    }
  }

  private checkModel(decl: ModelDecl): CheckedModel {
    const lineage = this.family.lineage(decl);
    const own = this.analysisOf(decl);
    const diagnostics = this.placeInherited(decl, lineage.chain, own.diagnostics);
    if (lineage.diagnostic) diagnostics.push(lineage.diagnostic);
    const sweepBlock = this.sweepBlock(decl, diagnostics);
    const sweep = sweepBlock && new SweepChecker(sweepBlock, this.lines, (members) => this.analyse(decl, members).analysis)
      .check(lineage.members, own);
    if (sweep) diagnostics.push(...sweep.diagnostics);
    this.diagnostics.push(...diagnostics);

    const name = decl.name?.name ?? '';
    const clean = !own.hasErrors && !lineage.diagnostic && !diagnostics.some((d) => d.severity === 'error')
      && !lineage.chain.some((model) => this.hasSyntaxErrorIn(model)) && !!decl.name && (!sweep || !!sweep.plan.trials);
    return {
      decl, name, spec: clean ? own.spec : undefined, layers: own.inference?.layers, totalParams: own.inference?.totalParams,
      resources: own.resources, ...(lineage.chain.length > 1 ? { bases: lineage.chain.slice(1).map((model) => model.name!.name) } : {}),
      ...(sweep ? { sweep: clean ? sweep.plan : { count: sweep.plan.count } } : {}),
    };
  }

  /** A model's check with its bases applied, once per model: a child's check compares with its bases'. */
  private analysisOf(decl: ModelDecl) {
    let outcome = this.analyses.get(decl);
    if (!outcome) {
      outcome = this.analyse(decl, this.family.lineage(decl).members);
      this.analyses.set(decl, outcome);
    }
    return outcome.analysis;
  }

  /** Checks a model made of `members` (its own with its bases', or a sweep trial's). */
  private analyse(decl: ModelDecl, members: Member[]) {
    const reporter = new Reporter();
    const resolved = new ModelResolver(reporter, this.lines).resolve({ ...decl, members });
    const context = new ModelContext(resolved, reporter, this.lines);
    inspectModelData(context, this.baseDir, this.options.fs ?? nodeFileSystem, this.options.dataAccess, this.stamps);
    for (const rule of RULES) rule.check(context);
    const plan = planLayers(context);
    const inference = plan ? inferLayers(plan) : undefined;
    // After the rules and before the spec: a model over the budget must not become trainable.
    const resources = plan && modelResources(context, plan, this.options.memoryBudget);
    if (resources) checkResourceBudget(context, resources, this.options.memoryBudget);
    const textOf = (model: ModelDecl) => this.lines.text.slice(model.range.start.offset, model.range.end.offset);
    const source = [...this.family.lineage(decl).chain].reverse().map(textOf).join('\n\n');
    const spec = reporter.hasErrors || !decl.name ? undefined : buildSpec(context, decl.name.name, this.baseDir ?? process.cwd(), source);
    if (spec && resources?.data?.streamed) spec.streamData = true;
    const analysis: Analysis & { hasErrors: boolean; inference?: typeof inference; resources?: typeof resources } = {
      diagnostics: reporter.diagnostics, spec, values: resolved.values, hasErrors: reporter.hasErrors, inference, resources,
    };
    return { analysis };
  }

  /**
   * A base's problems are reported once, on the base: the child drops those it
   * shares with a base. One that only the child has but that lies in a base
   * (the child's value does not fit a value it inherits) is shown on the child's `extends`.
   */
  private placeInherited(decl: ModelDecl, chain: ModelDecl[], diagnostics: Diagnostic[]): Diagnostic[] {
    const base = decl.extends?.base;
    if (chain.length < 2 || !base) return [...diagnostics];
    const inherited = new Set(chain.slice(1).flatMap((model) => this.analysisOf(model).diagnostics.map(diagnosticKey)));
    const inside = (d: Diagnostic) => d.range.start.offset >= decl.range.start.offset && d.range.end.offset <= decl.range.end.offset;
    return diagnostics.flatMap((d) => {
      if (inside(d)) return [d];
      if (inherited.has(diagnosticKey(d))) return [];
      return [{
        range: base.range, severity: d.severity, code: d.code,
        message: t('with what `{0}` sets: {1}', decl.name?.name ?? '', d.message),
        related: [{ range: d.range, message: t('inherited from `{0}`', base.name) }, ...(d.related ?? [])],
      }];
    });
  }

  /** The model's `sweep` block; a second one is reported. */
  private sweepBlock(decl: ModelDecl, diagnostics: Diagnostic[]): Block | undefined {
    const blocks = decl.members.filter((m): m is Block => m.kind === 'block' && m.name.name === SWEEP_BLOCK_NAME);
    for (const extra of blocks.slice(1)) {
      diagnostics.push({
        range: extra.name.range, severity: 'error', code: 'duplicate-key',
        message: t('`{0}` is already given in {1}', SWEEP_BLOCK_NAME, modelLabel(decl.name?.name)),
        fixes: [{ title: t('Remove the second `{0}`', SWEEP_BLOCK_NAME), edits: [removeMemberEdit(this.lines, extra)] }],
        related: [{ range: blocks[0].name.range, message: t('first given here') }],
      });
    }
    return blocks[0];
  }

  private hasSyntaxErrorIn(decl: ModelDecl): boolean {
    const { start, end } = decl.range;
    return this.parseDiagnostics.some((d) => d.severity === 'error'
      && d.range.start.offset <= end.offset && d.range.end.offset >= start.offset);
  }
}
