// Hover on `gates` (and on `cell`) in a model's hidden block: what the model's
// latest finished run recorded about them (issue #10). On `gates`, how
// saturated each gate ended up (the share of its activations below 0.1 and
// above 0.9, Karpathy et al. 2015); on `cell`, how the gradient fared going
// back through time at initialisation and at the end, and the gates too when
// the model writes no `gates`. The server shows it below the key's documentation.
import { MarkupKind, type CancellationToken, type Hover, type Position } from 'vscode-languageserver';
import { locate, type ModelDecl } from '../../../core/src/language';
import {
  formatRatio, formatShare, lastGradient, layerName, t, verdictText, type LayerInsightReport,
} from '../../../core/src/shared';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { RunInsightHoverProvider } from '../language-services';
import type { RunInsight, RunInsightLookup } from '../saved-runs/run-insight';

const HIDDEN_BLOCK = 'hidden';

export class SavedRunInsightHoverProvider implements RunInsightHoverProvider {
  constructor(private readonly insight: RunInsightLookup) {}

  hover(document: AnalyzedDocument, position: Position, token: CancellationToken): Hover | null {
    const target = locate(document.result.file, document.offsetAt(position));
    const key = target?.property?.key.name;
    if (!target || (target.kind !== 'key' && target.kind !== 'value') || target.path.join('.') !== HIDDEN_BLOCK) return null;
    if ((key !== 'gates' && key !== 'cell') || !target.model.name || token.isCancellationRequested) return null;
    const found = this.insight.latest(document.uri, target.model.name.name);
    if (!found) return null;
    // A model that leaves its gates to the cell has no `gates` key to hover: `cell` shows them too.
    const texts = key === 'gates' ? [saturationText(found)] : [gradientText(found), writesGates(target.model) ? undefined : saturationText(found)];
    const text = texts.filter(Boolean).join('\n\n');
    return text ? { contents: { kind: MarkupKind.Markdown, value: text } } : null;
  }
}

function writesGates(model: ModelDecl): boolean {
  const hidden = model.members.find((member) => member.kind === 'block' && member.name.name === HIDDEN_BLOCK);
  return hidden?.kind === 'block' && hidden.members.some((member) => member.kind === 'property' && member.key.name === 'gates');
}

/** The gates at each layer's last recorded epoch, one row per gate. */
function saturationText(found: RunInsight): string | undefined {
  const rows = found.report.layers.flatMap((layer) => {
    const last = layer.saturation.at(-1);
    return (last?.gates ?? []).map((gate) => row([layerName(layer), markdownText(gate.gate), formatShare(gate.low), formatShare(gate.high)]));
  });
  if (rows.length === 0) return undefined;
  const epochs = [...new Set(found.report.layers.map((layer) => layer.saturation.at(-1)?.epoch).filter((e) => e !== undefined))];
  return [
    `**${t('Gate saturation in run {0}, after epoch {1}', markdownText(found.runName), epochs.join(', '))}**`,
    '',
    row([t('layer'), t('gate'), t('below 0.1'), t('above 0.9')]),
    row(['---', '---', '--:', '--:']),
    ...rows,
    '',
    t('A gate mostly below 0.1 is shut, mostly above 0.9 wide open: it acts as a switch rather than a dial.'),
  ].join('\n');
}

/** Each layer's first-to-last-step gradient ratio at its first and last recorded epoch. */
function gradientText(found: RunInsight): string | undefined {
  const layers = found.report.layers.filter((layer) => layer.epochs.length > 0);
  if (layers.length === 0) return undefined;
  return [
    `**${t('Gradient through time in run {0}', markdownText(found.runName))}**`,
    '',
    t('||dL/dh|| at the first step over the last:'),
    '',
    row([t('layer'), t('epoch {0}', layers[0].epochs[0]), t('last epoch'), t('verdict')]),
    row(['---', '--:', '--:', '---']),
    ...layers.map((layer) => gradientRow(layer)),
  ].join('\n');
}

function gradientRow(layer: LayerInsightReport): string {
  const end = lastGradient(layer)!;
  return row([layerName(layer), formatRatio(layer.ratios[0]), `${formatRatio(end.ratio)} (${t('epoch {0}', end.epoch)})`, verdictText(end.verdict)]);
}

const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

/**
 * A name read from a run (a gate, the run's folder), shown as text inside a line: the characters that make
 * emphasis, code, links, HTML or a new table cell there are escaped (the ones that matter only at a line's start cannot occur).
 */
function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}
