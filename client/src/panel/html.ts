// The panel's HTML: a strict Content-Security-Policy that allows only the
// bundled script (by nonce) and stylesheet from the extension, no remote
// resource, no inline handler. The display language and its translations ride
// in a JSON data block (not a script: the CSP does not apply to data, and the
// panel reads it before it draws anything).
import { randomBytes } from 'node:crypto';
import type { L10nBundle } from '../../../core/src/shared';
import { L10N_ELEMENT_ID, type PanelL10n } from './messages';

export interface PanelHtmlResources {
  /** The webview's `cspSource` (its resource origin). */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce?: string;
  /** The display language (VS Code's `vscode.env.language`); English when absent. */
  language?: string;
  /** Its translations (`vscode.l10n.bundle`); none for English. */
  bundle?: L10nBundle;
  /** The page's title (the training panel's by default). */
  title?: string;
}


export function createNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function panelHtml(resources: PanelHtmlResources): string {
  const nonce = resources.nonce ?? createNonce();
  const csp = [
    "default-src 'none'",
    `img-src ${resources.cspSource} data:`,
    `style-src ${resources.cspSource}`,
    `font-src ${resources.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const language = resources.language ?? 'en';
  const l10n: PanelL10n = { language, bundle: resources.bundle ?? {} };
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(resources.styleUri)}">
<title>${escapeAttribute(resources.title ?? 'RNN Training')}</title>
</head>
<body>
<script type="application/json" id="${L10N_ELEMENT_ID}">${jsonInHtml(l10n)}</script>
<script nonce="${nonce}" src="${escapeAttribute(resources.scriptUri)}"></script>
</body>
</html>`;
}

/** JSON that cannot end its <script> element early (a translation could hold `</script>`). */
function jsonInHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
