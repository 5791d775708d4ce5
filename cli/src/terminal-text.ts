// Text from training data or from a model (a generated sample, a value or a
// column name quoted in a message) is shown, never obeyed. A terminal acts on
// the control characters in what it prints: ESC starts sequences that
// recolour, move the cursor, retitle the window, set the clipboard or hide
// text; BEL rings; NUL and the others garble the line. Each is shown as an
// escape instead (ESC as `\x1b`), so an escape sequence in the data prints as
// the harmless text `\x1b[31m`. The bidirectional overrides and isolates are
// shown too: they make text read in an order other than its own.
//
// Written here rather than taken from a library: the ones on npm strip ANSI
// sequences (strip-ansi), which hides what the data holds and leaves BEL and
// NUL, or escape for JavaScript source (jsesc), which also rewrites quotes,
// backslashes and every non-ASCII character a person wants to read.
import type { TrainEvent } from '../../core/src/shared';

// C0 controls, DEL, C1 controls (0x9b alone is CSI in 8-bit terminals), bidi overrides and isolates.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// The same, less the line structure of multi-line text: newline, tab and the \r of a \r\n.
const CONTROLS_BUT_LINES = /\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(character: string): string {
  const code = character.charCodeAt(0);
  return NAMED[character] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/**
 * `text` with every control character shown as an escape. One-line text (a
 * message) has its line breaks and tabs escaped too; `multiline` text (a
 * generated sample) keeps newlines, tabs and \r\n line ends.
 */
export function terminalText(text: string, options: { multiline?: boolean } = {}): string {
  return text.replace(options.multiline ? CONTROLS_BUT_LINES : CONTROLS, escape);
}

/** A training event whose texts (messages, the end's reason and sample) are safe to print. */
export function terminalSafeEvent(event: TrainEvent): TrainEvent {
  switch (event.type) {
    case 'log':
      return { ...event, message: terminalText(event.message) };
    case 'error':
      return { ...event, message: terminalText(event.message, { multiline: true }) };
    case 'end': {
      const safe = { ...event };
      if (safe.reason !== undefined) safe.reason = terminalText(safe.reason);
      if (safe.sample !== undefined) safe.sample = terminalText(safe.sample, { multiline: true });
      return safe;
    }
    default:
      return event;
  }
}
