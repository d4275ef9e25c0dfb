import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvictedRanges } from '../src/logs/evicted-ranges';

describe('EvictedRanges', () => {
  it('counts the evicted seqs above any seq exactly, up to its limit', () => {
    fc.assert(
      fc.property(
        // Limits small enough to drop history and large enough to keep dozens of ranges (storage grows and wraps).
        fc.integer({ min: 1, max: 120 }),
        // Gaps between ranges (0: the range continues the previous one) and their lengths.
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 })), { maxLength: 60 }),
        (limit, steps) => {
          const ranges = new EvictedRanges(limit);
          const evicted: number[] = [];
          let next = 1;
          for (const [gap, length] of steps) {
            const from = next + gap;
            ranges.add(from, from + length);
            for (let s = from; s < from + length; s++) evicted.push(s);
            next = from + length;
          }
          for (let seq = -1; seq <= next + 1; seq++) {
            expect(ranges.countAfter(seq)).toBe(Math.min(evicted.filter((s) => s > seq).length, limit));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('tells a reader behind its history the limit', () => {
    // Given a limit of 3 and 10 evicted lines in separate ranges
    const ranges = new EvictedRanges(3);
    for (let s = 1; s <= 20; s += 2) ranges.add(s, s + 1);
    // Then readers see the exact count near the end, and the limit further back
    expect([ranges.countAfter(19), ranges.countAfter(18), ranges.countAfter(14), ranges.countAfter(0)]).toEqual([0, 1, 3, 3]);
  });

  it('keeps exact counts when its storage grows after history was dropped', () => {
    // Given history that dropped its oldest range (so storage no longer starts at slot 0)
    const ranges = new EvictedRanges(20);
    ranges.add(1, 2);
    ranges.add(3, 23);
    // When enough separate one-line ranges follow to outgrow the initial storage
    for (let s = 30; s < 30 + 2 * 20; s += 2) ranges.add(s, s + 1);
    // Then counts are still exact for readers anywhere in the kept history
    expect([ranges.countAfter(68), ranges.countAfter(67), ranges.countAfter(50), ranges.countAfter(40)]).toEqual([0, 1, 9, 14]);
    expect(ranges.countAfter(0)).toBe(20);
  });
});
