import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { AsciiBytesBlock, blockOf, isCut, lineIn, type LineBlock } from './line-block';
import { LOOK_BIT, newlineScanner, NewlineScanner, SCAN_CR, SCAN_ESC } from './newline-scan';

/** Receives each whole line (without its break). `cut` means the line hit the length cap and continues next. */
export type LineHandler = (text: string, cut: boolean) => void;
export type BlockHandler = (block: LineBlock) => void;

export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
/**
 * Chunks at least this big may become blocks that keep their bytes (see AsciiBytesBlock). A small chunk stays a
 * string: a buffer costs more bookkeeping than a short string, and only floods make the heap copying matter.
 */
export const BYTES_BLOCK_MIN = 4096;

/** Where the lines of a chunk bound for bytesPath are. */
interface ChunkLines {
  readonly firstNL: number;
  readonly lastNL: number;
  /** Start of the kept region: after the carried-over line if there is one. */
  readonly from: number;
  readonly count: number;
  readonly ends: Uint32Array;
  /** The region's LineBlock.looks, or null when unknown. */
  readonly looks: Uint32Array | null;
  /** False when the region is known to hold no escape. */
  readonly mayEscape: boolean;
}

/**
 * Turns an arbitrarily chunked byte stream into blocks of whole lines (at most two blocks per chunk). Breaks are
 * `\n`, `\r\n` and a lone `\r` (so a progress bar redrawn with `\r` yields bounded lines, not one endless line).
 *
 * Every decision depends only on the bytes seen, never on where a chunk ended: a `\r` at the end of a chunk
 * remembers to swallow a `\n` at the start of the next, UTF-8 sequences split across chunks are held by the
 * decoder, and over-long lines are cut at fixed offsets. So any chunking yields exactly the lines of the whole.
 *
 * The common chunk (only `\n`, no over-long line) becomes a block by slicing once and recording line ends in a
 * typed array: no string or object per line. Anything else takes the per-line path, which is the reference.
 */
