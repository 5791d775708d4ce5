// The standard set of feature providers.
import { CoreDiagnosticsProvider } from './diagnostics/core-diagnostics-provider';
import { QuickFixCodeActionProvider } from './editing/code-action-provider';
import { SchemaCompletionProvider } from './editing/completion-provider';
import { CanonicalFormattingProvider } from './editing/formatting-provider';
import { CallSignatureHelpProvider } from './editing/signature-help-provider';
import type { LanguageServices, ServerSettings } from './language-services';
import { DeclaredModelListProvider } from './models/model-list-provider';
import { LayerTableSummaryProvider } from './models/model-summary-provider';
import { KeyByKeySpecDiffProvider } from './models/spec-diff-provider';
import { DataPathDefinitionProvider } from './navigation/definition-provider';
import { BaseModelDefinitionProvider } from './navigation/base-model-definition-provider';
import { DataPathLinkProvider } from './navigation/document-link-provider';
import { OutlineSymbolProvider } from './navigation/document-symbol-provider';
import { StructureFoldingProvider } from './navigation/folding-range-provider';
import { ModelCodeLensProvider } from './presentation/code-lens-provider';
import { SchemaHoverProvider } from './presentation/hover-provider';
import { LayerInlayHintsProvider } from './presentation/inlay-hints-provider';
import { SchemaSemanticTokensProvider } from './presentation/semantic-tokens-provider';
import type { Logger } from './util/guard';
import { BestRunCodeLensProvider } from './presentation/best-run-lens-provider';
import { SavedRunSpecValuesProvider } from './saved-runs/run-spec-values-provider';
import type { RunIndex } from './saved-runs/run-index';
import type { RunsLocation } from './saved-runs/runs-directory';
import { RunInsightLookup } from './saved-runs/run-insight';
import { GradientHintsProvider } from './diagnostics/gradient-hints-provider';
import { SavedRunInsightHoverProvider } from './presentation/run-insight-hover-provider';

/** The saved runs the run-aware providers read: one index, one runs location, shared with the server's file watching. */
export interface RunsAccess {
  index: RunIndex;
  location: RunsLocation;
}

export function createLanguageServices(settings: ServerSettings, logger: Logger, runs: RunsAccess): LanguageServices {
  const insight = new RunInsightLookup(runs.index, runs.location);
  return {
    diagnostics: new CoreDiagnosticsProvider(() => settings),
    gradientHints: new GradientHintsProvider(insight),
    completion: new SchemaCompletionProvider(() => settings),
    signatureHelp: new CallSignatureHelpProvider(),
    hover: new SchemaHoverProvider(),
    runInsightHover: new SavedRunInsightHoverProvider(insight),
    inlayHints: new LayerInlayHintsProvider(),
    codeLens: new ModelCodeLensProvider(() => settings),
    bestRunLens: new BestRunCodeLensProvider(runs.index, runs.location, () => settings.openRunCommand),
    symbols: new OutlineSymbolProvider(),
    folding: new StructureFoldingProvider(),
    formatting: new CanonicalFormattingProvider(logger),
    semanticTokens: new SchemaSemanticTokensProvider(),
    links: new DataPathLinkProvider(),
    definition: new BaseModelDefinitionProvider(new DataPathDefinitionProvider()),
    codeActions: new QuickFixCodeActionProvider(),
    models: new DeclaredModelListProvider(),
    modelSummary: new LayerTableSummaryProvider(),
    specDiff: new KeyByKeySpecDiffProvider(),
    runSpecValues: new SavedRunSpecValuesProvider(),
  };
}
