// `rnn inspect <run-folder>`: what a saved run recorded about the inside of
// its recurrent layers (insight.jsonl), per layer: how the gradient fared going
// back through time at every recorded epoch, and how saturated each gate was.
// `--json` gives the same as one object, with the norms of every time step.
// The figures and the verdicts come from core's insight report, which the
// editor's hints use too.
import { existsSync, statSync } from 'node:fs';
import { readInsight, tryReadSummary, type InsightLog } from '../../../core/src/run-store';
import {
  comparedSteps, EXPLODING_RATIO, formatRatio, formatShare, gradientAdvice, INSIGHT_FILE, insightReport, lastGradient, layerName, t,
  VANISHING_RATIO, verdictText, type InsightReport, type LayerInsightReport, type RunSummary,
} from '../../../core/src/shared';
import { columns } from '../columns';
import { fileError, severityWord } from '../report';
import { terminalText } from '../terminal-text';
import { UsageError } from '../usage';

export interface InspectCommandOptions {
  json: boolean;
}

export function runInspect(folders: string[], options: InspectCommandOptions): number {
  if (folders.length !== 1) throw new UsageError(t('inspect takes exactly one run folder'));
  const runDir = folders[0];
  const fail = (message: string) => {
    console.error(terminalText(fileError(runDir, message)));
    return 1;
  };
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) return fail(t('no such folder'));
  const read = tryReadSummary(runDir);
  if (!read.ok) return fail(t('not a run folder: {0}', read.reason));
  const log = readInsight(runDir);
  if (log.records.length === 0) {
    if (log.skipped > 0) return fail(t('{0} holds no readable record ({1} damaged lines; {2})', INSIGHT_FILE, log.skipped, log.problem ?? ''));
    if (log.problem) return fail(log.problem);
    return fail(t('this run recorded no insight: turn it on with `train { insight: true }` and train again'));
  }
  if (log.skipped > 0) console.error(terminalText(skippedNote(runDir, log)));
  const report = insightReport(log.records);
  if (options.json) {
    console.log(JSON.stringify(reportJson(runDir, read.summary, read.state, report, log.skipped), null, 2));
    return 0;
  }
  for (const line of reportText(runDir, read.summary, read.state, report)) console.log(terminalText(line));
  return 0;
}

function skippedNote(runDir: string, log: InsightLog): string {
  const count = log.skipped === 1 ? t('skipped 1 damaged line of {0}', INSIGHT_FILE) : t('skipped {0} damaged lines of {1}', log.skipped, INSIGHT_FILE);
  return `${runDir}: ${severityWord('note')}: ${count}${log.problem ? ` (${log.problem})` : ''}`;
}

/** For scripts: English field names, numbers as numbers (a ratio that is no number, 0/0 or an overflow, as null). */
function reportJson(runDir: string, summary: RunSummary, state: string, report: InsightReport, skipped: number) {
  return {
    runDir,
    model: summary.model,
    status: state,
    steps: report.steps ?? null,
    batchSize: report.batchSize ?? null,
    sample: report.sample ?? null,
    thresholds: { vanishing: VANISHING_RATIO, exploding: EXPLODING_RATIO },
    skippedLines: skipped,
    layers: report.layers.map((layer) => {
      const last = lastGradient(layer);
      return {
        layer: layer.layer,
        direction: layer.direction,
        cell: layer.cell ?? null,
        units: layer.units ?? null,
        gates: layer.gates,
        epochs: layer.epochs,
        gradientNormByTimestep: layer.gradientNormByTimestep,
        firstToLastRatio: layer.ratios,
        verdicts: layer.verdicts,
        last: last ? { epoch: last.epoch, ratio: last.ratio, verdict: last.verdict } : null,
        saturation: layer.saturation,
      };
    }),
  };
}

function reportText(runDir: string, summary: RunSummary, state: string, report: InsightReport): string[] {
  const lines = [t('{0}: model {1}, {2}', runDir, summary.model, state)];
  if (report.steps !== undefined && report.batchSize !== undefined) lines.push(t('probe: {0} windows of {1} time steps', report.batchSize, report.steps));
  lines.push(
    t('gradient: ||dL/dh|| at the first step over the last; below {0} it vanished, above {1} it exploded', VANISHING_RATIO.toExponential(0).replace('+', ''), EXPLODING_RATIO.toExponential(0).replace('+', '')),
    t('gates: share of the activations below 0.1 / above 0.9'),
  );
  for (const layer of report.layers) lines.push('', ...layerText(layer));
  return lines;
}

function layerText(layer: LayerInsightReport): string[] {
  const units = layer.units === 1 ? t('1 unit') : t('{0} units', layer.units ?? '?');
  // A probe record lost to damage leaves the layer without its cell and size.
  const lines = [layer.cell ? t('{0}: {1}, {2}', layerName(layer), layer.cell, units) : layerName(layer)];
  const epochs = [...new Set([...layer.epochs, ...layer.saturation.map((s) => s.epoch)])].sort((a, b) => a - b);
  if (epochs.length === 0) return [...lines, `  ${t('no epoch recorded yet')}`];
  const steps = layer.gradientNormByTimestep[0]?.length;
  const [first, last] = comparedSteps(layer.direction, steps ?? 0);
  const header = [t('epoch'), steps ? t('step {0} / step {1}', first, last) : t('gradient'), t('verdict'), ...layer.gates];
  const rows = epochs.map((epoch) => {
    const i = layer.epochs.indexOf(epoch);
    const gates = layer.saturation.find((s) => s.epoch === epoch)?.gates ?? [];
    return [
      String(epoch),
      i < 0 ? '' : formatRatio(layer.ratios[i]),
      i < 0 ? '' : verdictText(layer.verdicts[i]),
      ...layer.gates.map((gate) => {
        const share = gates.find((g) => g.gate === gate);
        return share ? `${formatShare(share.low)} / ${formatShare(share.high)}` : '';
      }),
    ];
  });
  lines.push(...columns([header, ...rows], new Set([0, 1])).map((line) => `  ${line}`));
  const end = lastGradient(layer);
  const advice = end && gradientAdvice(end.verdict, layer.cell);
  if (end && advice) lines.push(`  ${t('after epoch {0}: {1} ({2}): {3}', end.epoch, verdictText(end.verdict), formatRatio(end.ratio), advice)}`);
  return lines;
}
