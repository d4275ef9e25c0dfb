import { Deque } from '../collections/deque';
import { EvictedRanges } from './evicted-ranges';
import { isCut, lineAt } from './line-block';
import type { LineBlock } from './line-block';
import type { LogEntry, StreamName } from './log-entry';

/** A block as the store keeps it: one object per block, shared by the process's view and the merged view. */
export interface StoredBlock {
  readonly block: LineBlock;
  readonly proc: string;
  readonly stream: StreamName;
  readonly ts: number;
  /** Seq of line 0; line i has seq `firstSeq + i`. */
  readonly firstSeq: number;
}

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

/** Visits the retained lines `[fromLine, block.count)` of one stored block. Return `false` to stop. */
export type BlockVisitor = (stored: StoredBlock, fromLine: number) => boolean | void;

/**
 * The memory a line is charged for: its length as it is kept plus one for the break. A string's length in UTF-16
 * units (V8 stores ASCII/Latin-1 strings at one byte per unit anyway), a block that keeps bytes its UTF-8 bytes:
 * either tracks real memory closely enough for a cap, at no cost per line.
 */
export function lineBytes(text: string): number {
  return text.length + 1;
}

/**
 * Bytes (see {@link lineBytes}) of lines `[0, k)` of a block, in O(1): line i ends at `ends[i]` (in the bytes a
 * block keeps, `byteEnds` when they are not ASCII) and is followed by one separator, so the first k lines span
 * exactly `ends[k - 1] + 1`. Read off the ends so that a block keeping bytes is never decoded to count them.
 */
export function bytesBefore(block: LineBlock, k: number): number {
  if (k === 0) return 0;
  return ((block.byteEnds ?? block.ends)[k - 1] as number) + 1;
}

/** One line of a stored block as the read APIs return it. */
export function entryOf(stored: StoredBlock, i: number): LogEntry {
  const block = stored.block;
  const { proc, stream, ts } = stored;
  return { seq: stored.firstSeq + i, proc, stream, ts, text: lineAt(block, i), cut: isCut(block, i) };
}

/**
 * One view of the log (one process, or all merged): a deque of blocks in increasing seq order, bounded in lines
 * and in bytes. Eviction takes whole blocks from the head, or the first lines of the oldest block (`head` says
 * how many of its lines are gone), so both caps are exact to the line. The newest line is always kept, even if
 * it alone exceeds the byte cap. The caps count retained lines; a partly evicted oldest block keeps its whole
 * text alive until its last line goes, so memory can exceed the byte cap by at most one block per view.
 *
 * Each block also gets a position: how many lines were pushed into this view before it. Positions only grow, so
 * a binary search over them (or over seqs) finds any line in O(log blocks), and reads cost O(lines returned).
 */
export class CappedLog {
  /** Keyed by the position of each block's line 0. */
  private readonly blocks = new Deque<StoredBlock>();
  /** Lines of the oldest block already evicted. */
  private head = 0;
  /** Position the next pushed line gets. */
  private nextPos = 0;
  private retainedBytes = 0;
  private evictedCount = 0;
  /** Allocated on the first eviction: most processes never reach their cap. */
  private evicted: EvictedRanges | null = null;

  constructor(
    private readonly maxLines: number,
    private readonly maxBytes: number,
  ) {
    if (!Number.isInteger(maxLines) || maxLines < 1) {
      throw new RangeError(`line cap must be a positive integer, got ${maxLines}`);
    }
    if (!(maxBytes >= 1)) throw new RangeError(`byte cap must be at least 1, got ${maxBytes}`);
  }

  get size(): number {
    return this.nextPos - this.firstPos();
  }

  /** Bytes (see {@link lineBytes}) of the retained lines. */
  get bytes(): number {
    return this.retainedBytes;
  }

  /** Lines evicted by the caps so far. Lines removed by `clear` are not counted: nobody lost them by accident. */
  get dropped(): number {
    return this.evictedCount;
  }

  /** Appends a block whose first seq is greater than every seq already here. O(1) plus O(blocks evicted). */
  push(stored: StoredBlock): void {
    const block = stored.block;
    this.blocks.push(stored, this.nextPos);
    this.nextPos += block.count;
    this.retainedBytes += bytesBefore(block, block.count);
    if (this.nextPos - this.firstPos() > this.maxLines || this.retainedBytes > this.maxBytes) this.evict();
  }

  clear(): void {
    this.blocks.clear();
    this.head = 0;
    this.retainedBytes = 0;
  }

  /** Keeps only the blocks `keep` accepts, in order. O(blocks): meant for rare user actions, never per line. */
  retain(keep: (stored: StoredBlock) => boolean): void {
    const kept: StoredBlock[] = [];
    for (let i = 0; i < this.blocks.size; i++) if (keep(this.blocks.at(i))) kept.push(this.blocks.at(i));
    const head = kept.length > 0 && this.blocks.size > 0 && kept[0] === this.blocks.at(0) ? this.head : 0;
    this.clear();
    for (const stored of kept) {
      this.blocks.push(stored, this.nextPos);
      this.nextPos += stored.block.count;
      this.retainedBytes += bytesBefore(stored.block, stored.block.count);
    }
    this.head = head;
    if (kept.length > 0) this.retainedBytes -= bytesBefore((kept[0] as StoredBlock).block, head);
  }

  tail(n: number): LogEntry[] {
    const k = Math.min(Math.max(0, Math.floor(n)), this.size);
    return this.slice(this.nextPos - k, this.nextPos);
  }

