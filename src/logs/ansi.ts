import { escapeRegExp } from './escape-regexp';
import { INTRODUCERS_SOURCE, mayHaveAnsi, removeSequences, SEQUENCE_RUN_LOOSE_SOURCE } from './escape-grammar';
import type { LogEntry } from './log-entry';

export { mayHaveAnsi } from './escape-grammar';

/**
 * The text as a terminal would show it, without escape sequences (the grammar of `escape-grammar.ts`, which is
 * strip-ansi's); a line without any comes back as it is.
 */
export function plainText(text: string): string {
  return mayHaveAnsi(text) ? removeSequences(text) : text;
}

const INTRODUCER = new RegExp(INTRODUCERS_SOURCE);

/**
 * A regex source that matches `literal` in a raw line wherever it occurs in that line's plain text, escape
 * sequences in between included. It never rejects a line whose plain text contains `literal`, so a search can
 * skip stripping the lines it rejects. `undefined` when `literal` itself holds ESC or C1 characters, which could
 * be read as part of a sequence.
 */
export function escapeTolerantSource(literal: string): string | undefined {
  if (literal.length === 0 || INTRODUCER.test(literal)) return undefined;
  // Code units, not code points: without the `u` flag the regex sees a surrogate pair as two units too.
  return literal.split('').map(escapeRegExp).join(SEQUENCE_RUN_LOOSE_SOURCE);
}

/** {@link plainText} of an entry's line. */
export function plainEntry(entry: LogEntry): string {
  return plainText(entry.text);
}
