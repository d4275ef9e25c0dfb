import { CappedLog, lineBytes } from './capped-log';
import type { LogRead, LogWindow } from './capped-log';
import type { LogCounters, LogEntry, StreamName } from './log-entry';

export type { LogRead, LogWindow } from './capped-log';

export interface LogStoreOptions {
  /** Lines kept per process. */
  readonly maxLinesPerProcess?: number;
  /** Bytes kept per process, counted as UTF-16 length + 1 per line (see `lineBytes`). */
  readonly maxBytesPerProcess?: number;
  /** Lines kept in the merged view of all processes. */
  readonly maxMergedLines?: number;
  /** Bytes kept in the merged view; it holds the same line objects, so this bounds what the per-process caps cannot. */
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
}

const NO_COUNTERS: LogCounters = { lines: 0, bytes: 0, dropped: 0 };

/**
 * Every line of every process, bounded: one capped ring per process plus a merged ring of all of them. The two
 * hold the same entry objects, so a line costs one object however many views show it.
 *
 * Each line gets a `seq` from one counter for the whole store (starting at 1), so `after(view, seq)` resumes a
 * reader in any view, and `after(view, 0)` reads a view from its start. The merged ring has its own caps: a line
 * a process's ring evicted can stay visible in the merged view until the merged ring evicts it too, and vice versa.
 *
 * Readers take `proc: string | null`, where `null` means the merged view. An unknown process reads as empty.
 */
export class LogStore {
  private readonly options: Required<LogStoreOptions>;
  private readonly byProc = new Map<string, ProcLog>();
  private readonly merged: CappedLog;
  private seq = 0;
  private totalBytes = 0;
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
   * Records one line (without its break). The entry is a plain object with every field present, so all entries
   * share one shape; it is readonly by type rather than frozen, because freezing per line is measurably slow.
   */
  append(proc: string, stream: StreamName, text: string, ts: number = Date.now(), cut = false): LogEntry {
    const entry: LogEntry = { seq: ++this.seq, proc, stream, ts, text, cut };
    const bytes = lineBytes(text);
    const p = proc === this.lastName ? (this.lastProc as ProcLog) : this.procLog(proc);
    p.lines++;
    p.bytes += bytes;
    this.totalBytes += bytes;
    p.log.push(entry);
    this.merged.push(entry);
    return entry;
  }

  /** Process names in the order they first logged. */
  procs(): string[] {
    return [...this.byProc.keys()];
  }

  /**
   * For a process: lines and bytes ever appended, and lines its own caps evicted. For `null`: the totals of all
   * processes, and lines the merged view's caps evicted. Clearing does not reset them.
   */
  counters(proc: string | null): LogCounters {
    if (proc === null) return { lines: this.seq, bytes: this.totalBytes, dropped: this.merged.dropped };
    const p = this.byProc.get(proc);
    return p === undefined ? NO_COUNTERS : { lines: p.lines, bytes: p.bytes, dropped: p.log.dropped };
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
   * of that view after `seq` that its caps evicted before this read (exact up to the view's line cap; a reader
   * further behind is told the cap). Lines removed by `clear` are not counted as missed.
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
   * Visits the view's entries (oldest first, or newest first) until `visit` returns `false`, without copying:
   * this is how search walks a million lines.
   */
  forEachEntry(proc: string | null, visit: (entry: LogEntry) => boolean | void, newestFirst = false): void {
    this.view(proc)?.forEach(visit, newestFirst);
  }

  /**
   * Empties a process's view and takes its lines out of the merged view (`null`: empties everything). Seqs and
   * counters go on from where they were. Removing from the merged ring costs O(its size), once per clear (a user
   * action), so every read stays a plain window read with no per-line filtering.
   */
  clear(proc: string | null): void {
    if (proc === null) {
      for (const p of this.byProc.values()) p.log.clear();
      this.merged.clear();
      return;
    }
    const p = this.byProc.get(proc);
    if (p === undefined) return;
    p.log.clear();
    this.merged.retain((entry) => entry.proc !== proc);
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
      };
      this.byProc.set(proc, p);
    }
    this.lastName = proc;
    this.lastProc = p;
    return p;
  }
}
