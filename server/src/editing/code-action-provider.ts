// Code actions: the core's fixes for its diagnostics as quick fixes, a fix
// for a diverged training run (`nan-loss`, reported by training, not by the
// checker) and actions that add an absent block from its schema snippet.
import {
  CodeActionKind, type CodeAction, type CodeActionContext, type Diagnostic, type Range, type TextEdit,
} from 'vscode-languageserver';
import { t, type Fix } from '../../../core/src/shared';
import { insertMemberEdit, snippetToText } from '../../../core/src/language';
import { modelAt } from '../../../core/src/language';
import { functionsOf } from '../../../core/src/language';
import { SCHEMA } from '../../../core/src/language';
import type { ModelDecl, Property } from '../../../core/src/language';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { CodeActionProvider } from '../language-services';
import { toLspRange } from '../util/ranges';
import type { TrainErrorCode } from '../../../core/src/shared';

/** The diagnostic code a training run reports when the loss became NaN or infinite. */
export const NAN_LOSS: TrainErrorCode = 'nan-loss';
/** The optimizer argument that tames exploding gradients, and the value the fix proposes. */
const CLIP_ARGUMENT = 'clipnorm';
const CLIP_VALUE = '1.0';

export class QuickFixCodeActionProvider implements CodeActionProvider {
  codeActions(document: AnalyzedDocument, range: Range, context: CodeActionContext): CodeAction[] {
    const actions: CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      actions.push(...this.coreFixes(document, diagnostic));
      if (isNanLoss(diagnostic)) actions.push(...this.clipFix(document, diagnostic));
    }
    actions.push(...this.addBlockActions(document, range));
    const only = context.only;
    return only?.length ? actions.filter((a) => only.some((kind) => a.kind === kind || a.kind?.startsWith(`${kind}.`))) : actions;
  }

  /** The fixes the core attached to the same diagnostic (matched by code and range in the current version). */
  private coreFixes(document: AnalyzedDocument, diagnostic: Diagnostic): CodeAction[] {
    const core = document.result.diagnostics.find((d) => d.code === diagnostic.code
      && d.range.start.line === diagnostic.range.start.line && d.range.start.character === diagnostic.range.start.character
      && d.range.end.line === diagnostic.range.end.line && d.range.end.character === diagnostic.range.end.character);
    return (core?.fixes ?? []).map((fix, index) => quickFix(document, fix.title, fixEdits(fix), diagnostic, index === 0));
  }

  /** After a diverged run: add gradient clipping to the model's optimizer. */
  private clipFix(document: AnalyzedDocument, diagnostic: Diagnostic): CodeAction[] {
    const model = modelAt(document.result.file, document.offsetAt(diagnostic.range.start)) ?? modelNamed(document, diagnostic);
    if (!model) return [];
    const edit = clipEdit(document, model);
    return edit ? [quickFix(document, t('Add `{0}` to the optimizer (clip exploding gradients)', `${CLIP_ARGUMENT}: ${CLIP_VALUE}`), [edit], diagnostic, true)] : [];
  }

  /** For a model without an optional block (train, output...): add it, filled in from the schema's snippet. */
  private addBlockActions(document: AnalyzedDocument, range: Range): CodeAction[] {
    const model = modelAt(document.result.file, document.offsetAt(range.start));
    if (!model) return [];
    const present = new Set(model.members.map((m) => (m.kind === 'block' ? m.name.name : m.key.name)));
    return SCHEMA.model.members.flatMap((member) => {
      // A missing required block is an error whose quick fix comes with the core's diagnostic.
      if (member.kind !== 'block' || member.required || !member.snippet || present.has(member.name)) return [];
      const edit = insertMemberEdit(document.lines, model, snippetToText(member.snippet));
      if (!edit) return [];
      return [{
        title: t('Add a `{0}` block', member.name),
        kind: CodeActionKind.RefactorRewrite,
        edit: { changes: { [document.uri]: [{ range: toLspRange(edit.range), newText: edit.newText }] } },
      }];
    });
  }
}

function isNanLoss(diagnostic: Diagnostic): boolean {
  const data = diagnostic.data as { code?: unknown } | undefined;
  return diagnostic.code === NAN_LOSS || data?.code === NAN_LOSS;
}

/** A training diagnostic may name its model in `data.model` instead of pointing into it. */
function modelNamed(document: AnalyzedDocument, diagnostic: Diagnostic): ModelDecl | undefined {
  const name = (diagnostic.data as { model?: unknown } | undefined)?.model;
  return typeof name === 'string' ? document.result.file.models.find((m) => m.name?.name === name) : undefined;
}

/** The edit that gives the optimizer a clipping argument, whatever form it has now. */
function clipEdit(document: AnalyzedDocument, model: ModelDecl): TextEdit | undefined {
  const optimizerSchema = SCHEMA.model.members.find((m) => m.kind === 'property'
    && functionsOf(m.type).some((f) => f.args.some((a) => a.key === CLIP_ARGUMENT)));
  if (optimizerSchema?.kind !== 'property') return undefined;
  const argument = `${CLIP_ARGUMENT}: ${CLIP_VALUE}`;
  const property = model.members.find((m): m is Property => m.kind === 'property' && m.key.name === optimizerSchema.key);
  const value = property?.value;
  if (!property) {
    const fallback = String(optimizerSchema.default ?? functionsOf(optimizerSchema.type)[0].name);
    const edit = insertMemberEdit(document.lines, model, `${optimizerSchema.key}: ${fallback}(${argument})`);
    return edit && { range: toLspRange(edit.range), newText: edit.newText };
  }
  if (value?.kind === 'identifier-value') return { range: toLspRange(value.range), newText: `${value.name}(${argument})` };
  if (value?.kind !== 'call' || value.args.some((a) => a.key.name === CLIP_ARGUMENT)) return undefined;
  if (document.text[value.argsRange.end.offset - 1] !== ')') return undefined;
  const closer = document.positionAt(value.argsRange.end.offset - 1);
  return { range: { start: closer, end: closer }, newText: value.args.length ? `, ${argument}` : argument };
}

function fixEdits(fix: Fix): TextEdit[] {
  return fix.edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText }));
}

function quickFix(document: AnalyzedDocument, title: string, edits: TextEdit[], diagnostic: Diagnostic, isPreferred: boolean): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred, edit: { changes: { [document.uri]: edits } } };
}
