// The run folder's append-only JSON-lines files (metrics.jsonl, insight.jsonl)
// read the same way: every valid line in order, a damaged one (a last line cut
// short by a killed process, one that is not valid) skipped and counted with
// the first reason, and a line of a kind a later version added ignored, not
// judged. Never throws: one bad run must not stop a listing or a panel.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as z from 'zod/mini';
import { t } from '../shared';
import { issueMessage, parseIssuesText } from './issues';

export interface JsonLines<Item> {
  /** The valid lines, in the order they were written. */
  items: Item[];
  /** Lines that are not valid. */
  skipped: number;
  /** Why the first skipped line (or the file) was not read, e.g. "metrics.jsonl line 3: not valid JSON". */
  problem?: string;
}

export interface JsonLinesFormat<Item> {
  /** The file's name in the run folder. */
  file: string;
  /** The field that names a line's kind ("type", "kind"). */
  tag: string;
  /** The kinds this version knows; a line of another kind is ignored. */
  known: ReadonlySet<unknown>;
  schema: z.ZodMiniType<Item>;
}

/** The valid lines of `format.file` in `runDir`; a file that does not exist has none. */
export function readJsonLines<Item>(runDir: string, format: JsonLinesFormat<Item>): JsonLines<Item> {
  let text: string;
  try {
    text = readFileSync(join(runDir, format.file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { items: [], skipped: 0 };
    return { items: [], skipped: 0, problem: t('{0} cannot be read: {1}', format.file, (error as Error).message) };
  }
  const lines: JsonLines<Item> = { items: [], skipped: 0 };
  const skip = (lineNumber: number, reason: string) => {
    lines.skipped++;
    lines.problem ??= t('{0} line {1}: {2}', format.file, lineNumber, reason);
  };
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return skip(index + 1, t('not valid JSON'));
    }
    const kind = (json as Record<string, unknown> | null)?.[format.tag];
    if (typeof kind === 'string' && !format.known.has(kind)) return; // added by a later version: not ours to judge
    const parsed = format.schema.safeParse(json, { error: issueMessage });
    if (parsed.success) lines.items.push(parsed.data);
    else skip(index + 1, parseIssuesText(parsed.error));
  });
  return lines;
}
