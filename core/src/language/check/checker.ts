// checkText / checkFile: parse, then check every model against the schema
// (resolver.ts), then the cross-field rules (rules/), then plan layers and
// build the spec of every clean model. Never throws: a bug becomes a
// diagnostic instead of taking the editor or the CLI down.
import { dirname } from 'node:path';
import type { ModelDecl, RnnFile } from '../syntax/ast';
import { parse, sortByPosition } from '../syntax/parser';
import { LineIndex } from '../syntax/positions';
import { nodeFileSystem } from '../data-files/source-file';
import type { CheckedModel, CheckOptions, CheckResult } from './api';
import { t, type Diagnostic } from '../../shared';
import { inspectModelData, type StampMemo } from './data-facts';
import { ModelContext, type ModelRule } from './model-context';
import { Reporter } from './reporter';
import { ModelResolver } from './resolver';
import { coupledNeedsBothGates, gatesExistInCell, longSequenceWarning, optionsFitCell } from './rules/cell-rules';
import { enoughData, generateNeedsText, sizesMatchData } from './rules/data-rules';
import { lossFitsActivation, lossFitsTask } from './rules/loss-rules';
import { everyStepNeedsStepTargets, everyStepNotBidirectional } from './rules/output-rules';
import { checkResourceBudget, modelResources } from './rules/resource-rules';
import { inferLayers } from './shapes';
import { buildSpec, planLayers } from './spec-builder';

const RULES: ModelRule[] = [
  gatesExistInCell,
  coupledNeedsBothGates,
  optionsFitCell,
  longSequenceWarning,
  lossFitsTask,
  lossFitsActivation,
  sizesMatchData,
  enoughData,
  generateNeedsText,
  everyStepNeedsStepTargets,
  everyStepNotBidirectional,
];

export function checkText(text: string, options: CheckOptions = {}): CheckResult {
  const parsed = parse(text);
  return checkFile(parsed.file, parsed.diagnostics, options);
}

export function checkFile(file: RnnFile, parseDiagnostics: Diagnostic[], options: CheckOptions = {}): CheckResult {
  const lines = new LineIndex(file.text ?? '');
  try {
    return new FileChecker(file, parseDiagnostics, options, lines).check();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const internal: Diagnostic = { range: lines.range(0, 0), severity: 'error', code: 'syntax-error', message: t('internal checker error: {0}', message) };
    return { file, diagnostics: [...parseDiagnostics, internal], models: [] };
  }
}

class FileChecker {
  private readonly diagnostics: Diagnostic[];
  private readonly baseDir?: string;
  private readonly stamps: StampMemo = new Map();

  constructor(
    private readonly file: RnnFile,
    private readonly parseDiagnostics: Diagnostic[],
    private readonly options: CheckOptions,
    private readonly lines: LineIndex,
  ) {
    this.diagnostics = [...parseDiagnostics];
    this.baseDir = options.path ? dirname(options.path) : undefined;
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
    const reporter = new Reporter();
    const resolved = new ModelResolver(reporter, this.lines).resolve(decl);
    const context = new ModelContext(resolved, reporter, this.lines);
    inspectModelData(context, this.baseDir, this.options.fs ?? nodeFileSystem, this.options.dataAccess, this.stamps);
    for (const rule of RULES) rule.check(context);
    const plan = planLayers(context);
    const inference = plan ? inferLayers(plan) : undefined;
    // After the rules and before the spec: a model over the budget must not become trainable.
    const resources = plan && modelResources(context, plan);
    if (resources) checkResourceBudget(context, resources, this.options.memoryBudget);
    this.diagnostics.push(...reporter.diagnostics);

    const name = decl.name?.name ?? '';
    const clean = !reporter.hasErrors && !this.hasSyntaxErrorIn(decl) && !!decl.name;
    const source = this.lines.text.slice(decl.range.start.offset, decl.range.end.offset);
    const spec = clean ? buildSpec(context, name, this.baseDir ?? process.cwd(), source) : undefined;
    return { decl, name, spec, layers: inference?.layers, totalParams: inference?.totalParams, resources };
  }

  private hasSyntaxErrorIn(decl: ModelDecl): boolean {
    const { start, end } = decl.range;
    return this.parseDiagnostics.some((d) => d.severity === 'error'
      && d.range.start.offset <= end.offset && d.range.end.offset >= start.offset);
  }
}
