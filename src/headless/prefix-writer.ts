import type { Writable } from 'node:stream';
import type { StreamName } from '../logs/log-entry';
import type { OutputSink } from '../runtime/types';
import { dim, paint, paletteColor } from './color';

export interface PressureControl {
  pause(): void;
  resume(): void;
}

/**
 * Writes `[name] line` for every whole line, batching each chunk's lines into one write. When the destination
 * is slow (write() returns false) it pauses the children until 'drain', so nothing is dropped and memory stays
 * bounded by the pipes' own buffers rather than growing here.
 */
export class PrefixWriter implements OutputSink {
  private batch = '';
  private readonly prefixes = new Map<string, string>();
  private readonly continued = new Set<string>();
  private waitingForDrain = false;
  private drainWaiters: Array<() => void> = [];
  private pressure: PressureControl | null = null;

  constructor(
    private readonly out: Writable,
    names: readonly string[],
    private readonly color: boolean,
  ) {
    const width = names.reduce((w, n) => Math.max(w, n.length), 0);
    names.forEach((name, i) => {
      const label = `[${name}]`.padEnd(width + 2);
      this.prefixes.set(name, color ? paint(paletteColor(i), label) + ' ' : label + ' ');
    });
  }

  /** Wired after construction because the supervisor needs the writer (as its sink) first. */
  setPressureControl(control: PressureControl): void {
    this.pressure = control;
  }

  line(proc: string, stream: StreamName, text: string, cut: boolean): void {
    const key = stream === 'stdout' ? proc : `${proc}\u0000err`;
    const lead = this.continued.has(key) ? '…' : '';
    if (cut) this.continued.add(key);
    else if (lead) this.continued.delete(key);
    // Reset attributes after the child's text so its unterminated colours do not bleed into the next prefix.
    const tail = this.color && text.includes('\x1b') ? '\x1b[0m' : '';
    this.batch += (this.prefixes.get(proc) ?? `[${proc}] `) + lead + text + tail + (cut ? '…\n' : '\n');
  }

  /** A line from brum itself (exits, URLs), marked so it cannot be confused with a child's output. */
  note(text: string): void {
    this.batch += (this.color ? dim('[brum]') : '[brum]') + ' ' + text + '\n';
    this.flush();
  }

  flush(): void {
    if (this.batch.length === 0) return;
    const ok = this.out.write(this.batch);
    this.batch = '';
    if (!ok && !this.waitingForDrain) {
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

  /** Resolves when everything written so far has been handed to the destination. */
  drained(): Promise<void> {
    this.flush();
    if (!this.waitingForDrain) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }
}
