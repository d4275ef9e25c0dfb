import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../src/logs/ring-buffer';

type Op =
  | { readonly kind: 'push'; readonly value: number }
  | { readonly kind: 'shift' }
  | { readonly kind: 'clear' }
  /** `a` and `b` are offsets from the oldest retained position, so reads land around the live window. */
  | { readonly kind: 'read'; readonly a: number; readonly b: number; readonly n: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 999 }).map((value): Op => ({ kind: 'push', value })) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'shift' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'clear' }) },
  {
    weight: 3,
    arbitrary: fc
      .record({ a: fc.integer({ min: -4, max: 12 }), b: fc.integer({ min: -4, max: 12 }), n: fc.integer({ min: -1, max: 12 }) })
      .map((r): Op => ({ kind: 'read', ...r })),
  },
);

/** The obvious implementation: every retained item with its position, in a plain array. */
class Model {
  items: Array<{ pos: number; value: number }> = [];
  next = 0;
  constructor(readonly capacity: number) {}
  get first(): number {
    return this.items.length > 0 ? this.items[0]!.pos : this.next;
  }
  push(value: number): number | undefined {
    this.items.push({ pos: this.next++, value });
    return this.items.length > this.capacity ? this.items.shift()!.value : undefined;
  }
  shift(): number | undefined {
    return this.items.shift()?.value;
  }
  clear(): void {
    this.items = [];
  }
  range(from: number, to: number): number[] {
    return this.items.filter((i) => i.pos >= from && i.pos < to).map((i) => i.value);
  }
  /** Every position below `first` is gone, whatever removed it. */
  missedAfter(pos: number): number {
    let missed = 0;
    for (let p = 0; p < this.first; p++) if (p > pos) missed++;
    return missed;
  }
}

function checkReads(ring: RingBuffer<number>, model: Model, a: number, b: number, n: number): void {
  expect(ring.slice(a, b)).toEqual(model.range(a, b));
  expect(ring.last(n)).toEqual(n <= 0 ? [] : model.items.slice(-n).map((i) => i.value));
  const read = ring.after(a, n < 0 ? Infinity : n);
  const expectedAfter = model.items.filter((i) => i.pos > a).map((i) => i.value);
  expect(read.items).toEqual(n < 0 ? expectedAfter : expectedAfter.slice(0, n));
  expect(read.missed).toBe(model.missedAfter(a));

  const forward: Array<[number, number]> = [];
  ring.forEach((v, p) => void forward.push([v, p]), a, b);
  expect(forward).toEqual(model.items.filter((i) => i.pos >= a && i.pos < b).map((i) => [i.value, i.pos]));
  const backward: number[] = [];
  ring.forEachReverse((v) => void backward.push(v), a, b);
  expect(backward).toEqual(model.range(a, b).reverse());
  if (n >= 0) {
    const stopped: number[] = [];
    ring.forEach((v) => {
      if (stopped.length === n) return false;
      stopped.push(v);
      return true;
    });
    expect(stopped).toEqual(model.items.slice(0, n).map((i) => i.value));
  }
}

describe('RingBuffer against an array model', () => {
  it('agrees on contents, positions, evictions and every read after any sequence of operations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(opArb, { maxLength: 80, size: 'max' }), (capacity, ops) => {
        const ring = new RingBuffer<number>(capacity);
        const model = new Model(capacity);
        for (const op of ops) {
          switch (op.kind) {
            case 'push':
              expect(ring.push(op.value)).toBe(model.push(op.value));
              break;
            case 'shift':
              expect(ring.shift()).toBe(model.shift());
              break;
            case 'clear':
              ring.clear();
              model.clear();
              break;
            case 'read':
              checkReads(ring, model, model.first + op.a, model.first + op.b, op.n);
              break;
            default: {
              const never: never = op;
              throw new Error(`unknown op ${String(never)}`);
            }
          }
          expect(ring.capacity).toBe(capacity);
          expect(ring.size).toBe(model.items.length);
          expect(ring.firstPos).toBe(model.first);
          expect(ring.nextPos).toBe(model.next);
          for (let p = model.first - 2; p < model.next + 2; p++) {
            expect(ring.at(p)).toBe(model.items.find((i) => i.pos === p)?.value);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('RingBuffer', () => {
  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(2.5)).toThrow(RangeError);
    expect(() => new RingBuffer(Number.NaN)).toThrow(RangeError);
  });

  it('returns the evicted item only once it is full', () => {
    // Given a ring of three
    const ring = new RingBuffer<string>(3);
    // When four items are pushed
    const results = ['a', 'b', 'c', 'd'].map((s) => ring.push(s));
    // Then only the fourth push evicted something, and it was the oldest
    expect(results).toEqual([undefined, undefined, undefined, 'a']);
    expect(ring.slice(ring.firstPos, ring.nextPos)).toEqual(['b', 'c', 'd']);
  });

  it('tells a reader that fell behind how many items it missed', () => {
    // Given a reader that saw position 1, and a ring that has since moved on past it
    const ring = new RingBuffer<number>(4);
    for (let i = 0; i < 10; i++) ring.push(i * 10);
    // When it resumes after position 1, with a limit
    const read = ring.after(1, 2);
    // Then positions 2..5 were evicted, and it gets the two oldest that remain
    expect(read).toEqual({ items: [60, 70], missed: 4 });
  });

  it('never reuses a position after clear', () => {
    const ring = new RingBuffer<number>(2);
    ring.push(1);
    ring.push(2);
    ring.clear();
    ring.push(3);
    expect(ring.firstPos).toBe(2);
    expect(ring.at(2)).toBe(3);
    expect(ring.after(0)).toEqual({ items: [3], missed: 1 });
  });

  it('ignores fractional and non-numeric positions in at()', () => {
    const ring = new RingBuffer<number>(2);
    ring.push(7);
    expect(ring.at(0.5)).toBeUndefined();
    expect(ring.at(Number.NaN)).toBeUndefined();
    expect(ring.at(0)).toBe(7);
  });
});
