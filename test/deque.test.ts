import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Deque } from '../src/collections/deque';

type Op = { readonly kind: 'push'; readonly value: number } | { readonly kind: 'shift' } | { readonly kind: 'clear' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  // Mostly pushes, so the deque grows past its initial capacity several times and wraps around while growing.
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 999 }).map((value): Op => ({ kind: 'push', value })) },
  { weight: 4, arbitrary: fc.constant<Op>({ kind: 'shift' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'clear' }) },
);

describe('Deque against an array model', () => {
  it('agrees on size, order, indexed access, keys and binary searches after any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), fc.integer({ min: 0, max: 999 }), (ops, probe) => {
        const deque = new Deque<number>();
        const model: number[] = [];
        let sorted = true;
        for (const op of ops) {
          if (op.kind === 'push') {
            if (model.length > 0 && op.value < model[model.length - 1]!) sorted = false;
            deque.push(op.value, op.value + 0.5);
            model.push(op.value);
          } else if (op.kind === 'shift') {
            expect(deque.shift()).toBe(model.shift());
          } else {
            deque.clear();
            model.length = 0;
            sorted = true;
          }
          expect(deque.size).toBe(model.length);
          expect(deque.last()).toBe(model[model.length - 1]);
        }
        expect(Array.from({ length: deque.size }, (_, i) => deque.at(i))).toEqual(model);
        // Keys are stored unboxed beside their items; a fraction checks they are not truncated to integers.
        expect(Array.from({ length: deque.size }, (_, i) => deque.keyAt(i))).toEqual(model.map((v) => v + 0.5));
        if (sorted) {
          expect(deque.firstIndexWhere((v) => v > probe)).toBe(model.filter((v) => v <= probe).length);
          expect(deque.firstKeyAbove(probe + 0.5)).toBe(model.filter((v) => v <= probe).length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps its order across growth when the items wrap around the end of storage', () => {
    // Given a deque whose head has moved, so that the next pushes wrap
    const deque = new Deque<number>();
    for (let i = 0; i < 10; i++) deque.push(i);
    for (let i = 0; i < 8; i++) deque.shift();
    // When it grows well past its initial capacity
    for (let i = 10; i < 100; i++) deque.push(i);
    // Then every item is where it should be
    expect(Array.from({ length: deque.size }, (_, i) => deque.at(i))).toEqual(Array.from({ length: 92 }, (_, i) => i + 8));
  });
});
