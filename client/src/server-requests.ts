// What the extension asks the language server about specs: the requests of
// core/src/shared/editor-protocol.ts, typed by their method. The extension
// never parses a spec; it asks here.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  EDITOR_REQUESTS, type EditorRequestMethod, type EditorTextEdit, type EditorRequests, type ModelInfo, type ModelSummaryResult, type RunSpecValuesResult, type SpecDifference,
} from '../../core/src/shared';

export class ServerRequests {
  /** `client` settles once the language server has started (or failed to). */
  constructor(private readonly client: Promise<LanguageClient>) {
    // A failed start is reported where the server is started; a request then fails with its own message.
    client.catch(() => undefined);
  }

  /** The models of an open .rnn document, in source order. */
  models(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<ModelInfo[]> {
    return this.send(EDITOR_REQUESTS.models, { textDocument: { uri: document.uri.toString() } }, token);
  }

  /** The layer tables of the model under `position`, or of every model of the document. */
  modelSummary(document: vscode.TextDocument, position: vscode.Position | undefined, token?: vscode.CancellationToken): Promise<ModelSummaryResult> {
    const at = position && { line: position.line, character: position.character };
    return this.send(EDITOR_REQUESTS.modelSummary, { textDocument: { uri: document.uri.toString() }, position: at }, token);
  }

  /** The spec values of saved runs by block path, from the language server (which reads and checks their specs). */
  runSpecValues(runDirs: string[]): Promise<RunSpecValuesResult> {
    return this.send(EDITOR_REQUESTS.runSpecValues, { runDirs });
  }

  /** The edits that give `model` in `document` a run's `values` ("use these settings"). */
  runSettingsEdit(document: vscode.TextDocument, model: string, values: Record<string, unknown>): Promise<EditorTextEdit[]> {
    return this.send(EDITOR_REQUESTS.runSettingsEdit, { textDocument: { uri: document.uri.toString() }, model, values });
  }

  /** What differs between model `model` in two spec texts. */
  specDifferences(current: string, other: string, model?: string): Promise<SpecDifference[]> {
    return this.send(EDITOR_REQUESTS.specDiff, { current, other, model });
  }

  private async send<M extends EditorRequestMethod>(
    method: M, params: EditorRequests[M]['params'], token?: vscode.CancellationToken,
  ): Promise<EditorRequests[M]['result']> {
    let client: LanguageClient;
    try {
      client = await this.client;
    } catch {
      throw new Error(vscode.l10n.t('the RNN language server is not running (see the RNN output channel)'));
    }
    // An undefined token would be sent as a second, positional parameter.
    return token
      ? client.sendRequest<EditorRequests[M]['result']>(method, params, token)
      : client.sendRequest<EditorRequests[M]['result']>(method, params);
  }
}
