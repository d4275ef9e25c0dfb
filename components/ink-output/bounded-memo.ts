/**
 * A memo for a pure function of a string that holds at most `2 × limit` entries, in two generations: once the
 * current one is full it becomes the previous one and the older one is dropped whole. A hit in the previous
 * generation is copied forward, so whatever every frame asks for (the process list, the rules, the status bar)
 * stays, while the log lines that scrolled away go with their generation. O(1) per call, no per-entry order.
 *
 * Why: Ink 6.8 memoises text measurement and wrapping in module-level caches that never forget, keyed by the
 * text itself. A log pane shows new text every frame, so a flood kept every line ever drawn: measured, 143k
 * texts and 28 MB of heap more after 2 minutes, and brum's RSS +60 MB from minute 1 to 5 at 5,000 lines/s (issue 11).
 */
export class BoundedMemo<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  get(key: string): V | undefined {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const old = this.previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    if (this.current.size >= this.limit) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }

  /** Entries held now (a key in both generations counts twice): never more than `2 × limit`. */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}
