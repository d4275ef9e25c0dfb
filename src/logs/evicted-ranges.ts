const INITIAL_CAPACITY = 16;

/**
 * Which seqs a view's caps evicted, as ranges, so `after(seq)` can say exactly how many lines a reader missed.
 *
 * A view evicts in seq order and a block's lines have consecutive seqs, so each eviction step is one range,
 * and a step that continues the previous one (the merged view almost always; a process that logged without
 * another one in between) just extends it: a flood costs a handful of ranges, not one number per line.
 * No counter could replace this: the seqs a process view evicts have gaps (other processes' lines).
 *
 * Ranges live in a ring of two typed columns, not in objects: a process whose lines trickle in between other
 * processes' lines evicts one range per line, and those must not become one retained object each. Range k is
 * `[to[k] - (upTo[k] - upTo[k - 1]), to[k])`, where `upTo[k]` counts every line evicted up to and including it.
 *
 * History is bounded like everything else: ranges are kept while they cover the newest `limit` evicted lines,
 * and a reader further behind than that is told `limit`.
 */
export class EvictedRanges {
  private to = new Float64Array(INITIAL_CAPACITY);
  private upTo = new Float64Array(INITIAL_CAPACITY);
  private mask = INITIAL_CAPACITY - 1;
  private head = 0;
  private count = 0;
  /** `upTo` of the range before the oldest kept one (0 until one is dropped). */
  private base = 0;
  private total = 0;

  constructor(private readonly limit: number) {}

  /** Records that the seqs `[from, to)` were evicted; `from` is above every seq recorded so far. */
  add(from: number, to: number): void {
    if (to <= from) return;
    this.total += to - from;
    const last = (this.head + this.count - 1) & this.mask;
    if (this.count > 0 && this.to[last] === from) {
      this.to[last] = to;
      this.upTo[last] = this.total;
    } else {
      if (this.count === this.to.length) this.grow();
      const i = (this.head + this.count) & this.mask;
      this.to[i] = to;
      this.upTo[i] = this.total;
      this.count++;
    }
    // Drop the oldest range while the others still cover `limit` lines: the answer for any reader is unchanged.
    while (this.count > 1 && this.total - (this.upTo[this.head] as number) >= this.limit) {
      this.base = this.upTo[this.head] as number;
      this.head = (this.head + 1) & this.mask;
      this.count--;
    }
  }

  /** How many evicted seqs are greater than `seq`, at most `limit`. */
  countAfter(seq: number): number {
    // The first range that holds a seq above `seq` (ranges are disjoint and increasing).
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.toAt(mid) > seq + 1) hi = mid;
      else lo = mid + 1;
    }
    if (lo === this.count) return 0;
    const to = this.toAt(lo);
    const upTo = this.upToAt(lo);
    const from = to - (upTo - (lo === 0 ? this.base : this.upToAt(lo - 1)));
    return Math.min(this.total - upTo + to - Math.max(from, seq + 1), this.limit);
  }

  private toAt(k: number): number {
    return this.to[(this.head + k) & this.mask] as number;
  }

  private upToAt(k: number): number {
    return this.upTo[(this.head + k) & this.mask] as number;
  }

  private grow(): void {
    const cap = this.to.length * 2;
    const to = new Float64Array(cap);
    const upTo = new Float64Array(cap);
    for (let k = 0; k < this.count; k++) {
      to[k] = this.toAt(k);
      upTo[k] = this.upToAt(k);
    }
    this.to = to;
    this.upTo = upTo;
    this.mask = cap - 1;
    this.head = 0;
  }
}
