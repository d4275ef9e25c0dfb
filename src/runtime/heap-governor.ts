import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { LogCounters } from '../logs/log-entry';

/**
 * Keeps brum's memory flat under a flood. Once the log caps are full, every block appended is eventually
 * evicted, and evicted blocks die in V8's old generation, which the heap lets grow to several times the live
 * size before it collects. Measured: 10 × 200k lines left 29 MB live but 170 MB resident, still climbing.
 * So after every `everyBytes` of log text appended while the caps evict, brum asks for one full collection
 * (about 10–20 ms for each 16 MB of text, ~350k lines: small next to ingesting them).
 */
export class HeapGovernor {
  private gc: (() => void) | null | undefined;
  private lastBytes = 0;
  collections = 0;

  constructor(private readonly everyBytes = 16 * 1024 * 1024) {}

  /** Called with the store-wide counters whenever a batch of lines has been published. */
  check(total: LogCounters): void {
    if (total.dropped === 0) {
      this.lastBytes = total.bytes;
      return;
    }
    if (total.bytes - this.lastBytes < this.everyBytes) return;
    this.lastBytes = total.bytes;
    const gc = this.collector();
    if (gc) {
      gc();
      this.collections++;
    }
  }

  private collector(): (() => void) | null {
    if (this.gc !== undefined) return this.gc;
    try {
      setFlagsFromString('--expose-gc');
      const fn: unknown = runInNewContext('gc');
      this.gc = typeof fn === 'function' ? (fn as () => void) : null;
    } catch {
      this.gc = null;
    }
    return this.gc;
  }
}
