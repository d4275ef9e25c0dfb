/**
 * A run of whole lines from one chunk of one stream, kept as ONE string. The hot path moves blocks, not lines:
 * a flood of 6M lines becomes a few thousand blocks, so there is no per-line object or string to allocate,
 * retain and collect. Lines are sliced out only when somebody reads them.
 */
export interface LineBlock {
  /**
   * The lines joined by '\n' (breaks normalised: \r\n and a lone \r became \n), no trailing break. For a block
   * that keeps bytes ({@link AsciiBytesBlock}) this is decoded on each read: read it once per use.
   */
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
  /** The text as bytes (ASCII or UTF-8), when the block keeps those instead of a string (see {@link AsciiBytesBlock}). */
  readonly bytes?: Buffer;
  /** Where each line ends in `bytes`, for a block whose bytes are not ASCII (see {@link Utf8BytesBlock}). */
  readonly byteEnds?: Uint32Array;
  /**
   * The indexes (ascending) of the only lines a detector could want, as the splitter's scan found them
   * (newline-scan.wat: an error mark's pair, a URL, an end that may read `:digits`); the others are skipped
   * unread. Absent: unknown, so the whole block is screened.
   */
  readonly looks?: Uint32Array;
}

/**
 * A block of lines that keeps the bytes it was read as, not a string. Why: a string lives in V8's heap, so every
 * block the log store retains is copied by each young-generation collection it survives and then promoted, and
 * under a flood that copying was most of brum's garbage-collection time. Bytes live outside the heap; only this
 * small object is traced. Lines are decoded when somebody reads them.
 */
abstract class BytesBlock implements LineBlock {
  readonly cuts = null;
  abstract readonly ascii: boolean;
  abstract readonly ends: Uint32Array;

  constructor(
    readonly bytes: Buffer,
    readonly count: number,
    readonly hasEscape: boolean,
    readonly looks?: Uint32Array,
  ) {}

  abstract get text(): string;
}

/** Plain ASCII bytes: decoding is a plain copy, and the text's offsets are the bytes' offsets. */
export class AsciiBytesBlock extends BytesBlock {
  readonly ascii = true;

  constructor(bytes: Buffer, count: number, readonly ends: Uint32Array, hasEscape: boolean, looks?: Uint32Array) {
    super(bytes, count, hasEscape, looks);
  }

  get text(): string {
    return this.bytes.toString('latin1');
  }
}

/**
 * Valid UTF-8 bytes (most dev servers print ✓, ➜ or box drawing, so their output is rarely pure ASCII). Its lines
 * are found by `byteEnds`, where each ends in the bytes, so one line is decoded without decoding the block. `ends`,
 * where each ends in the decoded text, is counted only when something reads the whole text (a search, a
 * per-line reader): under a flood most blocks are evicted unread, and counting every block's text ends as it
 * arrived was a second pass over every byte (docs/performance.md, entry 5b).
 */
export class Utf8BytesBlock extends BytesBlock {
  readonly ascii = false;
  private textEnds: Uint32Array | undefined;

  constructor(bytes: Buffer, count: number, readonly byteEnds: Uint32Array, hasEscape: boolean, looks?: Uint32Array) {
    super(bytes, count, hasEscape, looks);
  }

  get ends(): Uint32Array {
    return (this.textEnds ??= endsIn(this.text, this.count));
  }

  get text(): string {
    return this.bytes.toString('utf8');
  }
}

/** Where each of the `count` lines of `text` (joined by line feeds) ends. */
function endsIn(text: string, count: number): Uint32Array {
  const ends = new Uint32Array(count);
  let at = -1;
  for (let i = 0; i < count - 1; i++) ends[i] = at = text.indexOf('\n', at + 1);
  ends[count - 1] = text.length;
  return ends;
}

export function lineStart(block: LineBlock, i: number): number {
  return i === 0 ? 0 : (block.ends[i - 1] as number) + 1;
}

export function lineAt(block: LineBlock, i: number): string {
  const bytes = block.bytes;
  if (bytes !== undefined) {
    const byteEnds = block.byteEnds;
    if (byteEnds === undefined) return bytes.toString('latin1', lineStart(block, i), block.ends[i]);
    return bytes.toString('utf8', i === 0 ? 0 : (byteEnds[i - 1] as number) + 1, byteEnds[i]);
  }
  return block.text.slice(lineStart(block, i), block.ends[i]);
}

/**
 * Line i of a block whose text the caller has already read (`text === block.text`): a slice, never a decode.
 * For loops over many lines of one block, where lineAt would decode a byte-backed block line by line.
 */
export function lineIn(block: LineBlock, text: string, i: number): string {
  return text.slice(lineStart(block, i), block.ends[i]);
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
