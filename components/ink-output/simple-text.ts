// What a log pane is made of, measured and cut into cells without Intl.Segmenter. Ink finds grapheme clusters
// with Intl.Segmenter for every styled row it draws (ansi-tokenize) and for every row it measures (string-width);
// under a 1M-line flood of a dev server's coloured output, those frames cost ~4× the frames of plain lines, and
// stalled the child behind them (docs/performance.md, entry 3d). Most such lines hold only printable ASCII, SGR
// colour codes and a few symbols (✓ ➜ ✨ ○), none of which ever joins a neighbour into a cluster: for them, one
// UTF-16 unit is one cluster, and the library's answer is a sum or a list built unit by unit. Anything else
// (combining marks, joiners, surrogates, Hangul, controls, other escape sequences) goes to the library.
import { reduceAnsiCodesIncremental, tokenize, type AnsiCode, type StyledChar } from '@alcalzone/ansi-tokenize';
import isFullwidthCodePoint from 'is-fullwidth-code-point';

/**
 * True for a UTF-16 unit that is a grapheme cluster on its own whatever surrounds it, as long as its neighbours
 * are such units too: printable ASCII; Latin-1 to the spacing modifier letters (no soft hyphen); General
 * Punctuation to Miscellaneous Symbols and Arrows, less the format characters and the combining marks for symbols.
 * None of these is Extend, ZWJ, SpacingMark, Prepend, Hangul, a regional indicator, a control or a surrogate.
 */
export function isSimpleUnit(c: number): boolean {
  if (c >= 0x20 && c <= 0x7e) return true;
  if (c < 0xa1) return false;
  if (c <= 0x2ff) return c !== 0xad;
  if (c < 0x2010 || c > 0x2bff) return false;
  return !(c >= 0x2028 && c <= 0x202e) && !(c >= 0x2060 && c <= 0x206f) && !(c >= 0x20d0 && c <= 0x20ff);
}

/**
 * The simple units string-width 8 counts two columns wide (emoji shown as emoji, and wide East Asian symbols); every
 * other simple unit is one. Why a table: asking string-width even once builds its Intl.Segmenter and Unicode-property
 * regexes, ~20–30 ms of the thread that reads the children, in the first frames of a flood. Written from
 * string-width's own answers; test/ink-string-width.property.test.ts measures every simple unit against it, so a new
 * string-width that answers otherwise fails there.
 */
const WIDE_UNITS: readonly (number | readonly [number, number])[] = [
  [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], 0x23f0, 0x23f3, [0x25fd, 0x25fe], [0x2614, 0x2615],
  [0x2630, 0x2637], [0x2648, 0x2653], 0x267f, [0x268a, 0x268f], 0x2693, 0x26a1, [0x26aa, 0x26ab], [0x26bd, 0x26be],
  [0x26c4, 0x26c5], 0x26ce, 0x26d4, 0x26ea, [0x26f2, 0x26f3], 0x26f5, 0x26fa, 0x26fd, 0x2705, [0x270a, 0x270b],
  0x2728, 0x274c, 0x274e, [0x2753, 0x2755], 0x2757, [0x2795, 0x2797], 0x27b0, 0x27bf, [0x2b1b, 0x2b1c], 0x2b50,
  0x2b55,
];

/** Width by unit below 0x2c00 (the simple ranges end at 0x2bff), from WIDE_UNITS. */
const WIDTHS = new Uint8Array(0x2c00).fill(1);
for (const entry of WIDE_UNITS) {
  const [from, to] = typeof entry === 'number' ? [entry, entry] : entry;
  WIDTHS.fill(2, from, to + 1);
}

/** The width string-width gives one simple unit. */
export function unitWidth(c: number): number {
  return c < 0x2c00 ? (WIDTHS[c] as number) : 1;
}

/** Where the SGR sequence `ESC [ digits/; m` starting at `at` ends (its `m`), as ansi-tokenize reads one; else -1. */
function sgrEnd(line: string, at: number): number {
  if (line.charCodeAt(at + 1) !== 0x5b) return -1;
  for (let i = at + 2; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x6d) return i;
    if (c !== 0x3b && (c < 0x30 || c > 0x39)) return -1;
  }
  return -1;
}

/** ansi-tokenize's tokens for one SGR sequence (split into its single codes), by sequence: a log repeats few. */
const SGR_TOKENS = new Map<string, AnsiCode[]>();
const SGR_TOKENS_MAX = 4096;

function sgrCodes(sequence: string): AnsiCode[] {
  let codes = SGR_TOKENS.get(sequence);
  if (codes === undefined) {
    codes = tokenize(sequence).filter((t): t is AnsiCode => t.type === 'ansi');
    if (SGR_TOKENS.size >= SGR_TOKENS_MAX) SGR_TOKENS.clear();
    SGR_TOKENS.set(sequence, codes);
  }
  return codes;
}

/**
 * `styledCharsFromTokens(tokenize(line))` for a line of simple units and SGR sequences, or undefined for any
 * other line. Characters between two sequences share one styles array (the library copies it per character;
 * nothing mutates it).
 */
export function simpleStyledChars(line: string): StyledChar[] | undefined {
  const chars: StyledChar[] = [];
  let codes: AnsiCode[] = [];
  let styles: AnsiCode[] = codes;
  let stale = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x1b) {
      const end = sgrEnd(line, i);
      if (end === -1) return undefined;
      codes = reduceAnsiCodesIncremental(codes, sgrCodes(line.slice(i, end + 1)));
      stale = true;
      i = end;
      continue;
    }
    if (!isSimpleUnit(c)) return undefined;
    if (stale) {
      styles = [...codes];
      stale = false;
    }
    chars.push({ type: 'char', value: line[i] as string, fullWidth: isFullwidthCodePoint(c), styles });
  }
  return chars;
}
