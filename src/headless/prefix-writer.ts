import type { Writable } from 'node:stream';
import { isCut, lineAt, type LineBlock } from '../logs/line-block';
import type { StreamName } from '../logs/log-entry';
import type { OutputSink } from '../runtime/types';
import { dim, paint, paletteColor } from './color';

export interface PressureControl {
  pause(): void;
  resume(): void;
}

/**
 * Writes `[name] line` for every whole line, one write per block. When the destination is slow (write()
 * returns false) it pauses the children until 'drain', so nothing is dropped and memory stays bounded by the
 * pipes' own buffers rather than growing here.
 */
export class PrefixWriter implements OutputSink {
  private readonly prefixes = new Map<string, string>();
  private readonly continued = new Set<string>();
  private waitingForDrain = false;
  private drainWaiters: Array<() => void> = [];
  private pressure: PressureControl | null = null;
  private closedByReader = false;
  private onReaderGone: (() => void) | null = null;
  private readonly asciiPrefixes: boolean;
  /** The prefixes as bytes, for the ASCII fast path. */
  private readonly prefixBytes = new Map<string, Buffer>();

  constructor(
    private readonly out: Writable,
    names: readonly string[],
    private readonly color: boolean,
  ) {
    const width = names.reduce((w, n) => Math.max(w, n.length), 0);
    this.asciiPrefixes = names.every((n) => /^[\x20-\x7e]*$/.test(n));
    names.forEach((name, i) => {
      const label = `[${name}]`.padEnd(width + 2);
      const prefix = color ? paint(paletteColor(i), label) + ' ' : label + ' ';
      this.prefixes.set(name, prefix);
      if (this.asciiPrefixes) this.prefixBytes.set(name, Buffer.from(prefix, 'latin1'));
    });
  }

  /** Wired after construction because the supervisor needs the writer (as its sink) first. */
  setPressureControl(control: PressureControl): void {
    this.pressure = control;
  }

  /**
   * Called once if the reader goes away (EPIPE: `brum run … | head`). From then on output is discarded and the
   * children are no longer held back, so their pipes drain and they can be stopped.
   */
  onClosed(handler: () => void): void {
    this.onReaderGone = handler;
    this.out.on('error', (error: NodeJS.ErrnoException) => {
      if (this.closedByReader) return;
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
      this.closedByReader = true;
      this.waitingForDrain = false;
      this.pressure?.resume();
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of waiters) w();
      this.onReaderGone?.();
    });
  }

  get readerGone(): boolean {
    return this.closedByReader;
  }

  block(proc: string, stream: StreamName, block: LineBlock): void {
    const prefix = this.prefixes.get(proc) ?? `[${proc}] `;
    const key = stream === 'stdout' ? proc : `${proc}\u0000err`;
    if (block.cuts === null && !(this.color && block.hasEscape) && !this.continued.has(key)) {
      const bytes = block.ascii === true ? this.prefixBytes.get(proc) : undefined;
      // The common block. ASCII: its bytes and the prefix are interleaved in one pass into one Buffer, no string
      // is built or encoded. Otherwise one native replace prefixes every line at once.
      if (bytes) this.writeBytes(prefixAscii(block.bytes ?? block.text, block.count, bytes));
      else this.write(prefix + block.text.replaceAll('\n', '\n' + prefix) + '\n', false);
      return;
    }
    let out = '';
    for (let i = 0; i < block.count; i++) {
      const text = lineAt(block, i);
      const cut = isCut(block, i);
      const lead = this.continued.has(key) ? '…' : '';
      if (cut) this.continued.add(key);
      else if (lead) this.continued.delete(key);
      // Reset attributes after the child's text so its unterminated colours do not bleed into the next prefix.
      const tail = this.color && text.includes('\x1b') ? '\x1b[0m' : '';
      out += prefix + lead + text + tail + (cut ? '…\n' : '\n');
    }
    this.write(out, false);
  }

  /** A line from brum itself (exits, URLs), marked so it cannot be confused with a child's output. */
  note(text: string): void {
    this.write((this.color ? dim('[brum]') : '[brum]') + ' ' + text + '\n', false);
  }

  /** Resolves when everything written so far has been handed to the destination. */
  drained(): Promise<void> {
    if (!this.waitingForDrain) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** `ascii`: known pure ASCII, so latin1 gives the same bytes as UTF-8 with a plain copy instead of an encode. */
  private write(text: string, ascii: boolean): void {
    if (this.closedByReader) return;
    this.afterWrite(ascii ? this.out.write(text, 'latin1') : this.out.write(text));
  }

  private writeBytes(bytes: Buffer): void {
    if (this.closedByReader) return;
    this.afterWrite(this.out.write(bytes));
  }

  private afterWrite(ok: boolean): void {
    if (!ok && !this.waitingForDrain && !this.closedByReader) {
      this.waitingForDrain = true;
      this.pressure?.pause();
      this.out.once('drain', () => {
        this.waitingForDrain = false;
        this.pressure?.resume();
        const waiters = this.drainWaiters;
        this.drainWaiters = [];
        for (const w of waiters) w();
      });
    }
  }
}

/**
 * `prefix + line + '\n'` for every line of an ASCII block, as bytes. Measured on a 6M-line flood, building the
 * same output as a string (replaceAll, then flattening and encoding it on write) took ~300 ms; this loop, a few
 * tens. Latin-1 bytes of an ASCII string are its UTF-8 bytes.
 */
export function prefixAscii(text: string | Buffer, count: number, prefix: Buffer): Buffer {
  const src = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
  const plen = prefix.length;
  const out = Buffer.allocUnsafe(src.length + 1 + count * plen);
  prefix.copy(out, 0);
  let j = plen;
  for (let i = 0; i < src.length; i++) {
    const b = src[i] as number;
    out[j++] = b;
    if (b === 10) {
      for (let k = 0; k < plen; k++) out[j++] = prefix[k] as number;
    }
  }
  out[j] = 10;
  return out;
}
