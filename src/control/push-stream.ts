import { generate } from 'json-merge-patch';

/** Where a push stream writes: an HTTP response, or a spec's slow fake. */
export interface PushSink {
  /** Returns false when the reader is behind: nothing more is written until 'drain'. */
  write(chunk: string): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
}

export interface PushStats {
  /** Patches sent after the first full state. */
  sent: number;
  /** The most changes ever waiting while a send was in flight: never above 1, by construction. */
  maxPending: number;
}

/**
 * A merge patch cannot say "this field is now null": null means "remove it" (RFC 7396). So the stream never holds a
 * null: a null field is left out of the state and of every patch, and a reader treats a missing field as null.
 * Its copy then stays equal to what was sent, field for field.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

/** Patches closer together than this are merged: a flood changes the counters hundreds of times a second. */
const MIN_INTERVAL_MS = 50;

/**
 * A server-sent-event stream of one snapshot: the full state first, then RFC 7396 merge patches. Coalesced per
 * subscriber as the WorkerStateUploader seed does it: one send in flight and at most one pending change; a change
 * that comes while a send is in flight marks the stream dirty, and the next patch is computed from the newest
 * state, so a slow reader gets the latest state instead of a growing queue, and never slows anyone else.
 */
export class PushStream {
  private last: unknown;
  private inFlight = false;
  private dirty = false;
  private closed = false;
  private lastSentAt = 0;
  private timer: NodeJS.Timeout | null = null;
  readonly stats: PushStats = { sent: 0, maxPending: 0 };

  constructor(
    private readonly sink: PushSink,
    private readonly snapshot: () => unknown,
    private readonly now: () => number = Date.now,
  ) {
    sink.once('close', () => this.close());
    this.last = withoutNulls(snapshot());
    this.send('state', this.last);
  }

  /** The state changed: send a patch now, or as soon as the send in flight is done. */
  changed(): void {
    if (this.closed) return;
    if (this.inFlight || this.timer !== null) {
      this.dirty = true;
      this.stats.maxPending = Math.max(this.stats.maxPending, 1);
      return;
    }
    const wait = this.lastSentAt + MIN_INTERVAL_MS - this.now();
    if (wait > 0) {
      this.dirty = true;
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
      return;
    }
    this.dirty = true;
    this.pump();
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    if (this.closed || this.inFlight || !this.dirty) return;
    this.dirty = false;
    const next = withoutNulls(this.snapshot());
    const patch = generate(this.last, next);
    if (patch === undefined) return;
    this.last = next;
    this.stats.sent++;
    this.send('patch', patch);
  }

  private send(event: string, data: unknown): void {
    this.inFlight = true;
    this.lastSentAt = this.now();
    const done = (): void => {
      this.inFlight = false;
      if (this.dirty) this.changed();
    };
    if (this.sink.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)) setImmediate(done);
    else this.sink.once('drain', done);
  }
}
