// The feature providers of the server, one small interface each (Langium
// style). The server wires LSP requests to these; tests or other front ends
// may swap any of them.
import type {
  CancellationToken, CodeAction, CodeActionContext, CodeLens, CompletionItem, Diagnostic, DocumentLink, DocumentSymbol,
  FoldingRange, FormattingOptions, Hover, InlayHint, Location, Position, Range, SemanticTokens,
  SemanticTokensLegend, SignatureHelp, TextEdit,
} from 'vscode-languageserver';
import type {
  EditorPosition, ModelInfo, ModelSummaryResult, RunSpecValuesResult, SpecDifference,
} from '../../core/src/shared';
import type { AnalyzedDocument } from './documents/analyzed-document';

export interface DiagnosticsProvider {
  diagnostics(document: AnalyzedDocument): Diagnostic[];
}

export interface CompletionProvider {
  /** Characters that open a completion by themselves. */
  readonly triggerCharacters: string[];
  /** `triggerCharacter` is set when one of `triggerCharacters` opened the completion. */
  complete(document: AnalyzedDocument, position: Position, triggerCharacter?: string): CompletionItem[];
}

export interface SignatureHelpProvider {
  readonly triggerCharacters: string[];
  signatureHelp(document: AnalyzedDocument, position: Position): SignatureHelp | null;
}

export interface HoverProvider {
  hover(document: AnalyzedDocument, position: Position): Hover | null;
}

/** What a model's latest finished run recorded about the key under the cursor (`gates`, `cell`); shown after the key's documentation. */
export interface RunInsightHoverProvider {
  hover(document: AnalyzedDocument, position: Position, token: CancellationToken): Hover | null;
}

export interface InlayHintsProvider {
  inlayHints(document: AnalyzedDocument, range: Range): InlayHint[];
}

export interface CodeLensProvider {
  codeLenses(document: AnalyzedDocument): CodeLens[];
}

export interface DocumentSymbolProvider {
  symbols(document: AnalyzedDocument): DocumentSymbol[];
}

export interface FoldingRangeProvider {
  foldingRanges(document: AnalyzedDocument): FoldingRange[];
}

export interface FormattingProvider {
  format(document: AnalyzedDocument, options: FormattingOptions): TextEdit[];
}

export interface SemanticTokensProvider {
  readonly legend: SemanticTokensLegend;
  semanticTokens(document: AnalyzedDocument): SemanticTokens;
}

export interface DocumentLinkProvider {
  links(document: AnalyzedDocument): DocumentLink[];
}

export interface DefinitionProvider {
  definition(document: AnalyzedDocument, position: Position): Location[];
}

export interface CodeActionProvider {
  codeActions(document: AnalyzedDocument, range: Range, context: CodeActionContext): CodeAction[];
}

/** `rnn/models` (core/src/shared/editor-protocol.ts): the models of a document, for editors that act on one. */
export interface ModelListProvider {
  models(document: AnalyzedDocument, token: CancellationToken): ModelInfo[];
}

/** `rnn/modelSummary`: layer tables of the model under a position, or of every model. */
export interface ModelSummaryProvider {
  summary(document: AnalyzedDocument, position: EditorPosition | undefined, token: CancellationToken): ModelSummaryResult;
}

/** `rnn/runSpecValues`: the spec values of saved runs, flattened by block path. */
export interface RunSpecValuesProvider {
  values(runDirs: readonly string[], token: CancellationToken): RunSpecValuesResult;
}

/** `rnn/specDiff`: what differs between a model in two spec texts. */
export interface SpecDiffProvider {
  differences(current: string, other: string, model: string | undefined, token: CancellationToken): SpecDifference[];
}

export interface LanguageServices {
  diagnostics: DiagnosticsProvider;
  /** Where the model's latest finished run saw the gradient vanish or explode through time (diagnostics/gradient-hints-provider.ts), published with `diagnostics`'s. */
  gradientHints: DiagnosticsProvider;
  completion: CompletionProvider;
  signatureHelp: SignatureHelpProvider;
  hover: HoverProvider;
  /** The gates' saturation and the gradient through time of the model's latest finished run (presentation/run-insight-hover-provider.ts). */
  runInsightHover: RunInsightHoverProvider;
  inlayHints: InlayHintsProvider;
  codeLens: CodeLensProvider;
  /** The best saved run of each model (presentation/best-run-lens-provider.ts), after `codeLens`'s lenses. */
  bestRunLens: CodeLensProvider;
  symbols: DocumentSymbolProvider;
  folding: FoldingRangeProvider;
  formatting: FormattingProvider;
  semanticTokens: SemanticTokensProvider;
  links: DocumentLinkProvider;
  definition: DefinitionProvider;
  codeActions: CodeActionProvider;
  models: ModelListProvider;
  modelSummary: ModelSummaryProvider;
  specDiff: SpecDiffProvider;
  runSpecValues: RunSpecValuesProvider;
}

/** Settings a client may pass in `initializationOptions`. */
export interface ServerSettings {
  /**
   * Milliseconds that make a pause in typing (initializationOptions `diagnosticsDelay`): an edit this long after
   * the previous one is checked at once; closer edits are checked together when the typing pauses, at most this
   * long after the last (diagnostics/diagnostics-scheduler.ts). 0: every edit is checked at once.
   */
  diagnosticsDelay: number;
  /** Command id run by the parameter-count code lens; empty: the lens only shows the count. */
  codeLensCommand: string;
  /** Command id of a client that trains models (initializationOptions `trainCommand`); set: a "▶ Train" lens runs it with [uri, model]. */
  trainCommand: string;
  /** Attach VS Code's "trigger suggest" to completions that lead to more (a key to its values); default: for VS Code clients. */
  suggestAgain: boolean;
  /** The client expands snippets (from its capabilities); without, completions insert plain text. */
  snippets: boolean;
  /** The client shows a diagnostic's related locations (from its capabilities); without, they are written into the message. */
  relatedInformation: boolean;
  /** Bytes a model may need for training before the checker reports it (initializationOptions `memoryBudget`: bytes or a size such as "8GiB"); undefined: the checker's default. */
  memoryBudget?: number;
  /** The workspace is trusted: data files may be read (column completions); see documents/data-access.ts. */
  readDataFiles: boolean;
  /** Command id run by the best-run lens with [run folder] (initializationOptions `openRunCommand`); empty: the lens only shows the run. */
  openRunCommand: string;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  diagnosticsDelay: 300, codeLensCommand: '', trainCommand: '', suggestAgain: false, snippets: true, relatedInformation: false, readDataFiles: true,
  openRunCommand: '',
};
