/**
 * A run of whole lines from one chunk of one stream, kept as ONE string. The hot path moves blocks, not lines:
 * a flood of 6M lines becomes a few thousand blocks, so there is no per-line object or string to allocate,
 * retain and collect. Lines are sliced out only when somebody reads them.
 */
export interface LineBlock {
  /** The lines joined by '\n' (breaks normalised: \r\n and a lone \r became \n), no trailing break. */
  readonly text: string;
  /** Number of lines (≥ 1). */
  readonly count: number;
  /** ends[i] is where line i ends in `text` (exclusive); line i starts at 0 or ends[i - 1] + 1. */
  readonly ends: Uint32Array;
  /** Indexes of lines cut at the length cap (each continues in the next line), or null when none. */
  readonly cuts: readonly number[] | null;
  /** Whether `text` contains ESC, so readers that strip colours can skip whole blocks. */
  readonly hasEscape: boolean;
  /**
   * True only when every character is known to be ASCII (the splitter learns it from the raw bytes for free),
   * so a writer may encode it as latin1, a plain copy. Absent or false means unknown: encode as UTF-8.
   */
  readonly ascii?: boolean;
}

export function lineStart(block: LineBlock, i: number): number {
  return i === 0 ? 0 : (block.ends[i - 1] as number) + 1;
}

export function lineAt(block: LineBlock, i: number): string {
  return block.text.slice(lineStart(block, i), block.ends[i]);
}

export function isCut(block: LineBlock, i: number): boolean {
  return block.cuts !== null && block.cuts.includes(i);
}

/** Builds a block from separate lines (slow path: tests, \r-heavy chunks, single appends). */
export function blockOf(lines: readonly string[], cuts: readonly number[] | null = null): LineBlock {
  const ends = new Uint32Array(lines.length);
  let pos = 0;
  for (let i = 0; i < lines.length; i++) {
    pos += (lines[i] as string).length;
    ends[i] = pos;
    pos += 1;
  }
  const text = lines.join('\n');
  return { text, count: lines.length, ends, cuts: cuts && cuts.length > 0 ? cuts : null, hasEscape: text.includes('\x1b') };
}

/** Index of the line containing offset `pos` of `block.text` (binary search over `ends`). */
export function lineIndexAt(block: LineBlock, pos: number): number {
  let lo = 0;
  let hi = block.count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((block.ends[mid] as number) < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
