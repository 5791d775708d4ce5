// What every insight view puts above its plot: a sentence or two on what it
// shows and how to read it, and the colour bar of its scale with the ends'
// values. Built from text nodes only: labels come from translations and runs.
import { cssColour, type ColourScale } from './colour-scale';

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** A number for an axis end or a colour bar: three significant digits, no trailing zeros (hover gives the exact value). */
export function shortNumber(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(3))) : String(v);
}

export function legendText(text: string): HTMLParagraphElement {
  return element('p', text, 'legend');
}

/** A horizontal bar of the scale from its low end to its high end, with both ends written out. */
export function colourBar(scale: ColourScale, title: string, format: (v: number) => string): HTMLElement {
  const box = element('div', undefined, 'colour-bar');
  const bar = element('canvas');
  bar.width = 160;
  bar.height = 10;
  const context = bar.getContext('2d');
  const [low, high] = scale.domain;
  if (context) {
    for (let x = 0; x < bar.width; x++) {
      context.fillStyle = cssColour(scale.at(low + ((high - low) * x) / (bar.width - 1)));
      context.fillRect(x, 0, 1, bar.height);
    }
  }
  box.append(element('span', title), element('span', format(low), 'muted'), bar, element('span', format(high), 'muted'));
  return box;
}

/** A labelled <select> of the given choices; `onChange` gets the chosen value. */
export function choice(label: string, options: { value: string; text: string }[], selected: string, onChange: (value: string) => void): HTMLLabelElement {
  const select = element('select');
  for (const o of options) {
    const option = element('option', o.text);
    option.value = o.value;
    select.append(option);
  }
  select.value = selected;
  select.addEventListener('change', () => onChange(select.value));
  const wrapper = element('label', `${label} `);
  wrapper.append(select);
  return wrapper;
}
