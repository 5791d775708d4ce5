// The confusion matrix of a classification run as a table: rows the true
// class, columns the predicted one, each cell shaded by its share of the row,
// then each class's accuracy and F1. Many classes (a text's characters) are cut
// to the most frequent ones; the scores are of the whole matrix.
import { classScores, overallAccuracy, t, type EndEvent } from '../../core/src/shared';

const MAX_CLASSES = 30;

/** Characters that would not show in a cell get a visible stand-in. */
export function className(name: string): string {
  const visible: Record<string, string> = { ' ': '␣', '\n': '↵', '\t': '⇥', '\r': '␍' };
  return visible[name] ?? name;
}

function cell(tag: 'td' | 'th', text: string, className?: string): HTMLTableCellElement {
  const e = document.createElement(tag);
  e.textContent = text;
  if (className) e.className = className;
  return e;
}

const percent = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '–');

/** Fills `table` and returns the sentence under it (what is shown, overall accuracy). */
export function renderConfusion(table: HTMLTableElement, classification: NonNullable<EndEvent['classification']>): string {
  const { classes, confusion } = classification;
  const scores = classScores(confusion);
  const shown = classes.map((_, c) => c)
    .sort((a, b) => scores[b].support - scores[a].support || a - b)
    .slice(0, MAX_CLASSES)
    .sort((a, b) => a - b);
  const head = document.createElement('tr');
  head.append(cell('th', t('true ↓ predicted →')), ...shown.map((c) => cell('th', className(classes[c]), 'number')),
    cell('th', t('accuracy'), 'number score'), cell('th', 'F1', 'number score'), cell('th', t('windows'), 'number score'));
  const rows = shown.map((c) => {
    const row = document.createElement('tr');
    row.append(cell('th', className(classes[c])));
    for (const p of shown) {
      const count = confusion[c][p];
      const share = scores[c].support > 0 ? count / scores[c].support : 0;
      const td = cell('td', String(count), p === c ? 'number diagonal' : 'number');
      // The share of the row as the cell's shade (at most 60% of the colour, so the count stays legible): how the windows of one true class spread over the predictions.
      td.style.setProperty('--share', `${Math.round(60 * share)}%`);
      td.title = t('true {0}, predicted {1}: {2} windows ({3} of the true {0})', className(classes[c]), className(classes[p]), count, percent(share));
      row.append(td);
    }
    row.append(cell('td', percent(scores[c].accuracy), 'number score'), cell('td', Number.isFinite(scores[c].f1) ? scores[c].f1.toFixed(3) : '–', 'number score'),
      cell('td', String(scores[c].support), 'number score'));
    return row;
  });
  table.replaceChildren(head, ...rows);
  const accuracy = t('Accuracy {0} over {1} validation windows.', percent(overallAccuracy(confusion)), scores.reduce((n, s) => n + s.support, 0));
  return shown.length < classes.length ? `${accuracy} ${t('Shown: the {0} most frequent of {1} classes.', shown.length, classes.length)}` : accuracy;
}
