import type { EventBus } from '../events/event-bus';
import type { BrumTopics, LogsAppended } from '../events/topics';
import type { OutputSink } from './types';
import { addErrors, addUrl, setLogCounters, setLogsFlowing, type BrumStore, type ErrorSummary } from '../state/store';
import { createDetector, detectBlock, type Detection, type Detector } from '../logs/detectors';
import type { LineBlock } from '../logs/line-block';
import type { LogCounters, StreamName } from '../logs/log-entry';
import type { LogStore } from '../logs/log-store';

export interface LogIngestOptions {
  readonly store: BrumStore;
  readonly logs: LogStore;
  readonly bus: EventBus<BrumTopics>;
  /** How often, at most, the store hears about new lines: one update per flush, never one per line. */
  readonly intervalMs?: number;
  /** A grouped error (a stack trace) is only complete once its process goes quiet; this is how quiet. */
  readonly idleFlushMs?: number;
  /**
   * How long no stream may deliver before the output counts as paused (store.logsFlowing turns false and what
   * is pending is published at once). Short: within a flood, chunks arrive well under a millisecond apart.
   */
  readonly quietMs?: number;
  /** Told the store-wide counters after each publish, so memory can be kept flat once the caps evict. */
  readonly heap?: { check(total: LogCounters): void };
}

/**
 * The middle of the data flow: every line goes into the LogStore and through its process's detector on the
 * hot path, but the snapshot store and the bus hear about it in batches, at most once per interval.
 */
