// What a log pane is made of, measured and cut into cells without Intl.Segmenter. Ink finds grapheme clusters
// with Intl.Segmenter for every styled row it draws (ansi-tokenize) and for every row it measures (string-width);
// under a 1M-line flood of a dev server's coloured output, those frames cost ~4× the frames of plain lines, and
// stalled the child behind them (docs/performance.md, entry 3d). Most such lines hold only printable ASCII, SGR
// colour codes and a few symbols (✓ ➜ ✨ ○), none of which ever joins a neighbour into a cluster: for them, one
// UTF-16 unit is one cluster, and the library's answer is a sum or a list built unit by unit. Anything else
// (combining marks, joiners, surrogates, Hangul, controls, other escape sequences) goes to the library.
import { reduceAnsiCodesIncremental, tokenize, type AnsiCode, type StyledChar } from '@alcalzone/ansi-tokenize';
import isFullwidthCodePoint from 'is-fullwidth-code-point';
import realStringWidth from 'string-width';

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

/** string-width of each simple unit beyond ASCII, asked once (✨ is 2, most are 1): at most ~11k entries. */
const UNIT_WIDTHS = new Map<number, number>();

/** The width string-width gives one simple unit. */
export function unitWidth(c: number): number {
  if (c < 0x7f) return 1;
  let width = UNIT_WIDTHS.get(c);
  if (width === undefined) {
    width = realStringWidth(String.fromCharCode(c));
    UNIT_WIDTHS.set(c, width);
  }
  return width;
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