export class BlockSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private swallowLF = false;
  /** Whether `partial` is known ASCII, and whether the chunk being scanned is. */
  private partialAscii = true;
  private chunkAscii = false;
  /** True while the decoder holds no bytes of an unfinished character, so a chunk may bypass it. */
  private decoderClean = true;
  /** LOOK_BIT line feeds of the chunk being decoded, by ordinal, for fastPath's block; null when unknown. */
  private chunkLooks: Uint32Array | null = null;
  private lines: string[] = [];
  private scratch: Uint32Array = new Uint32Array(4096);
  private cuts: number[] = [];

  constructor(
    private readonly onBlock: BlockHandler,
    private readonly maxLineLength: number = DEFAULT_MAX_LINE_LENGTH,
    /** Smallest chunk that may become an AsciiBytesBlock (tests lower it to exercise that path on small input). */
    private readonly bytesBlockMin: number = BYTES_BLOCK_MIN,
    /** Finds line feeds for the plain-ASCII path; null keeps the byte-search path (tests compare the two). */
    private readonly scanner: NewlineScanner | null = newlineScanner(),
  ) {
    if (!(maxLineLength >= 2)) throw new RangeError('maxLineLength must be at least 2');
  }

  push(chunk: Buffer | Uint8Array | string): void {
    if (typeof chunk === 'string') {
      this.chunkAscii = false;
      this.chunkLooks = null;
      if (chunk.length > 0) this.scan(chunk);
      return;
    }
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // One scan for ASCII per chunk, shared by both paths.
    const ascii = this.decoderClean && bytes.length >= this.bytesBlockMin ? isAscii(bytes) : undefined;
    if (ascii === true && this.bytesPath(bytes)) return;
    this.chunkLooks = this.scanner !== null && bytes.length <= NewlineScanner.MAX_CHUNK ? this.lookOrdinals(this.scanner, bytes) : null;
    const text = this.decoder.write(bytes);
    // Same length as the bytes and all bytes ASCII: the decoder neither completed nor replaced anything.
    this.chunkAscii = text.length === bytes.length && (ascii ?? isAscii(bytes));
    this.decoderClean = this.chunkAscii;
    if (text.length > 0) this.scan(text);
  }

  /**
   * fastPath's twin for a chunk known to be all ASCII: the block keeps the chunk's bytes instead of a string.
   * ASCII bytes decode to themselves, so the lines are exactly those the string path would give (property-tested).
   * The line that began in an earlier chunk becomes a one-line block of its own, so the rest of the chunk is
   * kept as it was read, never copied (copying every chunk cost ~13 ms per 45 MB flood). Keeping a view is safe:
   * a chunk this path takes is at least BYTES_BLOCK_MIN (4 KiB) by default, so it has its own memory and is never
   * a slice of Buffer's shared 8 KiB pool, which a retained block would pin.
   */
  private bytesPath(chunk: Buffer): boolean {
    if (this.partial.length > 0 && !this.partialAscii) return false;
    const pos = this.swallowLF && chunk[0] === 10 ? 1 : 0;
    const lines = this.scanner !== null && chunk.length <= NewlineScanner.MAX_CHUNK ? this.scanLines(this.scanner, chunk, pos) : this.searchLines(chunk, pos);
    if (lines === null) return false;
    const { firstNL, lastNL, from, count } = lines;
    this.swallowLF = false;
    const carry = this.partial.length;
    const head = carry > 0 ? this.partial + chunk.toString('latin1', pos, firstNL) : null;
    this.partial = lastNL + 1 < chunk.length ? chunk.toString('latin1', lastNL + 1) : '';
    this.partialAscii = true;
    if (head !== null) {
      this.onBlock({ text: head, count: 1, ends: Uint32Array.of(head.length), cuts: null, hasEscape: head.indexOf('\x1b') !== -1, ascii: true });
    }
    if (count > 0) {
      const region = chunk.subarray(from, lastNL);
      const hasEscape = lines.mayEscape && region.indexOf(27) !== -1;
      this.onBlock(new AsciiBytesBlock(region, count, lines.ends, hasEscape, lines.looks ?? undefined));
    }
    return true;
  }

  /**
   * Where bytesPath's lines are, found by the wasm scanner in one pass; null when the chunk must take the string
   * path (a `\r`, no line feed, or a line over the cap). Nothing is changed until the chunk is known to fit.
   */
  private scanLines(scanner: NewlineScanner, chunk: Buffer, pos: number): ChunkLines | null {
    const found = scanner.scan(chunk, pos);
    if (found === 0 || (scanner.flags & SCAN_CR) !== 0) return null;
    const at = scanner.positions;
    const firstNL = (at[0] as number) & ~LOOK_BIT;
    const lastNL = (at[found - 1] as number) & ~LOOK_BIT;
    const max = this.maxLineLength;
    const carry = this.partial.length;
    if (chunk.length - lastNL - 1 > max || carry + firstNL - pos > max) return null;
    // The line that began in an earlier chunk becomes its own block (see bytesPath), so the region starts after it.
    const skip = carry > 0 ? 1 : 0;
    const from = carry > 0 ? firstNL + 1 : pos;
    const count = found - skip;
    const ends = new Uint32Array(count);
    let looks = 0;
    let start = from;
    for (let i = 0; i < count; i++) {
      const at_ = at[i + skip] as number;
      const nl = at_ & ~LOOK_BIT;
      if (nl - start > max) return null;
      ends[i] = nl - from;
      if (at_ !== nl) looks++;
      start = nl + 1;
    }
    // The scan read the whole chunk, so an escape it did not see anywhere, the region does not hold.
    return { firstNL, lastNL, from, count, ends, looks: looksOf(at, skip, looks), mayEscape: (scanner.flags & SCAN_ESC) !== 0 };
  }

  /**
   * Which line feeds of a chunk bound for the string path end a line a detector could want, by ordinal from where
   * that path will start (after a line feed it swallows). Decoding keeps every line feed, so the ordinals hold in
   * the decoded text, and the screen can skip its other lines without reading them. Null when the chunk has a
   * `\r` (it takes the per-line path).
   */
  private lookOrdinals(scanner: NewlineScanner, chunk: Buffer): Uint32Array | null {
    const found = scanner.scan(chunk, this.swallowLF && chunk[0] === 10 ? 1 : 0);
    if ((scanner.flags & SCAN_CR) !== 0) return null;
    let n = 0;
    for (let i = 0; i < found; i++) if ((scanner.positions[i] as number) >= LOOK_BIT) n++;
    return looksOf(scanner.positions, 0, n);
  }

  /** scanLines' twin without wasm: one native byte search per line. Gives exactly the same lines. */
  private searchLines(chunk: Buffer, pos: number): ChunkLines | null {
    if (chunk.indexOf(13, pos) !== -1) return null;
    const lastNL = chunk.lastIndexOf(10);
    if (lastNL < pos) return null;
    const max = this.maxLineLength;
    if (chunk.length - lastNL - 1 > max) return null;
    const carry = this.partial.length;
    const firstNL = chunk.indexOf(10, pos);
    if (carry + firstNL - pos > max) return null;
    // Line ends are offsets into the kept region, as fastPath records them into its body.
    const from = carry > 0 ? firstNL + 1 : pos;
    let scratch = this.scratch;
    let count = 0;
    for (let start = from, nl = from > lastNL ? -1 : chunk.indexOf(10, from); nl !== -1; nl = chunk.indexOf(10, start)) {
      if (nl - start > max) return null;
      if (count === scratch.length) scratch = this.growScratch();
      scratch[count++] = nl - from;
      start = nl + 1;
      if (start > lastNL) break;
    }
    return { firstNL, lastNL, from, count, ends: scratch.slice(0, count), looks: null, mayEscape: true };
  }

  /** Flushes a final line that had no break. Call once, when the stream ends. */
  end(): void {
    this.chunkAscii = false;
    this.chunkLooks = null;
    this.decoderClean = true;
    const rest = this.decoder.end();
    if (rest.length > 0) this.scan(rest);
    if (this.partial.length > 0) {
      const line = this.partial;
      this.partial = '';
      this.emitLine(line);
      this.emitCollected(false);
    }
  }

  private scan(text: string): void {
    let pos = 0;
    if (this.swallowLF) {
      this.swallowLF = false;
      if (text.charCodeAt(0) === 10) pos = 1;
      if (pos >= text.length) return;
    }
    const ascii = this.chunkAscii && this.partialAscii;
    const looks = this.chunkLooks;
    this.chunkLooks = null;
    if (!this.fastPath(text, pos, ascii, looks)) this.slowPath(text, pos);
    this.emitCollected(ascii);
    this.partialAscii = this.partial.length === 0 || ascii;
  }

  /** Handles a chunk with no `\r` and no over-long line in one slice; returns false to leave it to slowPath. */
  private fastPath(text: string, pos: number, ascii: boolean, looks: Uint32Array | null): boolean {
    if (text.indexOf('\r', pos) !== -1) return false;
    const lastNL = text.lastIndexOf('\n');
    if (lastNL < pos) return false;
    const body = this.partial.length > 0 ? this.partial + text.slice(pos, lastNL) : text.slice(pos, lastNL);
    const max = this.maxLineLength;
    // One pass records line ends into a reused scratch array; the block gets an exact-size copy.
    let scratch = this.scratch;
    let count = 0;
    let start = 0;
    for (let nl = body.indexOf('\n'); nl !== -1; nl = body.indexOf('\n', start)) {
      if (nl - start > max) return false;
      if (count === scratch.length) scratch = this.growScratch();
      scratch[count++] = nl;
      start = nl + 1;
    }
    if (body.length - start > max) return false;
    if (count === scratch.length) scratch = this.growScratch();
    scratch[count++] = body.length;
    const ends = scratch.slice(0, count);
    const rest = text.length - lastNL - 1;
    if (rest > max) return false;
    // The carried line began in an earlier chunk, which the scan did not see: it always gets a look.
    const carried = this.partial.length > 0;
    this.partial = rest > 0 ? text.slice(lastNL + 1) : '';
    const block: LineBlock = { text: body, count, ends, cuts: null, hasEscape: body.indexOf('\x1b') !== -1, ascii };
    this.onBlock(looks === null ? block : { ...block, looks: carried && looks[0] !== 0 ? withFirstLine(looks) : looks });
    return true;
  }

  private growScratch(): Uint32Array {
    const bigger = new Uint32Array(this.scratch.length * 2);
    bigger.set(this.scratch);
    this.scratch = bigger;
    return bigger;
  }

  private slowPath(text: string, start: number): void {
    let pos = start;
    const len = text.length;
    let cr = text.indexOf('\r', pos);
    while (pos < len) {
      const nl = text.indexOf('\n', pos);
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
      let brk: number;
      let next: number;
      if (cr !== -1 && (nl === -1 || cr < nl)) {
        brk = cr;
        if (cr + 1 < len) {
          next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        } else {
          next = len;
          this.swallowLF = true;
        }
      } else if (nl !== -1) {
        brk = nl;
        next = nl + 1;
      } else {
        break;
      }
      if (this.partial.length > 0) {
        const line = this.partial + text.slice(pos, brk);
        this.partial = '';
        this.emitLine(line);
      } else {
        this.emitLine(text.slice(pos, brk));
      }
      pos = next;
    }
    if (pos < len) {
      this.partial = this.partial.length > 0 ? this.partial + text.slice(pos) : text.slice(pos);
      if (this.partial.length > this.maxLineLength) this.partial = this.cutPieces(this.partial);
    }
  }

  private emitLine(line: string): void {
    if (line.length > this.maxLineLength) line = this.cutPieces(line);
    this.lines.push(line);
  }

  /** Collects cap-sized pieces while more than a cap remains; returns the remainder (at most one cap long). */
  private cutPieces(line: string): string {
    const max = this.maxLineLength;
    let start = 0;
    while (line.length - start > max) {
      let end = start + max;
      // Never split a surrogate pair: the piece would decode to a replacement character.
      const code = line.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end -= 1;
      this.cuts.push(this.lines.length);
      this.lines.push(line.slice(start, end));
      start = end;
    }
    return start === 0 ? line : line.slice(start);
  }

  private emitCollected(ascii: boolean): void {
    if (this.lines.length === 0) return;
    const built = blockOf(this.lines, this.cuts.length > 0 ? this.cuts : null);
    const block = ascii ? { ...built, ascii } : built;
    this.lines = [];
    this.cuts = [];
    this.onBlock(block);
  }
}

