import stripAnsi from 'strip-ansi';
import { escapeRegExp } from './escape-regexp';
import type { LogEntry } from './log-entry';

const LEFT_BRACKET = 0x5b;
/** C1 controls: 8-bit introducers (CSI, OSC, DCS…) and the ST terminator, all of which strip-ansi handles. */
const C1 = /[\u0080-\u009f]/;

/**
 * True when `text` may hold an escape sequence. This is the same test strip-ansi uses to skip its regex (a
 * 7-bit ESC or an 8-bit CSI), so the fast paths can never disagree with it.
 */
export function mayHaveAnsi(text: string): boolean {
  return text.indexOf('\x1b') !== -1 || text.indexOf('\u009b') !== -1;
}

/**
 * The text as a terminal would show it, without escape sequences.
 *
 * Most log lines have no escapes: they come back as the same string, with nothing run or allocated. Coloured
 * lines almost always hold only CSI sequences (`ESC [ … m`), which a direct scan removes in about 60% of the
 * time strip-ansi's general regex takes (measured ≈0.2 µs against ≈0.33 µs a line). Anything else (OSC links,
 * C1 controls, a malformed sequence) goes to strip-ansi, so the result is always exactly what it returns.
 */
export function plainText(text: string): string {
  const esc = text.indexOf('\x1b');
  if (esc === -1) return text.indexOf('\u009b') === -1 ? text : stripAnsi(text);
  return stripCsiOnly(text, esc) ?? stripAnsi(text);
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

/**
 * Removes the CSI sequences of a line whose escapes are all well-formed CSI, or returns `undefined` to leave the
 * line to strip-ansi. The byte classes follow ECMA-48 as strip-ansi does: parameters 0x30–0x3F, intermediates
 * 0x20–0x2F, one final byte 0x40–0x7E. They are disjoint, so this greedy scan ends exactly where its regex does.
 */
function stripCsiOnly(text: string, firstEsc: number): string | undefined {
  if (C1.test(text)) return undefined;
  let out = '';
  let from = 0;
  let esc = firstEsc;
  while (esc !== -1) {
    if (text.charCodeAt(esc + 1) !== LEFT_BRACKET) return undefined;
    let i = esc + 2;
    // Past the end charCodeAt gives NaN, which fails every range test: an unfinished sequence is left to strip-ansi.
    let c = text.charCodeAt(i);
    while (c >= 0x30 && c <= 0x3f) c = text.charCodeAt(++i);
    while (c >= 0x20 && c <= 0x2f) c = text.charCodeAt(++i);
    if (!(c >= 0x40 && c <= 0x7e)) return undefined;
    out += text.slice(from, esc);
    from = i + 1;
    esc = text.indexOf('\x1b', from);
  }
  return out + text.slice(from);
}
