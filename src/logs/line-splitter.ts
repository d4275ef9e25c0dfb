import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { lookOrdinals, scanChunkLines, searchChunkLines } from './chunk-lines';
import { AsciiBytesBlock, blockOf, isCut, lineIn, Utf8BytesBlock, type LineBlock } from './line-block';
import { newlineScanner, NewlineScanner } from './newline-scan';

/** Receives each whole line (without its break). `cut` means the line hit the length cap and continues next. */
export type LineHandler = (text: string, cut: boolean) => void;
export type BlockHandler = (block: LineBlock) => void;

export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
/**
 * Chunks at least this big may become blocks that keep their bytes (see AsciiBytesBlock). A small chunk stays a
 * string: a buffer costs more bookkeeping than a short string, and only floods make the heap copying matter.
 */
export const BYTES_BLOCK_MIN = 4096;

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
    /** Asked per chunk: false once the detectors keep no more URLs, so the scan stops marking lines for them. */
    private readonly wantsUrls: () => boolean = () => true,
  ) {
    if (!(maxLineLength >= 2)) throw new RangeError('maxLineLength must be at least 2');
  }

  /**
   * `transient`: the bytes are overwritten once this returns (a reused read buffer), so a block that keeps them
   * gets a copy. Otherwise a block may keep a view of `chunk`.
   */
  push(chunk: Buffer | Uint8Array | string, transient = false): void {
    if (typeof chunk === 'string') {
      this.chunkAscii = false;
      this.chunkLooks = null;
      if (chunk.length > 0) this.scan(chunk);
      return;
    }
    // An empty chunk changes nothing. Let through, it would read as ASCII and mark the decoder empty while it
    // still held the start of a character from the chunk before (found by test/newline-scan.test.ts).
    if (chunk.length === 0) return;
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // With the scanner, its pass says whether the chunk is ASCII; without it, one native check, shared by both paths.
    const scanned = this.scanner !== null && bytes.length <= NewlineScanner.MAX_CHUNK;
    const ascii = bytes.length >= this.bytesBlockMin && !scanned ? isAscii(bytes) : undefined;
    if (bytes.length >= this.bytesBlockMin && this.bytesPath(bytes, ascii, transient)) return;
    this.chunkLooks = this.scanner !== null && bytes.length <= NewlineScanner.MAX_CHUNK ? lookOrdinals(this.scanner, bytes, this.swallowLF && bytes[0] === 10 ? 1 : 0, this.wantsUrls()) : null;
    const text = this.decoder.write(bytes);
    // Same length as the bytes and all bytes ASCII: the decoder neither completed nor replaced anything.
    this.chunkAscii = text.length === bytes.length && (ascii ?? isAscii(bytes));
    this.decoderClean = this.chunkAscii;
    if (text.length > 0) this.scan(text);
  }

  /**
   * fastPath's twin for a chunk of ASCII or valid UTF-8: the block keeps the chunk's bytes instead of a string.
   * Why: a string lives in V8's heap, where each young collection copies what the log store still holds; with
   * non-ASCII output (✓, ➜, box drawing: most dev servers) that copying was 40 % of a headless flood's CPU.
   * The lines are exactly those the string path would give (property-tested). The line that began in an earlier
   * chunk (and any bytes of a character the decoder holds) becomes a one-line block of its own, decoded with the
   * chunk's first line feed so the decoder is left empty; the rest of the chunk is kept as it was read: a view,
   * or a copy when the chunk is `transient`. Keeping a view is safe: a chunk this path takes is at least
   * BYTES_BLOCK_MIN (4 KiB) by default, so it has its own memory and is never a slice of Buffer's shared 8 KiB
   * pool, which a retained block would pin.
   */
  private bytesPath(chunk: Buffer, knownAscii: boolean | undefined, transient: boolean): boolean {
    const scanner = this.scanner !== null && chunk.length <= NewlineScanner.MAX_CHUNK ? this.scanner : null;
    // Without the scanner a non-ASCII chunk's line ends in the text are unknown.
    if (scanner === null && knownAscii !== true) return false;
    // A `\r` ended the last text while the decoder may hold bytes: whether a line feed here is swallowed depends
    // on what those bytes decode to, which the string path knows.
    if (this.swallowLF && !this.decoderClean) return false;
    const pos = this.swallowLF && chunk[0] === 10 ? 1 : 0;
    const carried = this.partial.length > 0 || !this.decoderClean;
    // Bytes the decoder holds decode to at most 3 units (a replacement character each), added to the carried line.
    const held = this.decoderClean ? 0 : 3;
    const at = { pos, carried, carriedLength: this.partial.length + held, maxLineLength: this.maxLineLength, urls: this.wantsUrls() };
    const lines = scanner !== null ? scanChunkLines(scanner, chunk, at) : searchChunkLines(chunk, at, this.scratch, () => this.growScratch());
    if (lines === null) return false;
    const { firstNL, lastNL, from, count, ascii } = lines;
    this.swallowLF = false;
    if (carried) {
      const decoded = this.decoder.write(chunk.subarray(pos, firstNL + 1));
      const head = this.partial + decoded.slice(0, -1);
      const headAscii = this.partialAscii && this.decoderClean && decoded.length === firstNL + 1 - pos && isAscii(chunk.subarray(pos, firstNL));
      this.onBlock({ text: head, count: 1, ends: Uint32Array.of(head.length), cuts: null, hasEscape: head.indexOf('\x1b') !== -1, ascii: headAscii });
    }
    const tail = chunk.subarray(lastNL + 1);
    // An ASCII tail is its own text; another may end inside a character, which the decoder then holds.
    this.partial = tail.length === 0 ? '' : ascii ? tail.toString('latin1') : this.decoder.write(tail);
    this.partialAscii = ascii || tail.length === 0;
    this.decoderClean = ascii || tail.length === 0;
    if (count > 0) {
      const region = transient ? ownCopy(chunk.subarray(from, lastNL)) : chunk.subarray(from, lastNL);
      const hasEscape = lines.mayEscape && region.indexOf(27) !== -1;
      const looks = lines.looks ?? undefined;
      this.onBlock(ascii ? new AsciiBytesBlock(region, count, lines.ends, hasEscape, looks) : new Utf8BytesBlock(region, count, lines.ends, hasEscape, looks));
    }
    return true;
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

/** Memory of its own, never a slice of Buffer's shared pool (which a kept block would pin). */
function ownCopy(bytes: Buffer): Buffer {
  const own = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(own);
  return own;
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