/** Indexes (from `skip`) of the first `n` positions that carry LOOK_BIT. */
function looksOf(positions: Uint32Array, skip: number, n: number): Uint32Array {
  const looks = new Uint32Array(n);
  for (let i = 0, k = 0; k < n; i++) if ((positions[i + skip] as number) >= LOOK_BIT) looks[k++] = i;
  return looks;
}

function withFirstLine(looks: Uint32Array): Uint32Array {
  const out = new Uint32Array(looks.length + 1);
  out.set(looks, 1);
  return out;
}

/** The same splitting, one callback per line: for callers (and tests) that think in lines. */
export class LineSplitter {
  private readonly inner: BlockSplitter;

  constructor(
    onLine: LineHandler,
    maxLineLength: number = DEFAULT_MAX_LINE_LENGTH,
    bytesBlockMin: number = BYTES_BLOCK_MIN,
    scanner: NewlineScanner | null = newlineScanner(),
  ) {
    this.inner = new BlockSplitter(
      (block) => {
        const text = block.text;
        for (let i = 0; i < block.count; i++) onLine(lineIn(block, text, i), isCut(block, i));
      },
      maxLineLength,
      bytesBlockMin,
      scanner,
    );
  }

  push(chunk: Buffer | Uint8Array | string): void {
    this.inner.push(chunk);
  }

  end(): void {
    this.inner.end();
  }
}
