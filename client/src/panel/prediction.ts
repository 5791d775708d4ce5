// What Predict gives back to the panel, apart from the panel messages
// themselves: a forecast rolled past the end of the series (drawn in the
// forecast view, with its table for "Open in editor"), generated text (shown
// under the run), a table (opened in an editor: the panel only learns it is
// done), or why it failed. The host turns the worker's prediction table into
// it, the same way whoever asked; the webview only draws it.

/** `steps` rows after the series' last row, each column's values in the data's units, columns in the run's order. */
export interface RolledForecast {
  steps: number;
  columns: { column: string; values: number[] }[];
}

export type PanelPrediction =
  /** `csv`: the forecast's table as `rnn predict --forecast` writes it, for the panel's "Open in editor". */
  | { kind: 'forecast'; forecast: RolledForecast; csv: string }
  | { kind: 'text'; text: string }
  | { kind: 'table' }
  | { kind: 'failed'; message: string }
  /** The user cancelled a question on the way (what to predict). */
  | { kind: 'cancelled' };

/**
 * Where a prediction goes, whoever asked for it (the panel's Predict, a runs table row, the command palette): a
 * forecast the run's forecast view can draw (`drawable`) and generated text go to the panel, on that run; a table
 * (the validation part's predictions, a forecast of a series the panel does not draw) opens in an editor.
 */
export function panelPrediction(reply: { format: PredictionFormat; text: string; forecast?: RolledForecast }, drawable: boolean): PanelPrediction {
  if (reply.forecast && drawable) return { kind: 'forecast', forecast: reply.forecast, csv: reply.text };
  return reply.format === 'text' ? { kind: 'text', text: reply.text } : { kind: 'table' };
}

/** A run named by its caller (the panel, the runs table), and the rows to forecast when the caller already knows. */
export interface PredictTarget {
  runDir: string;
  forecast?: number;
}

/** The forecast table of `rnn predict --forecast` (step, then one column per output) as a rolled forecast. */
export function rolledForecast(header: readonly string[], rows: readonly (number | string | undefined)[][]): RolledForecast {
  return {
    steps: rows.length,
    columns: header.slice(1).map((column, c) => ({ column, values: rows.map((row) => Number(row[c + 1])) })),
  };
}

/** How a prediction's text opens in an untitled editor: CSV (a table) or plain text (generated text). */
export type PredictionFormat = 'csv' | 'text';

/** The editor language of a prediction's text, so a table opens with CSV's colouring and commands. */
export function editorLanguageOf(format: PredictionFormat): string {
  return format === 'csv' ? 'csv' : 'plaintext';
}

/** Predict and Resume as the panel and the runs table ask for them. */
export type RunActionMessage = { type: 'predict'; runDir: string; forecast?: number } | { type: 'resume'; runDir: string };

/** What carries them out (the training controller: PanelActions). */
export interface RunActionHandlers {
  predict(target: PredictTarget): Promise<PanelPrediction | undefined>;
  resume(runDir: string): Promise<void>;
}

/**
 * Carries out Predict or Resume for `runDir` (the run the asker shows). For Predict, the answer the panel waits for
 * to enable its button again: 'cancelled' when the user cancelled a question on the way.
 */
export async function carryOutRunAction(message: RunActionMessage, runDir: string, handlers: RunActionHandlers): Promise<PanelPrediction | undefined> {
  if (message.type === 'resume') {
    await handlers.resume(runDir);
    return undefined;
  }
  return (await handlers.predict({ runDir, ...(message.forecast !== undefined ? { forecast: message.forecast } : {}) })) ?? { kind: 'cancelled' };
}
