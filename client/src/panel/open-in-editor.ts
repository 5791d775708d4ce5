// Opens a prediction's text (a table as CSV, generated text) in an untitled
// editor, where the user reads it at full size and saves it where they like.
// Predict's tables open there directly; the panel's "Open in editor" asks for
// what it draws (a rolled forecast, generated text) to open there too.
import * as vscode from 'vscode';
import { editorLanguageOf, type PredictionFormat } from './prediction';

/** `awayFrom`: the column of the view that asked (the panel), which the editor opens beside instead of covering. */
export async function openInEditor(text: string, format: PredictionFormat, awayFrom?: vscode.ViewColumn): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ content: text, language: editorLanguageOf(format) });
  const viewColumn = awayFrom === undefined ? undefined : awayFrom === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
  await vscode.window.showTextDocument(document, viewColumn === undefined ? undefined : { viewColumn });
}