  /**
   * Entries with a seq greater than `seq`, oldest first, at most `limit`. `missed` counts the evicted lines
   * with a seq greater than `seq`; it is exact up to `maxLines` and reports `maxLines` for a reader further
   * behind than that (its history is bounded like everything else).
   */
  after(seq: number, limit: number = Infinity): LogRead {
    const from = this.firstPosAfter(seq);
    const n = Math.max(0, Math.min(this.nextPos - from, Math.floor(limit)));
    return { entries: this.slice(from, from + n), missed: this.evicted?.countAfter(seq) ?? 0 };
  }

  /** The `count` entries that end `offsetFromEnd` lines above the newest one. */
  window(offsetFromEnd: number, count: number): LogWindow {
    const total = this.size;
    const n = Math.min(Math.max(0, Math.floor(count)), total);
    const offset = Math.min(Math.max(0, Math.floor(offsetFromEnd)), total - n);
    const to = this.nextPos - offset;
    return { entries: this.slice(to - n, to), total, offsetFromEnd: offset };
  }

  /** The retained entry with exactly this seq. */
  find(seq: number): LogEntry | undefined {
    if (!Number.isInteger(seq)) return undefined;
    const k = this.blocks.firstIndexWhere((s) => s.firstSeq + s.block.count > seq);
    if (k === this.blocks.size) return undefined;
    const stored = this.blocks.at(k);
    const i = seq - stored.firstSeq;
    return i >= (k === 0 ? this.head : 0) ? entryOf(stored, i) : undefined;
  }

  /** Visits the retained part of each block, oldest first or newest first, until `visit` returns `false`. */
  forEachBlock(visit: BlockVisitor, newestFirst = false): void {
    const blocks = this.blocks;
    const n = blocks.size;
    if (newestFirst) {
      for (let k = n - 1; k >= 0; k--) if (visit(blocks.at(k), k === 0 ? this.head : 0) === false) return;
    } else {
      for (let k = 0; k < n; k++) if (visit(blocks.at(k), k === 0 ? this.head : 0) === false) return;
    }
  }

  /** Visits the retained entries, oldest first or newest first, until `visit` returns `false`. */
  forEach(visit: (entry: LogEntry) => boolean | void, newestFirst = false): void {
    this.forEachBlock((stored, fromLine) => {
      const count = stored.block.count;
      if (newestFirst) {
        for (let i = count - 1; i >= fromLine; i--) if (visit(entryOf(stored, i)) === false) return false;
      } else {
        for (let i = fromLine; i < count; i++) if (visit(entryOf(stored, i)) === false) return false;
      }
      return true;
    }, newestFirst);
  }

  private firstPos(): number {
    return this.blocks.size === 0 ? this.nextPos : this.blocks.keyAt(0) + this.head;
  }

  /** Entries at positions `[fromPos, toPos)`, clamped to what is retained: O(log blocks + lines returned). */
  private slice(fromPos: number, toPos: number): LogEntry[] {
    const from = Math.max(fromPos, this.firstPos());
    const to = Math.min(toPos, this.nextPos);
    if (to <= from) return [];
    const out = new Array<LogEntry>(to - from);
    let k = this.blocks.firstKeyAbove(from) - 1;
    let line = from - this.blocks.keyAt(k);
    for (let o = 0; o < out.length; k++, line = 0) {
      const stored = this.blocks.at(k);
      const end = Math.min(stored.block.count, line + out.length - o);
      for (let i = line; i < end; i++) out[o++] = entryOf(stored, i);
    }
    return out;
  }

  /** Position of the first retained line with a seq greater than `seq` (`nextPos` when none). */
  private firstPosAfter(seq: number): number {
    const k = this.blocks.firstIndexWhere((s) => s.firstSeq + s.block.count - 1 > seq);
    if (k === this.blocks.size) return this.nextPos;
    const stored = this.blocks.at(k);
    const line = Math.max(Math.floor(seq) + 1 - stored.firstSeq, k === 0 ? this.head : 0);
    return this.blocks.keyAt(k) + line;
  }

  private evict(): void {
    let excess = this.size - this.maxLines;
    while (excess > 0) {
      const left = this.blocks.at(0).block.count - this.head;
      const take = left < excess ? left : excess;
      this.dropHead(this.head + take);
      excess -= take;
    }
    while (this.retainedBytes > this.maxBytes && this.size > 1) {
      const block = this.blocks.at(0).block;
      // The smallest cut of the oldest block that brings the bytes under the cap, keeping at least the newest line.
      const last = this.blocks.size === 1 ? block.count - 1 : block.count;
      const target = this.retainedBytes - this.maxBytes + bytesBefore(block, this.head);
      let lo = this.head + 1;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (bytesBefore(block, mid) >= target) hi = mid;
        else lo = mid + 1;
      }
      this.dropHead(lo);
    }
  }

  /** Evicts the oldest block's lines up to (not including) `until`; the block goes once all its lines have. */
  private dropHead(until: number): void {
    const stored = this.blocks.at(0);
    const block = stored.block;
    const head = this.head;
    this.retainedBytes -= bytesBefore(block, until) - bytesBefore(block, head);
    this.evictedCount += until - head;
    if (this.evicted === null) this.evicted = new EvictedRanges(this.maxLines);
    this.evicted.add(stored.firstSeq + head, stored.firstSeq + until);
    if (until < block.count) {
      this.head = until;
    } else {
      this.blocks.shift();
      this.head = 0;
    }
  }
}
