const INITIAL_CAPACITY = 16;

/**
 * A growable FIFO with O(1) push, shift and indexed access (index 0 is the oldest item). Each item may carry a
 * numeric key, kept unboxed beside it: the log views key each block by its position, which costs no object.
 *
 * Two users: the log views hold their blocks in one (how many blocks a view retains depends on how the lines
 * arrived: a flood brings 1000-line blocks, single appends 1-line ones, so no fixed capacity fits, and a ring
 * sized for the worst case would allocate one slot per line of the cap up front), and the event bus queues
 * lanes and blocked publishers in them (`Array.prototype.shift` is O(n), the bus shifts on every step).
 * Storage doubles when full (amortised O(1), no copy otherwise) and is given back by `clear`.
 */
export class Deque<T> {
  private items: Array<T | undefined>;
  private keys: Float64Array;
  /** capacity - 1; the capacity is a power of two, so wrapping is a mask instead of a branch or a modulo. */
  private mask: number;
  private head = 0;
  private count = 0;

  constructor() {
    this.items = new Array<T | undefined>(INITIAL_CAPACITY).fill(undefined);
    this.keys = new Float64Array(INITIAL_CAPACITY);
    this.mask = INITIAL_CAPACITY - 1;
  }

  get size(): number {
    return this.count;
  }

  push(item: T, key = 0): void {
    if (this.count === this.items.length) this.grow();
    const i = (this.head + this.count) & this.mask;
    this.items[i] = item;
    this.keys[i] = key;
    this.count++;
  }

  /** Removes and returns the oldest item (`undefined` when empty). */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    // Drop the reference so what was evicted can be collected now, not when its slot is reused.
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    return item;
  }

  /** The item `i` places after the oldest; `i` must be in `[0, size)`. */
  at(i: number): T {
    return this.items[(this.head + i) & this.mask] as T;
  }

  /** The key pushed with the item at `i` (in `[0, size)`). */
  keyAt(i: number): number {
    return this.keys[(this.head + i) & this.mask] as number;
  }

  /** The newest item (`undefined` when empty). */
  last(): T | undefined {
    return this.count === 0 ? undefined : this.at(this.count - 1);
  }

  clear(): void {
    this.items = new Array<T | undefined>(INITIAL_CAPACITY).fill(undefined);
    this.keys = new Float64Array(INITIAL_CAPACITY);
    this.mask = INITIAL_CAPACITY - 1;
    this.head = 0;
    this.count = 0;
  }

  /** The smallest index whose key is greater than `key`, or `size` when none is; keys must not decrease. */
  firstKeyAbove(key: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keyAt(mid) > key) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * The smallest index whose item satisfies `test`, or `size` when none does. `test` must be monotone over the
   * deque (false for a prefix, then true), which is what lets this binary search.
   */
  firstIndexWhere(test: (item: T) => boolean): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (test(this.at(mid))) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private grow(): void {
    const old = this.items;
    const cap = old.length;
    const next = new Array<T | undefined>(cap * 2).fill(undefined);
    const keys = new Float64Array(cap * 2);
    for (let i = 0; i < this.count; i++) {
      const j = (this.head + i) & this.mask;
      next[i] = old[j];
      keys[i] = this.keys[j] as number;
    }
    this.items = next;
    this.keys = keys;
    this.mask = cap * 2 - 1;
    this.head = 0;
  }
}
