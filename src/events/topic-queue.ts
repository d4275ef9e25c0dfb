/**
 * The pending events of one topic, stored once and shared by all of the topic's subscribers.
 *
 * Events are addressed by a sequence number; each subscriber keeps a cursor (the next seq it will take)
 * and each slot counts how many subscribers have yet to take it. Subscribers take events in order, so a
 * slot can only reach zero once every older slot has, which lets the queue free from the tail alone.
 * Storing the payload once (instead of one delivery per subscriber) keeps publish O(1) in memory.
 */
export class TopicQueue {
  private payloads: unknown[] = new Array<unknown>(16);
  private refs: number[] = new Array<number>(16).fill(0);
  private mask = 15;
  /** Seq of the oldest pending event. */
  tail = 0;
  /** Seq the next published event will get. */
  head = 0;

  get size(): number {
    return this.head - this.tail;
  }

  /** Appends an event that `refs` subscribers have yet to take. */
  push(payload: unknown, refs: number): void {
    if (this.head - this.tail > this.mask) this.grow();
    // Seqs stay below 2^53; `& mask` keeps the low 32 bits, which is exact modulo a power of two.
    const i = this.head & this.mask;
    this.payloads[i] = payload;
    this.refs[i] = refs;
    this.head++;
  }

  payloadAt(seq: number): unknown {
    return this.payloads[seq & this.mask];
  }

  /** One subscriber took `seq`. Returns how many events left the queue as a result. */
  release(seq: number): number {
    this.refs[seq & this.mask]--;
    return this.freeTail();
  }

  /** A subscriber left before taking [from, to). Returns how many events left the queue. */
  releaseRange(from: number, to: number): number {
    for (let seq = Math.max(from, this.tail); seq < to; seq++) this.refs[seq & this.mask]--;
    return this.freeTail();
  }

  /** Discards the oldest pending event whatever its count; the caller moves cursors past it. */
  dropOldest(): void {
    if (this.tail === this.head) return;
    this.payloads[this.tail & this.mask] = undefined;
    this.tail++;
  }

  private freeTail(): number {
    let freed = 0;
    while (this.tail < this.head && this.refs[this.tail & this.mask] === 0) {
      this.payloads[this.tail & this.mask] = undefined;
      this.tail++;
      freed++;
    }
    return freed;
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const payloads = new Array<unknown>(size);
    const refs = new Array<number>(size).fill(0);
    for (let seq = this.tail; seq < this.head; seq++) {
      payloads[seq & mask] = this.payloads[seq & this.mask];
      refs[seq & mask] = this.refs[seq & this.mask];
    }
    this.payloads = payloads;
    this.refs = refs;
    this.mask = mask;
  }
}
