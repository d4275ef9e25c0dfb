import { isUtf8 } from 'node:buffer';
import { LOOK_BIT, type NewlineScanner, SCAN_CR, SCAN_ESC, SCAN_HIGH } from './newline-scan';

/** Where the lines of a chunk that keeps its bytes are (see BlockSplitter.bytesPath). */
export interface ChunkLines {
  readonly firstNL: number;
  readonly lastNL: number;
  /** Start of the kept region: after the carried-over line if there is one. */
  readonly from: number;
  readonly count: number;
  /**
   * Where each line ends in the region's bytes: for an ASCII region also where it ends in the text. A non-ASCII
   * region's text ends are counted only if something reads its whole text (Utf8BytesBlock).
   */
  readonly ends: Uint32Array;
  /** The region's LineBlock.looks, or null when unknown. */
  readonly looks: Uint32Array | null;
  /** False when the region is known to hold no escape. */
  readonly mayEscape: boolean;
  /** Every byte of the chunk is ASCII. */
  readonly ascii: boolean;
}

/** How a chunk is to be read: from `pos`, with or without a line carried over from earlier chunks. */
export interface ChunkStart {
  readonly pos: number;
  /** Bytes or text of a line that began before this chunk: its first line feed ends that line. */
  readonly carried: boolean;
  /** UTF-16 units already in the carried line. */
  readonly carriedLength: number;
  readonly maxLineLength: number;
  /** Whether a URL is still worth a look (see NewlineScanner.scan). */
  readonly urls: boolean;
}

/**
 * The lines of a chunk, found by the wasm scanner in one pass, with the lines a detector could want; null when
 * the chunk must take the string path (a `\r`, no line feed, a line that may be over the cap, or bytes that are
 * not valid UTF-8). Lengths are checked in bytes, never fewer than the units they decode to, so a line the string
 * path would cut never gets here. The same pass tells whether the chunk is ASCII (no separate check needed).
 */
export function scanChunkLines(scanner: NewlineScanner, chunk: Buffer, at: ChunkStart): ChunkLines | null {
  const { pos, carried, carriedLength, maxLineLength: max } = at;
  const found = scanner.scan(chunk, pos, at.urls);
  if (found === 0 || (scanner.flags & SCAN_CR) !== 0) return null;
  // Byte 0 is not scanned when a swallowed line feed starts the chunk, and a line feed is ASCII anyway.
  const ascii = (scanner.flags & SCAN_HIGH) === 0;
  const positions = scanner.positions;
  const firstNL = (positions[0] as number) & ~LOOK_BIT;
  const lastNL = (positions[found - 1] as number) & ~LOOK_BIT;
  if (chunk.length - lastNL - 1 > max || carriedLength + firstNL - pos > max) return null;
  // The line that began in an earlier chunk becomes its own block, so the region starts after it.
  const skip = carried ? 1 : 0;
  const from = carried ? firstNL + 1 : pos;
  if (!ascii && !isUtf8(chunk.subarray(from, lastNL))) return null;
  const count = found - skip;
  const ends = new Uint32Array(count);
  let looks = 0;
  let start = from;
  for (let i = 0; i < count; i++) {
    const p = positions[i + skip] as number;
    const nl = p & ~LOOK_BIT;
    if (nl - start > max) return null;
    ends[i] = nl - from;
    if (p !== nl) looks++;
    start = nl + 1;
  }
  // The scan read the whole chunk, so an escape it did not see anywhere, the region does not hold.
  return { firstNL, lastNL, from, count, ends, looks: looksOf(positions, skip, looks), mayEscape: (scanner.flags & SCAN_ESC) !== 0, ascii };
}

/**
 * Which line feeds of a chunk bound for the string path end a line a detector could want, by ordinal from `pos`.
 * Decoding keeps every line feed, so the ordinals hold in the decoded text, and the screen can skip the other
 * lines without reading them. Null when the chunk has a `\r` (it takes the per-line path).
 */
export function lookOrdinals(scanner: NewlineScanner, chunk: Buffer, pos: number, urls: boolean): Uint32Array | null {
  const found = scanner.scan(chunk, pos, urls);
  if ((scanner.flags & SCAN_CR) !== 0) return null;
  let n = 0;
  for (let i = 0; i < found; i++) if ((scanner.positions[i] as number) >= LOOK_BIT) n++;
  return looksOf(scanner.positions, 0, n);
}

/**
 * scanChunkLines' twin without wasm, for chunks known to be ASCII: one native byte search per line, the same lines. `scratch`
 * is the caller's reusable array for line ends (grown by `grow`).
 */
export function searchChunkLines(chunk: Buffer, at: ChunkStart, scratch: Uint32Array, grow: () => Uint32Array): ChunkLines | null {
  const { pos, carried, carriedLength, maxLineLength: max } = at;
  if (chunk.indexOf(13, pos) !== -1) return null;
  const lastNL = chunk.lastIndexOf(10);
  if (lastNL < pos) return null;
  if (chunk.length - lastNL - 1 > max) return null;
  const firstNL = chunk.indexOf(10, pos);
  if (carriedLength + firstNL - pos > max) return null;
  const from = carried ? firstNL + 1 : pos;
  let count = 0;
  for (let start = from, nl = from > lastNL ? -1 : chunk.indexOf(10, from); nl !== -1; nl = chunk.indexOf(10, start)) {
    if (nl - start > max) return null;
    if (count === scratch.length) scratch = grow();
    scratch[count++] = nl - from;
    start = nl + 1;
    if (start > lastNL) break;
  }
  return { firstNL, lastNL, from, count, ends: scratch.slice(0, count), looks: null, mayEscape: true, ascii: true };
}

/** Indexes (from `skip`) of the first `n` positions that carry LOOK_BIT. */
function looksOf(positions: Uint32Array, skip: number, n: number): Uint32Array {
  const looks = new Uint32Array(n);
  for (let i = 0, k = 0; k < n; i++) if ((positions[i + skip] as number) >= LOOK_BIT) looks[k++] = i;
  return looks;
}
