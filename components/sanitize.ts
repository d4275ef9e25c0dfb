import { escapeEnd } from '../src/logs/escape-grammar';

/**
 * What a child wrote, reduced to what may reach brum's screen. A child owns none of the terminal: cursor moves,
 * screen clears, title changes (OSC), mode switches or a stray backspace would corrupt the UI around its line.
 * Only SGR (colour and text attributes) survives, and only when colour is on.
 */

/** An SGR sequence to emit before the visible character at `at`. */
export interface StyleMark {
  readonly at: number;
  readonly sgr: string;
}

/** A log line split into its visible text and the styles to interleave with it. */
export interface CleanLine {
  /** Visible characters only: no escapes, no control characters, tabs expanded. */
  readonly text: string;
  /** SGR sequences in order of `at` (empty when colour is off). */
  readonly styles: readonly StyleMark[];
}

export interface CleanOptions {
  /** Keep SGR sequences; without colour every escape goes. */
  readonly color: boolean;
  /**
   * Visible characters to keep: the screen shows at most a terminal's width, so the rest of a long line is never
   * scanned. Callers pass a little more than the width so the renderer still sees that the line overflows.
   */
  readonly maxChars?: number;
  readonly tabWidth?: number;
}

/** `[start, end)` offsets into {@link CleanLine.text}. */
export type TextRange = readonly [number, number];

const ESC = 0x1b;
const TAB = 0x09;
const DEL = 0x7f;
const NO_STYLES: readonly StyleMark[] = Object.freeze([]);
/** Any C0 control, DEL or C1 control: a line without one is already clean. */
const NEEDS_WORK = /[\u0000-\u001f\u007f-\u009f]/;
/** Parameters of an SGR we keep: digits and separators only, no private markers (`<=>?`). */
const SGR_PARAMS = /^[\d;:]*$/;

export const HIGHLIGHT_ON = '\x1b[7m';
export const HIGHLIGHT_OFF = '\x1b[27m';
const RESET = '\x1b[0m';

/** Splits a raw line into visible text and kept SGR sequences. */
export function cleanLine(raw: string, options: CleanOptions): CleanLine {
  const maxChars = options.maxChars ?? Infinity;
  if (!NEEDS_WORK.test(raw)) return { text: raw.length > maxChars ? raw.slice(0, maxChars) : raw, styles: NO_STYLES };
  const tabWidth = options.tabWidth ?? 8;
  const styles: StyleMark[] = [];
  let text = '';
  let i = 0;
  const n = raw.length;
  while (i < n && text.length < maxChars) {
    const c = raw.charCodeAt(i);
    if (c === ESC || (c >= 0x80 && c <= 0x9f)) {
      // What is an escape sequence is decided by the shared grammar; here only which ones to keep.
      const end = escapeEnd(raw, i);
      if (end === i) {
        i++; // a C1 control that introduces nothing: dropped like any control
        continue;
      }
      if (options.color && isSgr(raw, i, end)) styles.push({ at: text.length, sgr: raw.slice(i, end) });
      i = end;
      continue;
    }
    if (c === TAB) {
      text += ' '.repeat(tabWidth - (text.length % tabWidth));
      i++;
      continue;
    }
    if (c < 0x20 || c === DEL) {
      i++;
      continue;
    }
    // Copy the run of plain characters up to the next special one in one slice.
    let j = i + 1;
    while (j < n && !isSpecial(raw.charCodeAt(j))) j++;
    text += raw.slice(i, j);
    i = j;
  }
  if (text.length > maxChars) text = text.slice(0, maxChars);
  return { text, styles: styles.length === 0 ? NO_STYLES : styles };
}

/**
 * Puts a clean line back together, with `highlights` shown inverse. Child styles inside a highlight are followed
 * by the inverse again, so a child's reset cannot end the highlight early. A line that used styles ends with a
 * reset, so nothing it set leaks into the next row.
 */
export function renderClean(line: CleanLine, highlights: readonly TextRange[] = []): string {
  const { text, styles } = line;
  if (styles.length === 0 && highlights.length === 0) return text;
  // Boundaries where something has to be emitted, visited in order with plain slices in between.
  let out = '';
  let pos = 0;
  let s = 0;
  let h = 0;
  let inHighlight = false;
  const len = text.length;
  for (;;) {
    const nextStyle = s < styles.length ? (styles[s] as StyleMark).at : Infinity;
    const range = highlights[h];
    // A range that is empty or already behind us (overlapping, unsorted) is skipped rather than trusted.
    if (range !== undefined && !inHighlight && (range[1] <= range[0] || range[1] <= pos || range[0] >= len)) {
      h++;
      continue;
    }
    const nextHl = range === undefined ? Infinity : inHighlight ? Math.min(range[1], len) : Math.max(pos, range[0]);
    const next = Math.min(nextStyle, nextHl, len);
    if (next > pos) {
      out += text.slice(pos, next);
      pos = next;
    }
    if (nextStyle === pos && nextStyle !== Infinity) {
      out += (styles[s] as StyleMark).sgr;
      if (inHighlight) out += HIGHLIGHT_ON;
      s++;
      continue;
    }
    if (range !== undefined && nextHl === pos) {
      if (inHighlight) {
        out += HIGHLIGHT_OFF;
        h++;
      } else {
        out += HIGHLIGHT_ON;
      }
      inHighlight = !inHighlight;
      continue;
    }
    if (pos >= len) break;
  }
  if (inHighlight) out += HIGHLIGHT_OFF;
  if (styles.length > 0) out += RESET;
  return out;
}

/** One call for the common case: the line as it may be printed. */
export function sanitize(raw: string, options: CleanOptions): string {
  return renderClean(cleanLine(raw, options));
}

function isSpecial(c: number): boolean {
  return c < 0x20 || (c >= DEL && c <= 0x9f);
}

/** A complete 7-bit SGR (`ESC [ params m`) with plain parameters, `[at, end)` being one token of the grammar. */
function isSgr(raw: string, at: number, end: number): boolean {
  return (
    raw.charCodeAt(at) === ESC &&
    raw.charCodeAt(at + 1) === 0x5b &&
    raw.charCodeAt(end - 1) === 0x6d &&
    end - at >= 3 &&
    SGR_PARAMS.test(raw.slice(at + 2, end - 1))
  );
}