export class LogIngest implements OutputSink {
  private readonly detectors = new Map<string, Detector>();
  private readonly appended = new Map<string, LogsAppended>();
  private readonly errors = new Map<string, ErrorSummary[]>();
  private urls: Array<{ proc: string; url: string }> = [];
  private readonly idle = new Map<string, NodeJS.Timeout>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly intervalMs: number;
  private readonly idleFlushMs: number;
  private readonly quietMs: number;
  private lastBlockAt = 0;
  private quietTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: LogIngestOptions) {
    this.intervalMs = opts.intervalMs ?? 25;
    this.idleFlushMs = opts.idleFlushMs ?? 150;
    this.quietMs = opts.quietMs ?? 10;
  }

  block(proc: string, stream: StreamName, block: LineBlock): void {
    // One clock read per block: its lines arrived in one chunk anyway.
    const ts = Date.now();
    this.lastBlockAt = ts;
    if (this.quietTimer === null && !this.closed) this.armQuiet(this.quietMs);
    const first = this.opts.logs.appendBlock(proc, stream, block, ts);
    const last = first + block.count - 1;
    detectBlock(this.detector(proc), block, { proc, stream, ts, first }, this.take);
    const batch = this.appended.get(proc);
    if (batch) {
      batch.toSeq = last;
      batch.count += block.count;
    } else {
      this.appended.set(proc, { proc, fromSeq: first, toSeq: last, count: block.count });
    }
    this.schedule();
  }

  /**
   * Publishes as soon as the output pauses, with logsFlowing false. Without this, the last lines of a burst
   * waited for the next interval, and the TUI, drawing a flood at its slower pace, drew them up to 100 ms late.
   * One timer per pause, not one per block: when it fires early (more blocks came), it waits out the rest.
   */
  private armQuiet(ms: number): void {
    this.quietTimer = setTimeout(this.checkQuiet, ms);
  }

  private readonly checkQuiet = (): void => {
    // A timer can fire right after a long stretch of other work (a frame, a collection), before this turn of the
    // event loop has read what arrived meanwhile: look again once it has.
    setImmediate(() => {
      if (this.closed) return;
      const idle = Date.now() - this.lastBlockAt;
      if (idle < this.quietMs) {
        this.quietTimer = setTimeout(this.checkQuiet, this.quietMs - idle);
        return;
      }
      this.quietTimer = null;
      this.publish();
      setLogsFlowing(this.opts.store, false);
    });
  };

  private schedule(): void {
    if (this.timer === null && !this.closed) this.timer = setTimeout(this.publish, this.intervalMs);
  }

  /** Whether `proc`'s detector still keeps new URLs: once it holds all it keeps, the scan stops marking URL lines. */
  wantsUrls(proc: string): boolean {
    return this.detector(proc).wantsUrls;
  }

  /**
   * A stream's last lines are published at once rather than with the next batch: its process is about to be
   * reported as exited, and readers (the TUI's final frame, say) should already have everything it printed.
   */
  streamEnded(proc: string): void {
    this.flushDetector(proc, false);
    if (!this.closed) this.publish();
  }

  /**
   * Forgets a removed process: its detector (which remembers the URLs it reported, so a process added again
   * under the same name would never report them again), its pending error group and idle timer, and whatever
   * of it was not published yet.
   */
  forget(proc: string): void {
    clearTimeout(this.idle.get(proc));
    this.idle.delete(proc);
    this.detectors.delete(proc);
    this.appended.delete(proc);
    this.errors.delete(proc);
    this.urls = this.urls.filter((u) => u.proc !== proc);
  }

  /** Publishes everything pending now and flushes every detector: call before reading final results. */
  close(): void {
    for (const proc of this.detectors.keys()) this.flushDetector(proc, false);
    this.publish();
    this.closed = true;
    if (this.quietTimer !== null) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    setLogsFlowing(this.opts.store, false);
    for (const t of this.idle.values()) clearTimeout(t);
    this.idle.clear();
  }

  private detector(proc: string): Detector {
    let d = this.detectors.get(proc);
    if (!d) {
      d = createDetector(proc);
      this.detectors.set(proc, d);
    }
    return d;
  }

  private flushDetector(proc: string, schedule = true): void {
    const d = this.detectors.get(proc);
    if (!d) return;
    const found = d.flush();
    if (found.length > 0) {
      this.take(found);
      if (schedule) this.schedule();
    }
  }

  private readonly take = (found: readonly Detection[]): void => {
    for (const d of found) {
      if (d.kind === 'url') {
        this.urls.push({ proc: d.proc, url: d.url });
      } else {
        const list = this.errors.get(d.error.proc);
        if (list) list.push(d.error);
        else this.errors.set(d.error.proc, [d.error]);
      }
    }
  };

  private readonly publish = (): void => {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const { store, logs, bus } = this.opts;
    if (this.appended.size > 0) {
      const counters: Record<string, LogCounters> = {};
      for (const proc of this.appended.keys()) counters[proc] = logs.counters(proc);
      // Still flowing while the quiet timer runs; the publish it makes itself comes after clearing it.
      setLogCounters(store, counters, logs.lastSeq, this.quietTimer !== null);
      this.opts.heap?.check(logs.counters(null));
      for (const batch of this.appended.values()) {
        void bus.publish('logs.appended', batch);
        this.armIdleFlush(batch.proc);
      }
      this.appended.clear();
    }
    for (const [proc, list] of this.errors) {
      addErrors(store, proc, list);
      for (const e of list) {
        void bus.publish('error.detected', {
          proc: e.proc,
          seq: e.seq,
          message: e.message,
          ...(e.location ? { location: e.location } : {}),
        });
      }
    }
    this.errors.clear();
    const urls = this.urls;
    this.urls = [];
    for (const { proc, url } of urls) {
      const before = store.getState().urls[proc];
      addUrl(store, proc, url);
      if (store.getState().urls[proc] !== before) void bus.publish('url.detected', { proc, url });
    }
  };

  /** Completes a pending error group once its process has been quiet for a moment. */
  private armIdleFlush(proc: string): void {
    const t = this.idle.get(proc);
    if (t) {
      t.refresh();
      return;
    }
    const timer = setTimeout(() => {
      this.idle.delete(proc);
      this.flushDetector(proc);
    }, this.idleFlushMs);
    timer.unref();
    this.idle.set(proc, timer);
  }
}
