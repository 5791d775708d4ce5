// The language server's own requests, beyond standard LSP: what an editor asks
// about the models of a .rnn document so it never has to parse one itself.
// The server answers them and the VS Code extension sends them; any LSP client
// (Neovim, Helix, Emacs) may too. docs/editor-protocol.md describes them for
// those editors. Types and plain constants only: the webview and the browser
// import the ground floor, so no LSP library is loaded from here.
import type { LayerSummary } from './protocol';

/** A position as LSP sends it: 0-based line and UTF-16 column (no offset). */
export interface EditorPosition {
  line: number;
  character: number;
}

export interface EditorRange {
  start: EditorPosition;
  end: EditorPosition;
}

/** Names an open document, as LSP's TextDocumentIdentifier. */
export interface DocumentParams {
  textDocument: { uri: string };
}

/** One `model Name { ... }` declaration of a document. */
export interface ModelInfo {
  name: string;
  /** The whole declaration, `model` to its closing brace. */
  range: EditorRange;
  /** The model's name. */
  nameRange: EditorRange;
  /** Errors inside the declaration (0: it checks clean). */
  errors: number;
  /** Parameters of its layers, when the input, hidden and output parts resolve. */
  totalParams?: number;
  /** With a `sweep` block: how many trials (runs) it expands to. */
  trials?: number;
}

export interface ModelSummaryParams extends DocumentParams {
  /** The model under this position; without it (or outside every model), every model of the document. */
  position?: EditorPosition;
}

export interface ModelSummary {
  name: string;
  /** Layers with output shapes and parameter counts; absent while the input, hidden or output part has errors. */
  layers?: LayerSummary[];
  totalParams?: number;
  /** Errors inside the declaration. */
  errors: number;
  /** The Keras-style layer table as `rnn summary` prints it, or a line saying why there is none. */
  text: string;
}

export interface ModelSummaryResult {
  /** Empty when the document declares no model. */
  models: ModelSummary[];
}

export interface SpecDiffParams {
  /** The spec text to compare from; without it, the text of `textDocument`. */
  current?: string;
  textDocument?: { uri: string };
  /** The spec text to compare with, e.g. a saved run's model.rnn. */
  other: string;
  /** The model to compare (the first model of a text that has no model of this name). */
  model?: string;
}

/** A difference between two specs of one model, key by key. */
export interface SpecDifference {
  /** Dotted key, e.g. "hidden.units"; a call's arguments are keys of their own ("optimizer.lr"). */
  key: string;
  /** The value in the current spec, as canonical text; undefined when absent there. */
  current?: string;
  /** The value in the other spec; undefined when absent there. */
  other?: string;
}

export interface RunSpecValuesParams {
  /** Absolute run folders. */
  runDirs: string[];
}

export interface RunSpecValuesResult {
  /**
   * By run folder: the run's spec values by block path ("hidden.units", "optimizer", "optimizer.lr"), from its
   * spec.json, else from checking its copy of the spec; null when the run has neither.
   */
  runs: Record<string, Record<string, unknown> | null>;
}

export interface RunSettingsEditParams extends DocumentParams {
  /** The model to change. */
  model: string;
  /** The values to give it, by block path, as `rnn/runSpecValues` gives a run's. */
  values: Record<string, unknown>;
}

/** A text edit as LSP's TextEdit. */
export interface EditorTextEdit {
  range: EditorRange;
  newText: string;
}

/** Every custom request: its method name, what it takes and what it answers. */
export interface EditorRequests {
  /** The models of an open document, in source order (unknown documents: []). */
  'rnn/models': { params: DocumentParams; result: ModelInfo[] };
  /** The layer tables of the model under a position, or of every model (unknown documents: no models). */
  'rnn/modelSummary': { params: ModelSummaryParams; result: ModelSummaryResult };
  /** What differs between a model in two spec texts (nothing to compare: []). */
  'rnn/specDiff': { params: SpecDiffParams; result: SpecDifference[] };
  /** The spec values of saved runs, for the runs table (unreadable runs: null). */
  'rnn/runSpecValues': { params: RunSpecValuesParams; result: RunSpecValuesResult };
  /** The edits that give a model of an open document a run's values where they differ ("use these settings"; nothing to do: []). */
  'rnn/runSettingsEdit': { params: RunSettingsEditParams; result: EditorTextEdit[] };
}

export type EditorRequestMethod = keyof EditorRequests;

export const EDITOR_REQUESTS = {
  models: 'rnn/models',
  modelSummary: 'rnn/modelSummary',
  specDiff: 'rnn/specDiff',
  runSpecValues: 'rnn/runSpecValues',
  runSettingsEdit: 'rnn/runSettingsEdit',
} as const satisfies Record<string, EditorRequestMethod>;

/**
 * `initializationOptions` key: the command id of a client that can train a
 * model. With it, the server adds a "▶ Train" code lens above each model whose
 * command is that id with the arguments [document uri, model name].
 */
export const TRAIN_COMMAND_OPTION = 'trainCommand';

/**
 * `initializationOptions` key: the command id of a client that opens a saved
 * run. With it, the best-run lens above each model runs it with [run folder].
 */
export const OPEN_RUN_COMMAND_OPTION = 'openRunCommand';

/**
 * `initializationOptions` key: the runs folder the best-run lenses read, absolute
 * or relative to the document's workspace folder (default `runs`).
 */
export const RUNS_DIRECTORY_OPTION = 'runsDirectory';

/**
 * `initializationOptions` key: whether the editor trusts the workspace
 * (VS Code's workspace trust). `false`: the server reads no data file at all
 * and says on each model's `data` line that its data is not checked. Absent:
 * trusted (editors without workspace trust).
 */
export const WORKSPACE_TRUSTED_OPTION = 'workspaceTrusted';

/**
 * `initializationOptions` key: `true` lets data files come from outside the
 * workspace folders (outside the .rnn file's folder when there is no
 * workspace). A user setting the workspace itself cannot set.
 */
export const ALLOW_DATA_OUTSIDE_OPTION = 'allowDataOutsideWorkspace';

/** The VS Code setting behind ALLOW_DATA_OUTSIDE_OPTION (machine scope, restricted); messages name it. */
export const ALLOW_DATA_OUTSIDE_SETTING = 'rnn.data.allowOutsideWorkspace';

/** Notification from the client when the workspace's trust changes (VS Code: onDidGrantWorkspaceTrust). */
export const WORKSPACE_TRUST_NOTIFICATION = 'rnn/workspaceTrust';

export interface WorkspaceTrustParams {
  trusted: boolean;
}
