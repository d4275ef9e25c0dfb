import { bytesBefore, CappedLog } from './capped-log';
import type { BlockVisitor, LogRead, LogWindow, StoredBlock } from './capped-log';
import type { LineBlock } from './line-block';
import type { LogCounters, LogEntry, StreamName } from './log-entry';
import { SingleLine } from './single-line';

export type { BlockVisitor, LogRead, LogWindow, StoredBlock } from './capped-log';

export interface LogStoreOptions {
  /** Lines kept per process. */
  readonly maxLinesPerProcess?: number;
  /** Bytes kept per process, counted as each line is kept, + 1 per line (see `lineBytes`). */
  readonly maxBytesPerProcess?: number;
  /** Lines kept in the merged view of all processes. */
  readonly maxMergedLines?: number;
  /** Bytes kept in the merged view; it holds the same blocks, so this bounds what the per-process caps cannot. */
  readonly maxMergedBytes?: number;
}

export const DEFAULT_LOG_STORE_OPTIONS: Required<LogStoreOptions> = {
  maxLinesPerProcess: 50_000,
  maxBytesPerProcess: 16 * 1024 * 1024,
  maxMergedLines: 200_000,
  maxMergedBytes: 64 * 1024 * 1024,
};

interface ProcLog {
  readonly log: CappedLog;
  lines: number;
  bytes: number;
  cleared: number;
}

const NO_COUNTERS: LogCounters = { lines: 0, bytes: 0, dropped: 0, cleared: 0 };

/**
 * Every line of every process, bounded: one capped view per process plus a merged view of all of them. Lines
 * are stored in blocks (see {@link LineBlock}), and both views hold the same block objects, so storing a
 * 1000-line chunk costs one small object, whatever the number of lines or views. Entries are made only for the
 * lines a reader asks for.
 *
 * Each line gets a `seq` from one counter for the whole store (starting at 1), so `after(view, seq)` resumes a
 * reader in any view, and `after(view, 0)` reads a view from its start. The merged view has its own caps: a line
 * a process's view evicted can stay visible in the merged view until the merged view evicts it too, and vice
 * versa. Caps are exact to the line: a view may keep only the last lines of its oldest block.
 *
 * Readers take `proc: string | null`, where `null` means the merged view. An unknown process reads as empty.
 */
export class LogStore {
  private readonly options: Required<LogStoreOptions>;
  private readonly byProc = new Map<string, ProcLog>();
  private readonly merged: CappedLog;
  private seq = 0;
  private totalBytes = 0;
  private mergedCleared = 0;
  // A flood usually comes from one process at a time; remembering the last one skips the map lookup.
  private lastName: string | undefined;
  private lastProc: ProcLog | undefined;

  constructor(options: LogStoreOptions = {}) {
    // `??` rather than a spread, so an option passed as `undefined` (from a merged config) means the default.
    const d = DEFAULT_LOG_STORE_OPTIONS;
    this.options = {
      maxLinesPerProcess: options.maxLinesPerProcess ?? d.maxLinesPerProcess,
      maxBytesPerProcess: options.maxBytesPerProcess ?? d.maxBytesPerProcess,
      maxMergedLines: options.maxMergedLines ?? d.maxMergedLines,
      maxMergedBytes: options.maxMergedBytes ?? d.maxMergedBytes,
    };
    this.merged = new CappedLog(this.options.maxMergedLines, this.options.maxMergedBytes);
  }

