// The one hover box of the insight views: the exact value under the pointer.
// Its data-value attribute holds the number unrounded, which the tests (and a
// screen reader's user, through the text) read back.
let box: HTMLElement | undefined;

function element(): HTMLElement {
  if (!box) {
    box = document.createElement('div');
    box.className = 'insight-tooltip';
    box.setAttribute('role', 'tooltip');
    box.hidden = true;
    document.body.append(box);
  }
  return box;
}

export function showTooltip(clientX: number, clientY: number, lines: string[], value?: number): void {
  const tip = element();
  tip.replaceChildren(...lines.map((line) => Object.assign(document.createElement('div'), { textContent: line })));
  if (value === undefined) delete tip.dataset.value;
  else tip.dataset.value = String(value);
  tip.hidden = false;
  // Beside the pointer, kept inside the window.
  const { innerWidth, innerHeight } = window;
  const width = tip.offsetWidth;
  const height = tip.offsetHeight;
  tip.style.left = `${Math.max(0, clientX + 14 + width > innerWidth ? clientX - 14 - width : clientX + 14)}px`;
  tip.style.top = `${Math.max(0, clientY + 14 + height > innerHeight ? clientY - 14 - height : clientY + 14)}px`;
}

export function hideTooltip(): void {
  if (box) box.hidden = true;
}
