/**
 * A growable ring-buffer queue. `Array.prototype.shift` is O(n) on large arrays, and the bus shifts
 * on every scheduling step, so the hot path needs O(1) at both ends.
 */
export class Fifo<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(16);
  private mask = 15;
  private first = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count > this.mask) this.grow();
    this.items[(this.first + this.count) & this.mask] = item;
    this.count++;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.first];
    // Clear the slot so a shifted payload or resolver can be collected while the ring stays large.
    this.items[this.first] = undefined;
    this.first = (this.first + 1) & this.mask;
    this.count--;
    return item;
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    const next = new Array<T | undefined>(size);
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.first + i) & this.mask];
    this.items = next;
    this.mask = size - 1;
    this.first = 0;
  }
}
