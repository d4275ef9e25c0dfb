import { describe, expect, it } from 'vitest';
import { blockOf } from '../src/logs/line-block';
import type { LogEntry } from '../src/logs/log-entry';
import { LogStore } from '../src/logs/log-store';

const texts = (entries: readonly LogEntry[]): string[] => entries.map((e) => e.text);
const lines = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

describe('LogStore.appendBlock', () => {
  it('gives the lines of a block consecutive seqs from the one global counter and returns the first', () => {
    // Given a store that takes blocks and single lines from two processes
    const store = new LogStore();
    // When they arrive interleaved
    const a = store.appendBlock('api', 'stdout', blockOf(['a1', 'a2', 'a3']), 7);
    const w = store.append('web', 'stderr', 'w1', 8);
    const b = store.appendBlock('api', 'stderr', blockOf(['a4', 'a5'], [0]), 9);
    // Then seqs run on across blocks and lines, and every entry carries its block's fields
    expect([a, w.seq, b, store.lastSeq]).toEqual([1, 4, 5, 6]);
    expect(store.tail(null, 10)).toEqual([
      { seq: 1, proc: 'api', stream: 'stdout', ts: 7, text: 'a1', cut: false },
      { seq: 2, proc: 'api', stream: 'stdout', ts: 7, text: 'a2', cut: false },
      { seq: 3, proc: 'api', stream: 'stdout', ts: 7, text: 'a3', cut: false },
      { seq: 4, proc: 'web', stream: 'stderr', ts: 8, text: 'w1', cut: false },
      { seq: 5, proc: 'api', stream: 'stderr', ts: 9, text: 'a4', cut: true },
      { seq: 6, proc: 'api', stream: 'stderr', ts: 9, text: 'a5', cut: false },
    ]);
    expect(texts(store.tail('api', 10))).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(store.counters('api')).toEqual({ lines: 5, bytes: 15, dropped: 0, cleared: 0 });
    expect(store.counters(null)).toEqual({ lines: 6, bytes: 18, dropped: 0, cleared: 0 });
    expect(store.entry(5)).toEqual(store.tail(null, 2)[0]);
  });

  it('ignores an empty block without using a seq', () => {
    const store = new LogStore();
    const empty = { text: '', count: 0, ends: new Uint32Array(0), cuts: null, hasEscape: false };
    expect(store.appendBlock('api', 'stdout', empty, 0)).toBe(1);
    expect([store.lastSeq, store.size('api'), store.size(null)]).toEqual([0, 0, 0]);
  });
});

describe('LogStore caps over blocks', () => {
  it('keeps exactly the line cap by evicting the first lines of the oldest block, across block boundaries', () => {
    // Given a 5-line cap
    const store = new LogStore({ maxLinesPerProcess: 5 });
    // When three 3-line blocks arrive
    store.appendBlock('api', 'stdout', blockOf(lines('l', 1, 3)), 0);
    store.appendBlock('api', 'stdout', blockOf(lines('l', 4, 6)), 0);
    expect(texts(store.tail('api', 10))).toEqual(lines('l', 2, 6));
    store.appendBlock('api', 'stdout', blockOf(lines('l', 7, 9)), 0);
    // Then the first block is gone, the second kept only its last two lines, and 4 lines count as dropped
    expect(texts(store.tail('api', 10))).toEqual(lines('l', 5, 9));
    expect(store.size('api')).toBe(5);
    expect(store.counters('api')).toEqual({ lines: 9, bytes: 27, dropped: 4, cleared: 0 });
    // And readers behind the head are told exactly what they missed
    expect(store.after('api', 0, 1)).toEqual({ entries: [store.entry(5)], missed: 4 });
    expect(store.after('api', 2).missed).toBe(2);
    expect(store.after('api', 4)).toEqual({ entries: store.tail('api', 5), missed: 0 });
    // The merged view has caps of its own and still holds the line
    expect(store.entry(4)?.text).toBe('l4');
    expect(store.after(null, 0).missed).toBe(0);
  });

  it('keeps only the last lines of a single block longer than the line cap', () => {
    const store = new LogStore({ maxLinesPerProcess: 3, maxMergedLines: 4 });
    store.appendBlock('api', 'stdout', blockOf(lines('l', 1, 10)), 0);
    expect(texts(store.tail('api', 10))).toEqual(['l8', 'l9', 'l10']);
    expect(texts(store.tail(null, 10))).toEqual(['l7', 'l8', 'l9', 'l10']);
    expect([store.counters('api').dropped, store.counters(null).dropped]).toEqual([7, 6]);
    // The history of evicted seqs is bounded by the cap, so a reader far behind is told the cap
    expect(store.after('api', 0).missed).toBe(3);
    expect(store.after('api', 5).missed).toBe(2);
  });

  it('evicts by bytes to the line, keeping the newest line even when it alone is over the cap', () => {
    // Given a 20-byte cap and 4-char lines (5 bytes each)
    const store = new LogStore({ maxBytesPerProcess: 20 });
    // When two 3-line blocks arrive (30 bytes)
    store.appendBlock('api', 'stdout', blockOf(['ab-1', 'ab-2', 'ab-3']), 0);
    store.appendBlock('api', 'stdout', blockOf(['ab-4', 'ab-5', 'ab-6']), 0);
    // Then exactly the two oldest lines went
    expect(texts(store.tail('api', 10))).toEqual(['ab-3', 'ab-4', 'ab-5', 'ab-6']);
    expect(store.counters('api').dropped).toBe(2);
    // When a block ends with a line longer than the cap
    store.appendBlock('api', 'stdout', blockOf(['ab-7', 'x'.repeat(30)]), 0);
    // Then only that line is left
    expect(store.tail('api', 10).map((e) => e.text.length)).toEqual([30]);
    expect(store.counters('api')).toEqual({ lines: 8, bytes: 7 * 5 + 31, dropped: 7, cleared: 0 });
  });

  it('merges blocks of several processes in seq order, with the merged caps of its own', () => {
    // Given a merged view of 4 lines
    const store = new LogStore({ maxMergedLines: 4 });
    // When blocks of two processes interleave
    store.appendBlock('api', 'stdout', blockOf(['a1', 'a2', 'a3']), 0);
    store.appendBlock('web', 'stderr', blockOf(['w1', 'w2']), 0);
    store.append('tsc', 'stdout', 't1', 0);
    // Then the merged view holds the newest 4 lines across blocks; the process views keep theirs
    expect(store.tail(null, 10).map((e) => `${e.proc}:${e.text}`)).toEqual(['api:a3', 'web:w1', 'web:w2', 'tsc:t1']);
    expect(texts(store.tail('api', 10))).toEqual(['a1', 'a2', 'a3']);
    expect(store.counters(null).dropped).toBe(2);
    expect(store.counters('api').dropped).toBe(0);
    expect(store.after(null, 0).missed).toBe(2);
    expect(store.after(null, 1)).toEqual({ entries: store.tail(null, 4), missed: 1 });
    expect(texts(store.window(null, 1, 2).entries)).toEqual(['w1', 'w2']);
    expect(store.entry(1)?.text).toBe('a1');
  });

  it('clears a process from a merged view whose oldest block is partly evicted', () => {
    // Given a merged view whose oldest block (api) lost its first line
    const store = new LogStore({ maxMergedLines: 5 });
    store.appendBlock('api', 'stdout', blockOf(['a1', 'a2', 'a3']), 0);
    store.appendBlock('web', 'stdout', blockOf(['w1', 'w2', 'w3']), 0);
    expect(texts(store.tail(null, 10))).toEqual(['a2', 'a3', 'w1', 'w2', 'w3']);
    // When another process is cleared, the partial api block stays as it was
    store.clear('web');
    expect(texts(store.tail(null, 10))).toEqual(['a2', 'a3']);
    store.appendBlock('web', 'stdout', blockOf(['w4', 'w5', 'w6']), 0);
    expect(texts(store.tail(null, 10))).toEqual(['a2', 'a3', 'w4', 'w5', 'w6']);
    // When api itself is cleared, the next block is whole again
    store.clear('api');
    expect(texts(store.tail(null, 10))).toEqual(['w4', 'w5', 'w6']);
    expect(store.size(null)).toBe(3);
    expect(store.counters(null).dropped).toBe(1);
  });
});