  /** Seq of the newest line (0 before the first). A reader that wants only new lines starts from here. */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * Records a block of lines, all stamped `ts`, and returns the seq of its first line: line i gets seq
   * `first + i`. This is the hot path: O(1) per block plus O(1) per block the caps evict (and a binary search
   * over one block's line ends when the byte cap cuts into it), with nothing done or allocated per line. The store keeps `block` as it is, so the caller must not change it afterwards.
   */
  appendBlock(proc: string, stream: StreamName, block: LineBlock, ts: number): number {
    const first = this.seq + 1;
    // A block has at least one line; an empty one would break the views' invariants, and there is nothing to keep.
    if (block.count === 0) return first;
    this.seq += block.count;
    this.add({ block, proc, stream, ts, firstSeq: first });
    return first;
  }

  /**
   * Records one line (without its break) as a one-line block: the convenience for tests and small callers.
   * The entry returned is the one reads will give for this line.
   */
  append(proc: string, stream: StreamName, text: string, ts: number = Date.now(), cut = false): LogEntry {
    const seq = ++this.seq;
    this.add(new SingleLine(text, proc, stream, ts, seq, cut));
    return { seq, proc, stream, ts, text, cut };
  }

  /** Process names in the order they first logged. */
  procs(): string[] {
    return [...this.byProc.keys()];
  }

  /**
   * For a process: lines and bytes ever appended, lines its own caps evicted and lines cleared from it. For
   * `null`: the totals of all processes, and lines the merged view's caps evicted or a clear took out of it.
   * Clearing does not reset them.
   */
  counters(proc: string | null): LogCounters {
    if (proc === null) return { lines: this.seq, bytes: this.totalBytes, dropped: this.merged.dropped, cleared: this.mergedCleared };
    const p = this.byProc.get(proc);
    return p === undefined ? NO_COUNTERS : { lines: p.lines, bytes: p.bytes, dropped: p.log.dropped, cleared: p.cleared };
  }

  /** Lines the view retains now. */
  size(proc: string | null): number {
    return this.view(proc)?.size ?? 0;
  }

  /** The newest `n` entries of the view, oldest first. */
  tail(proc: string | null, n: number): LogEntry[] {
    return this.view(proc)?.tail(n) ?? [];
  }

  /**
   * Entries of the view with a seq greater than `seq`, oldest first, at most `limit`. `missed` counts the lines
   * of that view after `seq` that its caps evicted before this read, exactly (each view keeps the seq ranges it
   * evicted, a handful per flood), up to the view's line cap: a reader further behind is told the cap. Lines
   * removed by `clear` are not counted as missed.
   */
  after(proc: string | null, seq: number, limit: number = Infinity): LogRead {
    return this.view(proc)?.after(seq, limit) ?? { entries: [], missed: 0 };
  }

  /**
   * The `count` entries that end `offsetFromEnd` lines above the newest, for a scrolling reader. The offset is
   * clamped so the page stays full when the view has enough lines; the result says which offset was used.
   */
  window(proc: string | null, offsetFromEnd: number, count: number): LogWindow {
    return this.view(proc)?.window(offsetFromEnd, count) ?? { entries: [], total: 0, offsetFromEnd: 0 };
  }

  /** The retained entry with this seq, from the merged view or else from its process's view. */
  entry(seq: number): LogEntry | undefined {
    const found = this.merged.find(seq);
    if (found !== undefined) return found;
    for (const p of this.byProc.values()) {
      const inProc = p.log.find(seq);
      if (inProc !== undefined) return inProc;
    }
    return undefined;
  }

  /**
   * Visits the view's entries (oldest first, or newest first) until `visit` returns `false`. Each entry is made
   * for the visit; a reader that can work on whole blocks should use {@link forEachBlock}.
   */
  forEachEntry(proc: string | null, visit: (entry: LogEntry) => boolean | void, newestFirst = false): void {
    this.view(proc)?.forEach(visit, newestFirst);
  }

  /**
   * Visits the view's blocks (oldest first, or newest first) until `visit` returns `false`, with the index of the
   * first line the view still holds (non-zero only for its oldest block). This is how search walks a million
   * lines without making a string or an object per line.
   */
  forEachBlock(proc: string | null, visit: BlockVisitor, newestFirst = false): void {
    this.view(proc)?.forEachBlock(visit, newestFirst);
  }

  /**
   * Empties a process's view and takes its lines out of the merged view (`null`: empties everything). Seqs and
   * counters go on from where they were. Removing from the merged view costs O(its blocks), once per clear (a
   * user action), so every read stays a plain window read with no filtering.
   */
  clear(proc: string | null): void {
    if (proc === null) {
      for (const p of this.byProc.values()) {
        p.cleared += p.log.size;
        p.log.clear();
      }
      this.mergedCleared += this.merged.size;
      this.merged.clear();
      return;
    }
    const p = this.byProc.get(proc);
    if (p === undefined) return;
    p.cleared += p.log.size;
    p.log.clear();
    const before = this.merged.size;
    this.merged.retain((stored) => stored.proc !== proc);
    this.mergedCleared += before - this.merged.size;
  }

  private add(stored: StoredBlock): void {
    const block = stored.block;
    const bytes = bytesBefore(block, block.count);
    const proc = stored.proc;
    const p = proc === this.lastName ? (this.lastProc as ProcLog) : this.procLog(proc);
    p.lines += block.count;
    p.bytes += bytes;
    this.totalBytes += bytes;
    p.log.push(stored);
    this.merged.push(stored);
  }

  private view(proc: string | null): CappedLog | undefined {
    return proc === null ? this.merged : this.byProc.get(proc)?.log;
  }

  private procLog(proc: string): ProcLog {
    let p = this.byProc.get(proc);
    if (p === undefined) {
      p = {
        log: new CappedLog(this.options.maxLinesPerProcess, this.options.maxBytesPerProcess),
        lines: 0,
        bytes: 0,
        cleared: 0,
      };
      this.byProc.set(proc, p);
    }
    this.lastName = proc;
    this.lastProc = p;
    return p;
  }
}
