// Gives a webview (the training panel, the runs table) its page: scripts on,
// resources only from the extension's dist/, the bundle's script and style,
// and the display language with its translations.
import * as vscode from 'vscode';
import { panelHtml } from './html';

/** Sets up `webview` to show the bundle dist/<bundle>.js with dist/<bundle>.css. */
export function showWebviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: string, title?: string): void {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  webview.options = { enableScripts: true, localResourceRoots: [dist] };
  webview.html = panelHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, `${bundle}.js`)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, `${bundle}.css`)).toString(),
    language: vscode.env.language,
    bundle: vscode.l10n.bundle,
    title,
  });
}
