import stripAnsi from 'strip-ansi';
import { escapeRegExp } from './escape-regexp';
import type { LogEntry } from './log-entry';

/**
 * True when `text` may hold an escape sequence. This is the same test strip-ansi uses to skip its regex (a
 * 7-bit ESC or an 8-bit CSI), so the fast paths can never disagree with it.
 */
export function mayHaveAnsi(text: string): boolean {
  return text.indexOf('\x1b') !== -1 || text.indexOf('\u009b') !== -1;
}

/** The text as a terminal would show it, without escape sequences; a line without any comes back as it is. */
export function plainText(text: string): string {
  return mayHaveAnsi(text) ? stripAnsi(text) : text;
}

/**
 * Between two visible characters, zero or more escape sequences. Every sequence strip-ansi removes starts with
 * ESC or a C1 control, and its body holds neither (they only ever come back in its terminator, ESC-backslash
 * or ST). So this accepts every run of removed sequences (it may accept more, which only costs a recheck):
 * a precise CSI branch for the common case, and a loose branch for the rare other kinds.
 */
const GAP = String.raw`(?:\x1b\[[0-?]*[ -/]*[@-~]|(?:\x1b[^[]|[\x80-\x9f])[^\x1b\x80-\x9f]*(?:\x1b\\|\x9c)?)*`;

/**
 * A regex source that matches `literal` in a raw line wherever it occurs in that line's plain text, escape
 * sequences in between included. It never rejects a line whose plain text contains `literal`, so a search can
 * skip stripping the lines it rejects. `undefined` when `literal` itself holds ESC or C1 characters, which could
 * be read as part of a sequence.
 */
export function escapeTolerantSource(literal: string): string | undefined {
  if (literal.length === 0 || /[\x1b\x80-\x9f]/.test(literal)) return undefined;
  // Code units, not code points: without the `u` flag the regex sees a surrogate pair as two units too.
  return literal.split('').map(escapeRegExp).join(GAP);
}

/** {@link plainText} of an entry's line. */
export function plainEntry(entry: LogEntry): string {
  return plainText(entry.text);
}
