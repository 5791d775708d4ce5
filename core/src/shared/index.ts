// The ground floor: what the language, the engine and every front end share.
// No tfjs, no parser, no engine: the webview and the language server import it freely.
export * from './range';
export * from './diagnostic';
export type * from './spec';
export * from './protocol';
export * from './insight';
export * from './insight-report';
export * from './backends';
export * from './editor-protocol';
export type * from './file-system';
export * from './l10n';
export * from './translations';
export * from './run-schema';
export * from './forecast';
export * from './classification-scores';
export * from './baselines';
export * from './csv-text';
