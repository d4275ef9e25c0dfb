import type { LogEntry } from './log-entry';
import { RingBuffer } from './ring-buffer';

/** Entries after a reader's cursor, and how many lines after it the caps evicted before it could read them. */
export interface LogRead {
  readonly entries: LogEntry[];
  readonly missed: number;
}

/** A page of a view for a scrolling reader. */
export interface LogWindow {
  readonly entries: LogEntry[];
  /** How many entries the view retains in all. */
  readonly total: number;
  /** The offset actually used: the requested one clamped so that the page is as full as the view allows. */
  readonly offsetFromEnd: number;
}

/**
 * The memory a line is charged for: its UTF-16 length plus one for the break. Counting code units instead of
 * UTF-8 bytes costs nothing per line, and V8 stores ASCII/Latin-1 strings at one byte per unit anyway, so it
 * tracks real heap use closely enough for a cap.
 */
export function lineBytes(text: string): number {
  return text.length + 1;
}

/**
 * One view of the log (one process, or all merged): a ring of entries in increasing `seq` order, bounded in
 * lines and in bytes. The newest line is always kept, even if it alone exceeds the byte cap.
 *
 * It remembers the seqs of the last `maxLines` lines it evicted (numbers only, no text), which is what lets
 * `after(seq)` say exactly how many lines a reader missed: the evicted seqs of one view are not contiguous, so
 * no counter could answer that.
 */
export class CappedLog {
  private readonly ring: RingBuffer<LogEntry>;
  /** Allocated on the first eviction: most processes never reach their cap. */
  private evictedSeqs: RingBuffer<number> | null = null;
  private retainedBytes = 0;
  private evictedCount = 0;

  constructor(
    private readonly maxLines: number,
    private readonly maxBytes: number,
  ) {
    if (!(maxBytes >= 1)) throw new RangeError(`byte cap must be at least 1, got ${maxBytes}`);
    this.ring = new RingBuffer<LogEntry>(maxLines);
  }

  get size(): number {
    return this.ring.size;
  }

  /** Bytes (see {@link lineBytes}) of the retained lines. */
  get bytes(): number {
    return this.retainedBytes;
  }

  /** Lines evicted by the caps so far. Lines removed by `clear` are not counted: nobody lost them by accident. */
  get dropped(): number {
    return this.evictedCount;
  }

  /** Appends an entry whose seq is greater than every seq already here. */
  push(entry: LogEntry): void {
    const evicted = this.ring.push(entry);
    this.retainedBytes += lineBytes(entry.text);
    if (evicted !== undefined) this.noteEvicted(evicted);
    while (this.retainedBytes > this.maxBytes && this.ring.size > 1) {
      this.noteEvicted(this.ring.shift() as LogEntry);
    }
  }

  clear(): void {
    this.ring.clear();
    this.retainedBytes = 0;
  }

  /** Keeps only the entries `keep` accepts, in order. O(size): meant for rare user actions, never per line. */
  retain(keep: (entry: LogEntry) => boolean): void {
    const kept = this.ring.slice(this.ring.firstPos, this.ring.nextPos).filter(keep);
    this.ring.clear();
    this.retainedBytes = 0;
    for (const entry of kept) {
      this.ring.push(entry);
      this.retainedBytes += lineBytes(entry.text);
    }
  }

  tail(n: number): LogEntry[] {
    return this.ring.last(n);
  }

  /**
   * Entries with a seq greater than `seq`, oldest first, at most `limit`. `missed` counts the evicted lines
   * with a seq greater than `seq`; it is exact up to `maxLines` and reports `maxLines` for a reader further
   * behind than that (its history is bounded like everything else).
   */
  after(seq: number, limit: number = Infinity): LogRead {
    const from = this.firstPosAfter(seq);
    const n = Math.max(0, Math.min(this.ring.nextPos - from, Math.floor(limit)));
    return { entries: this.ring.slice(from, from + n), missed: this.missedAfter(seq) };
  }

  /** The `count` entries that end `offsetFromEnd` lines above the newest one. */
  window(offsetFromEnd: number, count: number): LogWindow {
    const total = this.ring.size;
    const n = Math.min(Math.max(0, Math.floor(count)), total);
    const offset = Math.min(Math.max(0, Math.floor(offsetFromEnd)), total - n);
    const to = this.ring.nextPos - offset;
    return { entries: this.ring.slice(to - n, to), total, offsetFromEnd: offset };
  }

  /** The retained entry with exactly this seq. */
  find(seq: number): LogEntry | undefined {
    const entry = this.ring.at(this.firstPosAfter(seq - 1));
    return entry !== undefined && entry.seq === seq ? entry : undefined;
  }

  /** Visits the retained entries, oldest first or newest first, until `visit` returns `false`. */
  forEach(visit: (entry: LogEntry) => boolean | void, newestFirst = false): void {
    if (newestFirst) this.ring.forEachReverse(visit);
    else this.ring.forEach(visit);
  }

  /** Ring position of the first retained entry with a seq greater than `seq` (binary search: seqs increase). */
  private firstPosAfter(seq: number): number {
    const ring = this.ring;
    let lo = ring.firstPos;
    let hi = ring.nextPos;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if ((ring.at(mid) as LogEntry).seq > seq) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private missedAfter(seq: number): number {
    const history = this.evictedSeqs;
    if (history === null) return 0;
    let lo = history.firstPos;
    let hi = history.nextPos;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if ((history.at(mid) as number) > seq) hi = mid;
      else lo = mid + 1;
    }
    return history.nextPos - lo;
  }

  private noteEvicted(entry: LogEntry): void {
    this.retainedBytes -= lineBytes(entry.text);
    this.evictedCount++;
    if (this.evictedSeqs === null) this.evictedSeqs = new RingBuffer<number>(this.maxLines);
    this.evictedSeqs.push(entry.seq);
  }
}
