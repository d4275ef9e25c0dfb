/**
 * Coalesces high-rate updates: items pushed within one interval reach `flush` together, in one call.
 * The timer starts with the first item after a flush, so two timed flushes are always at least
 * `intervalMs` apart and an idle batcher holds no timer (nothing keeps the process alive).
 */
export interface Batcher<T> {
  /** Queues an item. Returns false (and drops it) once the batcher is closed. */
  push(item: T): boolean;
  /** Flushes whatever is pending right away; does nothing when empty. */
  flushNow(): void;
  /** Flushes what is pending and stops; later pushes are refused. */
  close(): void;
  /** Items (or keys, for a keyed batcher) waiting for the next flush. */
  readonly pending: number;
}

export interface BatcherOptions<T> {
  /** How long items may wait; 16–50 ms suits a UI. */
  intervalMs: number;
  flush: (items: T[]) => void;
  /**
   * Receives a `flush` that threw when called from the timer. Without it the error is rethrown,
   * which in a timer is an uncaught exception: pass one wherever a flush failure must not crash.
   */
  onError?: (error: unknown) => void;
}

export function createBatcher<T>(options: BatcherOptions<T>): Batcher<T> {
  let items: T[] = [];
  const core = createFlushTimer(options.intervalMs, options.onError, () => {
    const batch = items;
    // Swap before calling out, so a flush that pushes or throws cannot see or lose this batch twice.
    items = [];
    if (batch.length > 0) options.flush(batch);
  });
  return {
    push(item) {
      if (core.closed) return false;
      items.push(item);
      core.arm();
      return true;
    },
    flushNow: core.flushNow,
    close: core.close,
    get pending() {
      return items.length;
    },
  };
}

export interface KeyedBatcherOptions<K, T> {
  intervalMs: number;
  /** Items with the same key are merged into one. */
  keyOf: (item: T) => K;
  /** Folds a new item into what is pending for its key (`prev` is undefined for the first one). */
  merge: (prev: T | undefined, next: T) => T;
  /** One merged item per key, in the order the keys first appeared in this batch. */
  flush: (items: T[]) => void;
  onError?: (error: unknown) => void;
}

/**
 * A batcher that keeps one merged item per key: e.g. a burst of log appends for several processes
 * flushes as one notice per process.
 */
export function createKeyedBatcher<K, T>(options: KeyedBatcherOptions<K, T>): Batcher<T> {
  let items = new Map<K, T>();
  const core = createFlushTimer(options.intervalMs, options.onError, () => {
    const batch = items;
    items = new Map<K, T>();
    if (batch.size > 0) options.flush([...batch.values()]);
  });
  return {
    push(item) {
      if (core.closed) return false;
      const key = options.keyOf(item);
      items.set(key, options.merge(items.get(key), item));
      core.arm();
      return true;
    },
    flushNow: core.flushNow,
    close: core.close,
    get pending() {
      return items.size;
    },
  };
}

interface FlushTimer {
  readonly closed: boolean;
  arm(): void;
  flushNow(): void;
  close(): void;
}

function createFlushTimer(
  intervalMs: number,
  onError: ((error: unknown) => void) | undefined,
  flush: () => void,
): FlushTimer {
  if (!(intervalMs >= 0) || !Number.isFinite(intervalMs)) {
    throw new RangeError(`intervalMs must be a finite number >= 0, got ${intervalMs}`);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const disarm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const onTimer = (): void => {
    timer = undefined;
    try {
      flush();
    } catch (error) {
      if (onError === undefined) throw error;
      onError(error);
    }
  };
  return {
    get closed() {
      return closed;
    },
    arm() {
      if (timer === undefined) timer = setTimeout(onTimer, intervalMs);
    },
    flushNow() {
      disarm();
      flush();
    },
    close() {
      if (closed) return;
      closed = true;
      disarm();
      flush();
    },
  };
}
