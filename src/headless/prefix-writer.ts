import type { Writable } from 'node:stream';
import { isCut, lineAt, type LineBlock } from '../logs/line-block';
import type { StreamName } from '../logs/log-entry';
import type { OutputSink } from '../runtime/types';
import { dim, paint, paletteColor } from './color';
import { linePrefixer, type LinePrefixer } from './prefix-lines';

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
  /** The widest name known at the start. */
  private readonly width: number;
  private readonly continued = new Set<string>();
  private waitingForDrain = false;
  private drainWaiters: Array<() => void> = [];
  private pressure: PressureControl | null = null;
  private closedByReader = false;
  private onReaderGone: (() => void) | null = null;
  /** The prefixes as UTF-8 bytes, for the prefixer. */
  private readonly prefixBytesOf = new Map<string, Buffer>();

  constructor(
    private readonly out: Writable,
    names: readonly string[],
    private readonly color: boolean,
    /** Null takes the per-line path for every block (where this Node has no wasm SIMD; tests compare the two). */
    private readonly prefixer: LinePrefixer | null = linePrefixer(),
  ) {
    this.width = names.reduce((w, n) => Math.max(w, n.length), 0);
    for (const name of names) this.prefixOf(name);
  }

  /** `[name]` for each process: names known at the start share one width; one a reload adds gets it too, and the next colour. */
  private prefixOf(name: string): string {
    let prefix = this.prefixes.get(name);
    if (prefix === undefined) {
      const label = `[${name}]`.padEnd(this.width + 2);
      prefix = this.color ? paint(paletteColor(this.prefixes.size), label) + ' ' : label + ' ';
      this.prefixes.set(name, prefix);
    }
    return prefix;
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
    const prefix = this.prefixOf(proc);
    const key = stream === 'stdout' ? proc : `${proc}\u0000err`;
    if (block.cuts === null && !this.continued.has(key) && this.prefixer !== null) {
      // The common block: its lines (bytes, or a string encoded once) are prefixed by native and wasm copies.
      const reset = this.color && block.hasEscape;
      this.writeBytes(this.prefixer.prefix(block.bytes ?? block.text, block.count, this.prefixBytes(proc, prefix), reset));
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
    this.write(out);
  }

  private prefixBytes(proc: string, prefix: string): Buffer {
    let bytes = this.prefixBytesOf.get(proc);
    if (bytes === undefined) {
      bytes = Buffer.from(prefix);
      this.prefixBytesOf.set(proc, bytes);
    }
    return bytes;
  }

  /** A line from brum itself (exits, URLs), marked so it cannot be confused with a child's output. */
  note(text: string): void {
    this.write((this.color ? dim('[brum]') : '[brum]') + ' ' + text + '\n');
  }

  /** Resolves when everything written so far has been handed to the destination. */
  drained(): Promise<void> {
    if (!this.waitingForDrain) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private write(text: string): void {
    if (this.closedByReader) return;
    this.afterWrite(this.out.write(text));
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
