import { mayHaveAnsi, plainText } from './ansi';
import { lineIn, lineIndexAt, lineStart } from './line-block';
import type { LineBlock } from './line-block';

/** `[start, end)` offsets into the line's plain text (escape sequences removed). */
export type MatchRange = [number, number];

/** Finds the leftmost match starting at or after `at`, leaving it in `start` and `end`. */
export interface Finder {
  find(text: string, at: number): boolean;
  start: number;
  end: number;
}

export class RegexFinder implements Finder {
  start = 0;
  end = 0;
  /** `re` must have the `g` flag, so `lastIndex` says where to start. */
  constructor(private readonly re: RegExp) {}
  find(text: string, at: number): boolean {
    this.re.lastIndex = at;
    const m = this.re.exec(text);
    if (m === null) return false;
    this.start = m.index;
    this.end = m.index + m[0].length;
    return true;
  }
}

export class IndexOfFinder implements Finder {
  start = 0;
  end = 0;
  /** `needle` must not be empty. */
  constructor(private readonly needle: string) {}
  find(text: string, at: number): boolean {
    const i = text.indexOf(this.needle, at);
    if (i === -1) return false;
    this.start = i;
    this.end = i + this.needle.length;
    return true;
  }
}

export interface BlockMatcher {
  readonly finder: Finder;
  /**
   * Whether a match found in a block's text that stays within one line is exactly what matching that line alone
   * finds. True when the pattern can only look at what it consumes: see {@link isLineLocal}.
   */
  readonly lineLocal: boolean;
  /**
   * A test on raw text that every line matching `finder` after stripping passes. Lines (and whole coloured
   * blocks) that fail it are skipped without being stripped, which is most of the cost over coloured output.
   */
  readonly rawFilter: RegExp | undefined;
}

/** The lines of one block that matched, in line order, collected into arrays reused from block to block. */
export class BlockHits {
  readonly lines: number[] = [];
  readonly ranges: MatchRange[][] = [];
  add(line: number, ranges: MatchRange[]): void {
    this.lines.push(line);
    this.ranges.push(ranges);
  }
  reset(): void {
    this.lines.length = 0;
    this.ranges.length = 0;
  }
}

/**
 * Ranges of the matches in one plain line, left to right and non-overlapping, or `null` when nothing matches.
 * A pattern that matches the empty string selects the line but adds no range: there is nothing to highlight.
 */
export function lineRanges(finder: Finder, text: string): MatchRange[] | null {
  let ranges: MatchRange[] | null = null;
  let at = 0;
  while (at <= text.length && finder.find(text, at)) {
    ranges ??= [];
    const { start, end } = finder;
    if (end > start) {
      ranges.push([start, end]);
      at = end;
    } else {
      // An empty match: step past it, or the search would find it again forever.
      at = start + 1;
    }
  }
  return ranges;
}

/**
 * Whether a regex source only ever looks at the characters it consumes (apart from `\b`/`\B`), so running it
 * over lines joined by '\n' finds, within each line, what running it over that line alone finds: it has no `^`
 * or `$` (which see the edges of the whole text) and no lookaround (which can see past a line's end). `\b` is
 * fine: '\n' is not a word character, just like the edge of a lone line. Conservative: a `^` or `$` escaped in
 * an odd way only costs the fast path.
 */
export function isLineLocal(source: string): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      // A leading '^' negates the class; it is not an anchor.
      if (source[i + 1] === '^') i++;
    } else if (c === '^' || c === '$') {
      return false;
    } else if (c === '(' && source[i + 1] === '?') {
      const a = source[i + 2];
      const b = source[i + 3];
      if (a === '=' || a === '!' || (a === '<' && (b === '=' || b === '!'))) return false;
    }
  }
  return true;
}

/** Adds to `hits` the lines `[from, block.count)` of `block` that match, with their ranges. */
export function matchBlock(block: LineBlock, from: number, matcher: BlockMatcher, hits: BlockHits): void {
  const text = block.text;
  // `hasEscape` covers ESC only; an 8-bit CSI (U+009B) also starts a sequence that stripping removes.
  if (block.hasEscape || text.indexOf('\u009b') !== -1) {
    const filter = matcher.rawFilter;
    // The filter has no anchors, so a block where it finds nothing has no line where it would.
    if (filter !== undefined && !filter.test(text)) return;
    for (let i = from; i < block.count; i++) {
      const line = lineIn(block, text, i);
      let ranges: MatchRange[] | null;
      if (!mayHaveAnsi(line)) ranges = lineRanges(matcher.finder, line);
      else if (filter !== undefined && !filter.test(line)) ranges = null;
      else ranges = lineRanges(matcher.finder, plainText(line));
      if (ranges !== null) hits.add(i, ranges);
    }
  } else if (matcher.lineLocal) {
    scanPlainBlock(block, from, matcher.finder, hits);
  } else {
    for (let i = from; i < block.count; i++) {
      const ranges = lineRanges(matcher.finder, lineIn(block, text, i));
      if (ranges !== null) hits.add(i, ranges);
    }
  }
}

/**
 * Runs a line-local finder over the text of an escape-free block once, mapping each match to its line. A match
 * that runs past its line's end (a pattern that can consume '\n') is not a match of any line, and it may hide
 * one that starts in the same line, so that line alone is matched again and the scan resumes at the next line.
 */
function scanPlainBlock(block: LineBlock, from: number, finder: Finder, hits: BlockHits): void {
  const text = block.text;
  let at = lineStart(block, from);
  let line = -1;
  let ranges: MatchRange[] = [];
  while (at <= text.length && finder.find(text, at)) {
    const { start, end } = finder;
    const l = lineIndexAt(block, start);
    if (l !== line) {
      if (line !== -1) hits.add(line, ranges);
      line = l;
      ranges = [];
    }
    const lineEnd = block.ends[l] as number;
    if (end > lineEnd) {
      const own = lineRanges(finder, lineIn(block, text, l));
      if (own !== null) hits.add(l, own);
      line = -1;
      at = lineEnd + 1;
      continue;
    }
    if (end > start) {
      const ls = lineStart(block, l);
      ranges.push([start - ls, end - ls]);
      at = end;
    } else {
      at = start + 1;
    }
  }
  if (line !== -1) hits.add(line, ranges);
}
