// Wires LSP requests to the feature providers. Every handler is guarded and
// answers empty for documents it does not know.
import {
  CancellationToken, CodeLensRefreshRequest, DidChangeWatchedFilesNotification, TextDocumentSyncKind, TextDocuments, type Connection, type Hover, type InitializeResult,
  type Position, type SemanticTokens,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EDITOR_REQUESTS, OPEN_RUN_COMMAND_OPTION, RUNS_DIRECTORY_OPTION, TRAIN_COMMAND_OPTION, type EditorRequestMethod, type EditorRequests } from '../../core/src/shared';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename } from 'node:path';
import { DiagnosticsScheduler } from './diagnostics/diagnostics-scheduler';
import type { AnalyzedDocument, Analyzer } from './documents/analyzed-document';
import { DocumentStore } from './documents/document-store';
import { IdleWarmUp, warmUpRound } from './documents/idle-warm-up';
import { createLanguageServices } from './default-services';
import { DEFAULT_SETTINGS, type LanguageServices, type ServerSettings } from './language-services';
import { describeError, guarded, type Logger } from './util/guard';
import { bundlesFor, INSIGHT_FILE, localeFrom, useLocale, WORKSPACE_TRUST_NOTIFICATION, type WorkspaceTrustParams } from '../../core/src/shared';
import { SUMMARY_FILE } from '../../core/src/run-store';
import { applyValuesEdits, parseByteSize } from '../../core/src/language';
import { toLspRange } from './util/ranges';
import { DataAccess } from './documents/data-access';
import { RunIndex } from './saved-runs/run-index';
import { RunsLocation } from './saved-runs/runs-directory';

/** Runs change every batch while training: the best-run lenses are asked for again, and the run hints worked out again, at most this often. */
const LENS_REFRESH_DELAY_MS = 1_000;

/** The run files whose change can change a run hint: the summary says a run ended, insight.jsonl holds what the hints say. */
const HINT_FILES: ReadonlySet<string> = new Set([SUMMARY_FILE, INSIGHT_FILE]);

