import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatcher, createKeyedBatcher } from '../src/events/batcher';
import { mergeLogsAppended } from '../src/events/topics';
import type { LogsAppended } from '../src/events/topics';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createBatcher', () => {
  it('coalesces everything pushed within one interval into a single flush', () => {
    // Given a 16 ms batcher
    const flushes: number[][] = [];
    const batcher = createBatcher<number>({ intervalMs: 16, flush: (items) => flushes.push(items) });
    // When 1000 items arrive within the interval
    for (let i = 0; i < 1000; i++) batcher.push(i);
    vi.advanceTimersByTime(15);
    // Then nothing is flushed before the interval, and exactly once at its end
    expect(flushes).toEqual([]);
    expect(batcher.pending).toBe(1000);
    vi.advanceTimersByTime(1);
    expect(flushes).toHaveLength(1);
    expect(flushes[0]).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(batcher.pending).toBe(0);
  });

  it('flushes at most once per interval under a steady stream, and holds no timer when idle', () => {
    const flushTimes: number[] = [];
    const batcher = createBatcher<number>({ intervalMs: 20, flush: () => flushTimes.push(Date.now()) });
    const start = Date.now();
    // When an item arrives every millisecond for 100 ms
    for (let t = 0; t < 100; t++) {
      batcher.push(t);
      vi.advanceTimersByTime(1);
    }
    // Then flushes are at least 20 ms apart
    const offsets = flushTimes.map((t) => t - start);
    expect(offsets).toEqual([20, 40, 60, 80, 100]);
    // And after the last flush with nothing new, no timer is left behind
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(100);
    expect(flushTimes).toHaveLength(5);
  });

  it('never calls flush with an empty batch', () => {
    const flush = vi.fn();
    const batcher = createBatcher<number>({ intervalMs: 16, flush });
    batcher.flushNow();
    vi.advanceTimersByTime(100);
    expect(flush).not.toHaveBeenCalled();
  });

  it('flushNow delivers at once and cancels the pending timer', () => {
    const flushes: number[][] = [];
    const batcher = createBatcher<number>({ intervalMs: 16, flush: (items) => flushes.push(items) });
    batcher.push(1);
    batcher.push(2);
    batcher.flushNow();
    expect(flushes).toEqual([[1, 2]]);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(16);
    expect(flushes).toEqual([[1, 2]]);
  });

  it('close flushes what is pending and refuses later pushes', () => {
    const flushes: number[][] = [];
    const batcher = createBatcher<number>({ intervalMs: 16, flush: (items) => flushes.push(items) });
    batcher.push(1);
    batcher.close();
    expect(flushes).toEqual([[1]]);
    expect(batcher.push(2)).toBe(false);
    batcher.close();
    vi.advanceTimersByTime(100);
    expect(flushes).toEqual([[1]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('items pushed from inside flush go to the next batch', () => {
    const flushes: number[][] = [];
    const batcher = createBatcher<number>({
      intervalMs: 16,
      flush: (items) => {
        flushes.push(items);
        if (items[0] === 1) batcher.push(2);
      },
    });
    batcher.push(1);
    vi.advanceTimersByTime(16);
    expect(flushes).toEqual([[1]]);
    vi.advanceTimersByTime(16);
    expect(flushes).toEqual([[1], [2]]);
  });

  it('hands a timed flush failure to onError, drops that batch and keeps working', () => {
    const errors: unknown[] = [];
    const flushes: number[][] = [];
    const batcher = createBatcher<number>({
      intervalMs: 16,
      flush: (items) => {
        if (items.includes(1)) throw new Error('sink broke');
        flushes.push(items);
      },
      onError: (error) => errors.push(error),
    });
    batcher.push(1);
    vi.advanceTimersByTime(16);
    batcher.push(2);
    vi.advanceTimersByTime(16);
    expect((errors[0] as Error).message).toBe('sink broke');
    expect(flushes).toEqual([[2]]);
  });

  it('rejects an interval that is negative or not finite', () => {
    expect(() => createBatcher<number>({ intervalMs: -1, flush: () => {} })).toThrow(RangeError);
    expect(() => createBatcher<number>({ intervalMs: Number.NaN, flush: () => {} })).toThrow(RangeError);
  });
});

describe('createKeyedBatcher', () => {
  const notice = (proc: string, fromSeq: number, toSeq: number): LogsAppended => ({
    proc,
    fromSeq,
    toSeq,
    count: toSeq - fromSeq + 1,
  });

  it('turns a burst of log appends into one notice per process per flush', () => {
    // Given a keyed batcher merging logs.appended notices by process
    const flushes: LogsAppended[][] = [];
    const batcher = createKeyedBatcher<string, LogsAppended>({
      intervalMs: 16,
      keyOf: (n) => n.proc,
      merge: mergeLogsAppended,
      flush: (items) => flushes.push(items),
    });
    // When two processes append lines interleaved, one line per notice
    for (let seq = 0; seq < 100; seq++) batcher.push(notice(seq % 2 === 0 ? 'web' : 'api', seq, seq));
    expect(batcher.pending).toBe(2);
    vi.advanceTimersByTime(16);
    // Then one notice per process covers its whole range, in first-seen order
    expect(flushes).toEqual([
      [
        { proc: 'web', fromSeq: 0, toSeq: 98, count: 50 },
        { proc: 'api', fromSeq: 1, toSeq: 99, count: 50 },
      ],
    ]);
    // And the next interval starts from scratch
    batcher.push(notice('api', 100, 104));
    batcher.close();
    expect(flushes[1]).toEqual([{ proc: 'api', fromSeq: 100, toSeq: 104, count: 5 }]);
    expect(batcher.push(notice('api', 105, 105))).toBe(false);
  });
});
