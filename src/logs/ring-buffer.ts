/**
 * Called for each item of a range. Return `false` to stop early (anything else continues), so a search can
 * walk a window without building an array.
 */
export type RingVisitor<T> = (item: T, pos: number) => boolean | void;

/** Result of {@link RingBuffer.after}: the items read and how many after the cursor were already gone. */
export interface RingRead<T> {
  readonly items: T[];
  readonly missed: number;
}

/**
 * A fixed-capacity FIFO that overwrites its oldest item when full.
 *
 * Every pushed item gets a position: positions are contiguous and only ever grow, across evictions, `shift()`
 * and `clear()`. A reader keeps the position of the last item it saw and resumes with `after(pos)`, which also
 * tells it how many items it missed. Positions stay exact integers up to 2^53, far beyond any real log.
 *
 * Storage is one array allocated up front, so `push` never allocates or copies. Readers copy only the window
 * they ask for. Items are assumed not to be `undefined` (it is the "nothing" answer of `push`, `shift`, `at`).
 */
export class RingBuffer<T> {
  readonly capacity: number;
  private readonly items: Array<T | undefined>;
  /** Array index of the oldest item. */
  private head = 0;
  private count = 0;
  /** Position of the oldest item (or of the next push when empty). */
  private first = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.items = new Array<T | undefined>(capacity).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  /** Position of the oldest retained item; equals `nextPos` when empty. */
  get firstPos(): number {
    return this.first;
  }

  /** Position the next pushed item will get. */
  get nextPos(): number {
    return this.first + this.count;
  }

  /** Appends `item`. When full, the oldest item is overwritten and returned; otherwise returns `undefined`. */
  push(item: T): T | undefined {
    const cap = this.capacity;
    if (this.count < cap) {
      let i = this.head + this.count;
      if (i >= cap) i -= cap;
      this.items[i] = item;
      this.count++;
      return undefined;
    }
    const h = this.head;
    const evicted = this.items[h];
    this.items[h] = item;
    this.head = h + 1 === cap ? 0 : h + 1;
    this.first++;
    return evicted;
  }

  /** Removes and returns the oldest item (`undefined` when empty). */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const h = this.head;
    const item = this.items[h];
    // Drop the reference so an evicted line can be collected before it is overwritten.
    this.items[h] = undefined;
    this.head = h + 1 === this.capacity ? 0 : h + 1;
    this.count--;
    this.first++;
    return item;
  }

  /** Drops every item. Positions keep counting from where they were, so cursors never see a position reused. */
  clear(): void {
    this.items.fill(undefined);
    this.first += this.count;
    this.head = 0;
    this.count = 0;
  }

  /** The item at `pos`, or `undefined` when it was never pushed or is gone. */
  at(pos: number): T | undefined {
    const offset = pos - this.first;
    if (!(offset >= 0 && offset < this.count) || !Number.isInteger(offset)) return undefined;
    return this.items[this.index(offset)];
  }

  /** The newest `n` items, oldest first. */
  last(n: number): T[] {
    const k = Math.min(Math.max(0, Math.floor(n)), this.count);
    const to = this.nextPos;
    return this.slice(to - k, to);
  }

  /**
   * Items at positions greater than `pos`, oldest first, at most `limit` of them. `missed` counts the items
   * after `pos` that were removed (evicted, shifted or cleared) before this read. Use `pos = -1` to read from the
   * very first item ever pushed.
   */
  after(pos: number, limit: number = Infinity): RingRead<T> {
    const from = Math.max(pos + 1, 0);
    const missed = Math.max(0, this.first - from);
    const start = Math.max(from, this.first);
    const n = Math.max(0, Math.min(this.nextPos - start, Math.floor(limit)));
    return { items: this.slice(start, start + n), missed };
  }

  /** Items at positions in `[fromPos, toPos)`, clamped to what is retained, oldest first. */
  slice(fromPos: number, toPos: number): T[] {
    const from = Math.max(Math.ceil(fromPos), this.first);
    const to = Math.min(Math.ceil(toPos), this.nextPos);
    if (to <= from) return [];
    const n = to - from;
    const out = new Array<T>(n);
    const cap = this.capacity;
    let i = this.index(from - this.first);
    for (let k = 0; k < n; k++) {
      out[k] = this.items[i] as T;
      if (++i === cap) i = 0;
    }
    return out;
  }

  /** Visits items at positions in `[fromPos, toPos)` (clamped), oldest first, without allocating. */
  forEach(visit: RingVisitor<T>, fromPos: number = this.first, toPos: number = this.nextPos): void {
    const from = Math.max(Math.ceil(fromPos), this.first);
    const to = Math.min(Math.ceil(toPos), this.nextPos);
    const cap = this.capacity;
    let i = from < to ? this.index(from - this.first) : 0;
    for (let pos = from; pos < to; pos++) {
      if (visit(this.items[i] as T, pos) === false) return;
      if (++i === cap) i = 0;
    }
  }

  /** Like {@link forEach} but newest first: a search that wants the latest matches can stop early. */
  forEachReverse(visit: RingVisitor<T>, fromPos: number = this.first, toPos: number = this.nextPos): void {
    const from = Math.max(Math.ceil(fromPos), this.first);
    const to = Math.min(Math.ceil(toPos), this.nextPos);
    const cap = this.capacity;
    let i = from < to ? this.index(to - 1 - this.first) : 0;
    for (let pos = to - 1; pos >= from; pos--) {
      if (visit(this.items[i] as T, pos) === false) return;
      if (--i < 0) i = cap - 1;
    }
  }

  /** Array index of the item `offset` places after the oldest (`0 <= offset < capacity`). */
  private index(offset: number): number {
    const i = this.head + offset;
    return i >= this.capacity ? i - this.capacity : i;
  }
}