export interface ServerOptions {
  analyze: Analyzer;
  /** Called when a document closes, to drop what `analyze` keeps about it. */
  forget?: (uri: string) => void;
  /** Told the settings once the client has sent them, before any document is checked (e.g. the memory budget the checks use). */
  onSettings?: (settings: Readonly<ServerSettings>) => void;
  /** Replace some providers (tests, other front ends). */
  services?: Partial<LanguageServices>;
  /** What `analyze` may read as data; the server sets it from the client's trust state and workspace folders. */
  dataAccess?: DataAccess;
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const settings: ServerSettings = { ...DEFAULT_SETTINGS };
  const dataAccess = options.dataAccess ?? new DataAccess();
  const logger: Logger = {
    error: (message) => connection.console.error(message),
    info: (message) => connection.console.info(message),
  };
  const documents = new TextDocuments(TextDocument);
  const store = new DocumentStore(documents, options.analyze);
  const runs = { index: new RunIndex(), location: new RunsLocation() };
  const services: LanguageServices = { ...createLanguageServices(settings, logger, runs), ...options.services };
  // A damaged run folder must never hide the spec's own problems: the run hints fail alone, logged.
  const gradientHints = guarded('gradient hints', logger, () => [], (document: AnalyzedDocument) => services.gradientHints.diagnostics(document));
  const scheduler = new DiagnosticsScheduler(
    store,
    { diagnostics: (document) => [...services.diagnostics.diagnostics(document), ...gradientHints(document)] },
    (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
    logger,
    () => settings.diagnosticsDelay,
  );

  let watchFiles = false;
  let watchRelativePatterns = false;
  let refreshViews = false;
  connection.onInitialize((params): InitializeResult => {
    // The client's display language (VS Code sends vscode.env.language); English when absent or unknown.
    const locale = localeFrom(params.locale);
    useLocale(locale, ...bundlesFor(locale, ['language', 'server']));
    // VS Code (and code-server, VSCodium) know the command that re-opens completion; other editors do not.
    settings.suggestAgain = /code|codium/i.test(params.clientInfo?.name ?? '');
    settings.snippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    settings.relatedInformation = params.capabilities.textDocument?.publishDiagnostics?.relatedInformation === true;
    Object.assign(settings, readSettings(params.initializationOptions));
    options.onSettings?.(settings);
    dataAccess.configure(params.initializationOptions, params.workspaceFolders, params.rootUri);
    runs.location.configure(params.workspaceFolders, params.rootUri);
    const runsDirectory = (params.initializationOptions as Record<string, unknown> | undefined)?.[RUNS_DIRECTORY_OPTION];
    // Without the option the editor did not ask for run lenses (and its runs may be elsewhere).
    runs.location.setting = typeof runsDirectory === 'string' && runsDirectory.trim() ? runsDirectory : undefined;
    settings.readDataFiles = dataAccess.trusted;
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    watchRelativePatterns = params.capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport === true;
    refreshViews = params.capabilities.workspace?.inlayHint?.refreshSupport === true
      && params.capabilities.workspace?.codeLens?.refreshSupport === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: services.completion.triggerCharacters },
        signatureHelpProvider: { triggerCharacters: services.signatureHelp.triggerCharacters },
        hoverProvider: true,
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        semanticTokensProvider: { legend: services.semanticTokens.legend, full: true },
        documentLinkProvider: { resolveProvider: false },
        definitionProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
      },
      serverInfo: { name: 'rnn-language-server' },
    };
  });

  // Idle after `initialized`, the server warms the code a file's first check runs; an opened document stops it.
  const warmUp = new IdleWarmUp(guarded('warm-up', logger, () => false, () => {
    warmUpRound(services, options.analyze, options.forget, warmUp.roundsDone);
    return true;
  }));
  documents.onDidOpen(() => warmUp.stop());

  // Data files are checked too (do they exist, which columns): when files change, check the open documents again.
  connection.onInitialized(() => {
    warmUp.start();
    if (!watchFiles) return;
    // `**/*` covers the workspace folders only: a runs folder elsewhere (the setting) is watched by its own path,
    // or its hints and lenses would never hear of a run that ended.
    const runsElsewhere = watchRelativePatterns
      ? runs.location.foldersOutsideWorkspace().map((folder) => ({ globPattern: { baseUri: pathToFileURL(folder).toString(), pattern: '**/*' } }))
      : [];
    connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }, ...runsElsewhere] })
      .catch((error: unknown) => logger.error(`cannot watch files: ${describeError(error)}`));
  });
  connection.onDidChangeWatchedFiles(guarded('watched files', logger, () => undefined, (params: { changes: { uri: string }[] }) => {
    runs.index.forget();
    // A training run writes its files every batch: those change the best-run lenses, not the checks.
    const onlyRuns = params.changes.every((change) => change.uri.startsWith('file:') && runs.location.contains(fileURLToPath(change.uri)));
    if (onlyRuns) refreshRunViewsSoon(params.changes.some((change) => HINT_FILES.has(basename(fileURLToPath(change.uri)))));
    else recheckAll();
  }));
  let lensRefresh: NodeJS.Timeout | undefined;
  let hintsStale = false;
  /** Once within the delay: the lenses asked for again and, when a run may have ended, the run hints published again (the checks themselves are kept). */
  function refreshRunViewsSoon(hints: boolean): void {
    hintsStale ||= hints;
    if (lensRefresh || (!refreshViews && !hintsStale)) return;
    lensRefresh = setTimeout(() => {
      lensRefresh = undefined;
      if (hintsStale) for (const document of documents.all()) scheduler.schedule(document.uri);
      hintsStale = false;
      if (!refreshViews) return;
      connection.sendRequest(CodeLensRefreshRequest.type).catch((error: unknown) => logger.error(`cannot refresh lenses: ${describeError(error)}`));
    }, LENS_REFRESH_DELAY_MS);
  }
  // Trust granted (or, from other clients, withdrawn): the data checks change with it.
  connection.onNotification(WORKSPACE_TRUST_NOTIFICATION, guarded('workspace trust', logger, () => undefined, (params: WorkspaceTrustParams) => {
    if (typeof params?.trusted !== 'boolean' || params.trusted === dataAccess.trusted) return;
    dataAccess.trusted = params.trusted;
    settings.readDataFiles = params.trusted;
    recheckAll();
  }));
  function recheckAll(): void {
    for (const document of documents.all()) {
      store.forget(document.uri);
      scheduler.schedule(document.uri);
    }
    // Shapes and parameter counts may follow the data (features, vocabulary): ask the editor to fetch them again.
    if (refreshViews) {
      Promise.all([connection.languages.inlayHint.refresh(), connection.sendRequest(CodeLensRefreshRequest.type)])
        .catch((error: unknown) => logger.error(`cannot refresh hints: ${describeError(error)}`));
    }
  }

  // Fires for opened documents too.
  documents.onDidChangeContent(({ document }) => scheduler.schedule(document.uri));
  documents.onDidClose(({ document }) => {
    store.forget(document.uri);
    options.forget?.(document.uri);
    scheduler.clear(document.uri);
  });
  connection.onShutdown(() => {
    warmUp.stop();
    scheduler.dispose();
    clearTimeout(lensRefresh);
  });

  /** Runs `feature` on the current version of the document, or answers `empty`. */
  const on = <P extends { textDocument: { uri: string } }, R>(
    name: string, empty: () => R, feature: (doc: AnalyzedDocument, params: P, token: CancellationToken) => R,
  ) =>
    guarded(name, logger, empty, (params: P, token: CancellationToken) => {
      const document = store.get(params.textDocument.uri);
      return document ? feature(document, params, token) : empty();
    });
  /** Registers a handler of one of the server's own requests (core/src/shared/editor-protocol.ts), typed by its method. */
  const onEditorRequest = <M extends EditorRequestMethod>(
    method: M, handler: (params: EditorRequests[M]['params'], token: CancellationToken) => EditorRequests[M]['result'],
  ) => connection.onRequest(method, (params: unknown, ...rest: unknown[]): unknown =>
    // A client that sends its parameters by position puts more before the token.
    handler(params as EditorRequests[M]['params'], rest.find(CancellationToken.is) ?? CancellationToken.None));

  connection.onCompletion(on('completion', () => [], (doc, p) => services.completion.complete(doc, p.position, p.context?.triggerCharacter)));
  connection.onSignatureHelp(on('signature help', () => null, (doc, p) => services.signatureHelp.signatureHelp(doc, p.position)));
  // What a run says is an addition: when it fails, the key's documentation still shows.
  const runInsightHover = guarded('run insight hover', logger, () => null,
    (doc: AnalyzedDocument, position: Position, token: CancellationToken) => services.runInsightHover.hover(doc, position, token));
  connection.onHover(on('hover', () => null, (doc, p, token) => mergeHovers(services.hover.hover(doc, p.position), runInsightHover(doc, p.position, token))));
  connection.languages.inlayHint.on(on('inlay hints', () => [], (doc, p) => services.inlayHints.inlayHints(doc, p.range)));
  connection.onCodeLens(on('code lens', () => [], (doc) => [...services.codeLens.codeLenses(doc), ...services.bestRunLens.codeLenses(doc)]));
  connection.onDocumentSymbol(on('document symbols', () => [], (doc) => services.symbols.symbols(doc)));
  connection.onFoldingRanges(on('folding', () => [], (doc) => services.folding.foldingRanges(doc)));
  connection.onDocumentFormatting(on('formatting', () => [], (doc, p) => services.formatting.format(doc, p.options)));
  connection.languages.semanticTokens.on(on('semantic tokens', (): SemanticTokens => ({ data: [] }), (doc) => services.semanticTokens.semanticTokens(doc)));
  connection.onDocumentLinks(on('document links', () => [], (doc) => services.links.links(doc)));
  connection.onDefinition(on('definition', () => [], (doc, p) => services.definition.definition(doc, p.position)));
  connection.onCodeAction(on('code actions', () => [], (doc, p) => services.codeActions.codeActions(doc, p.range, p.context)));

  onEditorRequest(EDITOR_REQUESTS.models, on('models', () => [], (doc, _p, token) => services.models.models(doc, token)));
  onEditorRequest(EDITOR_REQUESTS.modelSummary, on('model summary', () => ({ models: [] }), (doc, p: EditorRequests['rnn/modelSummary']['params'], token) =>
    services.modelSummary.summary(doc, p.position, token)));
  onEditorRequest(EDITOR_REQUESTS.runSpecValues, guarded('run spec values', logger, () => ({ runs: {} }), (params: EditorRequests['rnn/runSpecValues']['params'], token: CancellationToken) =>
    services.runSpecValues.values(Array.isArray(params?.runDirs) ? params.runDirs.filter((dir): dir is string => typeof dir === 'string') : [], token)));
  onEditorRequest(EDITOR_REQUESTS.runSettingsEdit, on('run settings edit', () => [], (doc, p: EditorRequests['rnn/runSettingsEdit']['params']) =>
    (typeof p.model === 'string' && typeof p.values === 'object' && p.values !== null
      ? applyValuesEdits(doc.text, p.model, p.values).map((edit) => ({ range: toLspRange(edit.range), newText: edit.newText }))
      : [])));
  onEditorRequest(EDITOR_REQUESTS.specDiff, guarded('spec diff', logger, () => [], (params: EditorRequests['rnn/specDiff']['params'], token: CancellationToken) => {
    // The current spec is given as text, or is an open document's (an unknown document leaves nothing to compare).
    const current = params.current ?? (params.textDocument ? store.get(params.textDocument.uri)?.text : undefined);
    if (typeof current !== 'string' || typeof params.other !== 'string') return [];
    return services.specDiff.differences(current, params.other, typeof params.model === 'string' ? params.model : undefined, token);
  }));

  documents.listen(connection);
}