describe('LogStore reads over blocks', () => {
  it('pages windows that start and end anywhere across blocks of any size', () => {
    const store = new LogStore();
    const all: string[] = [];
    let n = 0;
    for (const size of [4, 1, 5, 2]) {
      const block = Array.from({ length: size }, () => `l${++n}`);
      all.push(...block);
      store.appendBlock('api', 'stdout', blockOf(block), 0);
    }
    for (let offset = 0; offset <= all.length + 1; offset++) {
      for (let count = 0; count <= all.length + 1; count++) {
        const w = store.window('api', offset, count);
        const k = Math.min(count, all.length);
        const used = Math.min(offset, all.length - k);
        expect([w.total, w.offsetFromEnd]).toEqual([all.length, used]);
        expect(texts(w.entries)).toEqual(all.slice(all.length - used - k, all.length - used));
        expect(w.entries.map((e) => e.seq)).toEqual(w.entries.map((e) => Number(e.text.slice(1))));
      }
    }
  });

  it('resumes after any seq inside a block, with a limit', () => {
    const store = new LogStore();
    store.appendBlock('api', 'stdout', blockOf(lines('a', 1, 4)), 0);
    store.appendBlock('web', 'stdout', blockOf(lines('w', 5, 6)), 0);
    store.appendBlock('api', 'stdout', blockOf(lines('a', 7, 9)), 0);
    expect(texts(store.after('api', 2, 3).entries)).toEqual(['a3', 'a4', 'a7']);
    expect(texts(store.after('api', 5).entries)).toEqual(['a7', 'a8', 'a9']);
    expect(texts(store.after(null, 3, 4).entries)).toEqual(['a4', 'w5', 'w6', 'a7']);
    expect(store.after('api', 9)).toEqual({ entries: [], missed: 0 });
  });

  it('visits the retained part of each block, in either direction, and stops when asked', () => {
    const store = new LogStore({ maxLinesPerProcess: 4 });
    store.appendBlock('api', 'stdout', blockOf(lines('l', 1, 3)), 0);
    store.appendBlock('api', 'stdout', blockOf(lines('l', 4, 6)), 0);
    const visits: Array<[number, number]> = [];
    store.forEachBlock('api', (stored, from) => void visits.push([stored.firstSeq, from]));
    expect(visits).toEqual([[1, 2], [4, 0]]);
    const newest: number[] = [];
    store.forEachBlock('api', (stored) => (newest.push(stored.firstSeq), false), true);
    expect(newest).toEqual([4]);
    const seqs: number[] = [];
    store.forEachEntry('api', (e) => void seqs.push(e.seq), true);
    expect(seqs).toEqual([6, 5, 4, 3]);
  });
});
