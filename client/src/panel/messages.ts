// The messages between the extension host and the training panel's webview.
// Both sides import these types; the training events themselves are the
// engine's protocol (core/src/shared/protocol.ts), relayed unchanged.
import type { L10nBundle, SpecDifference, TrainEvent } from '../../../core/src/shared';
import type { PanelPrediction, PredictionFormat, RunActionMessage } from './prediction';

/** The id of the page's data block that tells the panel its language (written by html.ts, read before the panel draws). */
export const L10N_ELEMENT_ID = 'rnn-l10n';

/** The panel's language: VS Code's display language and the bundle VS Code loaded for it (`vscode.l10n.bundle`). */
export interface PanelL10n {
  language: string;
  bundle: L10nBundle;
}

/** A previous run the user can overlay. */
export interface RunListItem {
  /** Absolute run folder; the run's identity. */
  runDir: string;
  /** Short human label, e.g. "2026-11-26 15:42 · completed". */
  label: string;
}

/** A spec difference between the panel's run (current) and an overlaid run (other), as the language server reports it. */
export type { SpecDifference } from '../../../core/src/shared';

export interface OverlayRun {
  runDir: string;
  label: string;
  events: TrainEvent[];
  differences: SpecDifference[];
}

/** The views of the panel's "inside the recurrent layers" section, in the order of its tabs. */
export const INSIGHT_TABS = ['gradients', 'gates', 'saturation', 'distributions'] as const;
export type InsightTab = (typeof INSIGHT_TABS)[number];

/** What the panel remembers across window reloads (webview getState/setState). */
export interface PanelState {
  runDir?: string;
  model?: string;
  yScale: 'linear' | 'log';
  xAxis: 'step' | 'epoch';
  /** EMA weight in [0, 1). */
  smoothing: number;
  overlays: string[];
  /** The insight view the user last opened; absent: the first. */
  insightTab?: InsightTab;
}

export const DEFAULT_PANEL_STATE: PanelState = { yScale: 'linear', xAxis: 'step', smoothing: 0.6, overlays: [] };

export type HostMessage =
  /** A new run begins (or a saved one is replayed): forget the old curves. */
  | { type: 'reset'; model: string; runDir?: string }
  /** Training events, in order; the host coalesces them so a fast run costs few messages. */
  | { type: 'events'; events: TrainEvent[] }
  | { type: 'training'; active: boolean }
  | { type: 'runs'; runs: RunListItem[] }
  | { type: 'overlay'; run: OverlayRun }
  /** The replayed run has no end and its process is gone (run-store's judgement): show it as interrupted. */
  | { type: 'interrupted' }
  /** Options restored by the host (serializer) on reload. */
  | { type: 'options'; state: Partial<PanelState> }
  /** What Predict gave for the run in `runDir` (predicting has ended: the button works again). */
  | { type: 'prediction'; runDir: string; prediction: PanelPrediction };

export type PanelMessage =
  | { type: 'ready' }
  | { type: 'stop' }
  | { type: 'trainAgain' }
  | { type: 'exportCsv'; csv: string; suggestedName: string }
  | { type: 'exportPng'; dataUrl: string; suggestedName: string }
  | { type: 'openRunFolder' }
  | { type: 'addOverlay'; runDir: string }
  | { type: 'removeOverlay'; runDir: string }
  /** What the panel shows of a prediction (generated text, a rolled forecast's table), to open in an untitled editor. */
  | { type: 'openInEditor'; text: string; format: PredictionFormat }
  /** Predict with the ended run (`forecast` rows past a series' end), or continue it from its last checkpoint in a new run. */
  | RunActionMessage;