/** The key's documentation, then what a run says about it; the range is the documentation's. */
function mergeHovers(doc: Hover | null, run: Hover | null): Hover | null {
  if (!doc || !run) return doc ?? run;
  const text = (hover: Hover) => (typeof hover.contents === 'object' && 'kind' in hover.contents ? hover.contents.value : '');
  return { ...doc, contents: { kind: 'markdown', value: `${text(doc)}\n\n---\n\n${text(run)}` } };
}

function readSettings(options: unknown): Partial<ServerSettings> {
  const given = (options ?? {}) as Record<string, unknown>;
  const read: Partial<ServerSettings> = {};
  if (typeof given.diagnosticsDelay === 'number' && given.diagnosticsDelay >= 0) read.diagnosticsDelay = given.diagnosticsDelay;
  if (typeof given.codeLensCommand === 'string') read.codeLensCommand = given.codeLensCommand;
  if (typeof given[TRAIN_COMMAND_OPTION] === 'string') read.trainCommand = given[TRAIN_COMMAND_OPTION];
  if (typeof given[OPEN_RUN_COMMAND_OPTION] === 'string') read.openRunCommand = given[OPEN_RUN_COMMAND_OPTION];
  if (typeof given.suggestAgain === 'boolean') read.suggestAgain = given.suggestAgain;
  const budget = typeof given.memoryBudget === 'number' ? given.memoryBudget
    : typeof given.memoryBudget === 'string' ? parseByteSize(given.memoryBudget) : undefined;
  if (budget !== undefined && budget > 0 && Number.isFinite(budget)) read.memoryBudget = budget;
  return read;
}
