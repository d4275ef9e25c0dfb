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
const BEL = 0x07;
const TAB = 0x09;
const DEL = 0x7f;
const C1_CSI = 0x9b;
const C1_ST = 0x9c;
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
    if (c === ESC || c === C1_CSI) {
      const csiStart = c === ESC ? (raw.charCodeAt(i + 1) === 0x5b ? i + 2 : -1) : i + 1;
      if (csiStart !== -1) {
        const end = csiEnd(raw, csiStart);
        if (end === -1) break; // unfinished: the rest of the line is its parameters
        if (options.color && c === ESC && raw.charCodeAt(end) === 0x6d && SGR_PARAMS.test(raw.slice(csiStart, end))) {
          styles.push({ at: text.length, sgr: raw.slice(i, end + 1) });
        }
        i = end + 1;
        continue;
      }
      i = skipEscape(raw, i + 1);
      continue;
    }
    if (c >= 0x80 && c <= 0x9f) {
      i = isC1StringStart(c) ? skipString(raw, i + 1) : i + 1;
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

/** Index of the final byte of a CSI whose parameters start at `from`, or -1 when the line ends first. */
function csiEnd(raw: string, from: number): number {
  let i = from;
  let c = raw.charCodeAt(i);
  while (c >= 0x30 && c <= 0x3f) c = raw.charCodeAt(++i);
  while (c >= 0x20 && c <= 0x2f) c = raw.charCodeAt(++i);
  // Anything else (a control, or the end: NaN) means a malformed sequence; drop what was read of it.
  return c >= 0x40 && c <= 0x7e ? i : Number.isNaN(c) ? -1 : i - 1;
}

/** Skips an escape sequence after its ESC; returns the index after it. */
function skipEscape(raw: string, from: number): number {
  const c = raw.charCodeAt(from);
  if (Number.isNaN(c)) return from;
  // OSC, DCS, SOS, PM, APC: a string up to BEL or ST.
  if (c === 0x5d || c === 0x50 || c === 0x58 || c === 0x5e || c === 0x5f) return skipString(raw, from + 1);
  // nF sequences: intermediates then one final byte (ESC ( B, ESC # 8…); Fp/Fe/Fs: one byte (ESC 7, ESC c…).
  let i = from;
  let d = c;
  while (d >= 0x20 && d <= 0x2f) d = raw.charCodeAt(++i);
  return d >= 0x30 && d <= 0x7e ? i + 1 : i;
}

/** Skips a control string's body; returns the index after its terminator (or the end of the line). */
function skipString(raw: string, from: number): number {
  for (let i = from; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === BEL || c === C1_ST) return i + 1;
    if (c === ESC) return raw.charCodeAt(i + 1) === 0x5c ? i + 2 : i;
  }
  return raw.length;
}

function isC1StringStart(c: number): boolean {
  // DCS, SOS, OSC, PM, APC
  return c === 0x90 || c === 0x98 || c === 0x9d || c === 0x9e || c === 0x9f;
}
