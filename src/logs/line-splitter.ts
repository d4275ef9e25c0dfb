import { StringDecoder } from 'node:string_decoder';

/** Receives each whole line (without its break). `cut` means the line hit the length cap and continues next. */
export type LineHandler = (text: string, cut: boolean) => void;

export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

/**
 * Turns an arbitrarily chunked byte stream into whole lines. Breaks are `\n`, `\r\n` and a lone `\r` (so a
 * progress bar redrawn with `\r` yields bounded lines instead of one endless line).
 *
 * Every decision depends only on the bytes seen, never on where a chunk ended: a `\r` at the end of a chunk
 * remembers to swallow a `\n` at the start of the next, UTF-8 sequences split across chunks are held by the
 * decoder, and over-long lines are cut at fixed offsets. So any chunking yields exactly the lines of the whole.
 *
 * Decoding once per chunk and slicing strings is much cheaper than decoding each line from a Buffer.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private swallowLF = false;

  constructor(
    private readonly onLine: LineHandler,
    private readonly maxLineLength: number = DEFAULT_MAX_LINE_LENGTH,
  ) {
    if (!(maxLineLength >= 2)) throw new RangeError('maxLineLength must be at least 2');
  }

  push(chunk: Buffer | Uint8Array | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk as Buffer);
    if (text.length > 0) this.scan(text);
  }

  /** Flushes a final line that had no break. Call once, when the stream ends. */
  end(): void {
    const rest = this.decoder.end();
    if (rest.length > 0) this.scan(rest);
    if (this.partial.length > 0) {
      const line = this.partial;
      this.partial = '';
      this.emit(line);
    }
  }

  private scan(text: string): void {
    let pos = 0;
    if (this.swallowLF) {
      this.swallowLF = false;
      if (text.charCodeAt(0) === 10) pos = 1;
    }
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
        this.emit(line);
      } else {
        this.emit(text.slice(pos, brk));
      }
      pos = next;
    }
    if (pos < len) {
      this.partial = this.partial.length > 0 ? this.partial + text.slice(pos) : text.slice(pos);
      if (this.partial.length > this.maxLineLength) this.partial = this.cutPieces(this.partial);
    }
  }

  private emit(line: string): void {
    if (line.length > this.maxLineLength) line = this.cutPieces(line);
    this.onLine(line, false);
  }

  /** Emits cap-sized pieces while more than a cap remains; returns the remainder (at most one cap long). */
  private cutPieces(line: string): string {
    const max = this.maxLineLength;
    let start = 0;
    while (line.length - start > max) {
      let end = start + max;
      // Never split a surrogate pair: the piece would decode to a replacement character.
      const code = line.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end -= 1;
      this.onLine(line.slice(start, end), true);
      start = end;
    }
    return start === 0 ? line : line.slice(start);
  }
}
