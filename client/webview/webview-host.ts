// What every webview page of the extension does first: take up the display
// language the host wrote into the page (before anything is drawn), and reach
// VS Code's webview API, typed by the messages that page posts.
import { localeFrom, useLocale } from '../../core/src/shared';
import { L10N_ELEMENT_ID, type PanelL10n } from '../src/panel/messages';

export interface VsCodeApi<Message> {
  postMessage(message: Message): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi<never>;

export function takeUpLanguage(): void {
  let l10n: Partial<PanelL10n> = {};
  try {
    l10n = JSON.parse(document.getElementById(L10N_ELEMENT_ID)?.textContent ?? '{}') as Partial<PanelL10n>;
  } catch {
    // A page without its language block is English.
  }
  useLocale(localeFrom(l10n.language), l10n.bundle ?? {});
}

/** VS Code's API for this page; acquireVsCodeApi may be called once per page. */
export function acquireHost<Message>(): VsCodeApi<Message> {
  return acquireVsCodeApi() as VsCodeApi<Message>;
}
