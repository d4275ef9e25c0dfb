import stripAnsi from 'strip-ansi';
import type { LogEntry } from './log-entry';

/**
 * True when `text` may hold an escape sequence. This is the same test strip-ansi uses to skip its regex (a
 * 7-bit ESC or an 8-bit CSI), so the fast path can never disagree with the slow one.
 */
export function mayHaveAnsi(text: string): boolean {
  return text.indexOf('\x1b') !== -1 || text.indexOf('\u009b') !== -1;
}

/**
 * The text as a terminal would show it, without escape sequences. Most log lines have none: those come back
 * as the same string, with no regex run and nothing allocated.
 */
export function plainText(text: string): string {
  return mayHaveAnsi(text) ? stripAnsi(text) : text;
}

/** {@link plainText} of an entry's line. */
export function plainEntry(entry: LogEntry): string {
  return plainText(entry.text);
}
