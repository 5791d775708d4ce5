// The language layer's one public entry: .rnn text -> syntax tree -> checked spec,
// shapes and parameter counts, editor analysis, formatting, and the tfjs-free
// reading of data files the checker needs. It never imports tfjs or the engine.
export { parse, type ParseResult } from './syntax/parser';
export type * from './syntax/ast';
export { LineIndex, formatPosition } from './syntax/positions';
export * from './schema/schema';
export type * from './schema/types';
export * from './schema/doc-text';
export { blockDefaults, callDefaults } from './schema/defaults';
export * from './schema/facts';
export type * from './check/api';
export { checkText, checkFile } from './check/checker';
export { insertMemberEdit, snippetToText } from './check/edits';
export * from './check/shapes';
export * from './check/resources';
export * from './check/byte-size';
export { DEFAULT_MEMORY_BUDGET, resourceFigures } from './check/rules/resource-rules';
export * from './analysis/completion-context';
export * from './analysis/describe';
export * from './analysis/layers-doc';
export * from './analysis/layer-table';
export * from './analysis/locate';
export * from './analysis/model-diagnostics';
export * from './analysis/model-regions';
export * from './analysis/schema-lookup';
export * from './analysis/spec-diff';
export * from './analysis/train-error-range';
export * from './analysis/walk';
export { formatText, formatFile, type FormatOptions, type FormatResult } from './format/formatter';
export * from './data-files/csv';
export * from './data-files/inspect';
export * from './data-files/source-file';
export * from './data-files/sources/text';
export * from './data-files/split';
export * from './data-files/types';
export { checkExportable, ExportError, EXPORT_TARGETS, type ExportTarget } from './export/supported';
export { exportProject, exportedSpec, type ExportedFile, type ExportedProject } from './export/project';
export * from './analysis/key-range';
