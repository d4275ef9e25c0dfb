import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../src/logs/log-entry';
import { LogStore } from '../src/logs/log-store';
import { ViewModel } from './helpers/log-model';

const PROCS = ['api', 'web', 'tsc'] as const;

type Op =
  | { readonly kind: 'append'; readonly proc: string; readonly len: number }
  | { readonly kind: 'clear'; readonly proc: string | null };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .record({ proc: fc.constantFrom(...PROCS), len: fc.integer({ min: 0, max: 9 }) })
      .map((r): Op => ({ kind: 'append', ...r })),
  },
  { weight: 1, arbitrary: fc.option(fc.constantFrom(...PROCS)).map((proc): Op => ({ kind: 'clear', proc })) },
);

describe('LogStore against a model', () => {
  it('keeps, evicts, counts and reads every view as the model does', () => {
    fc.assert(
      fc.property(
        fc.record({
          maxLinesPerProcess: fc.integer({ min: 1, max: 6 }),
          maxBytesPerProcess: fc.integer({ min: 1, max: 30 }),
          maxMergedLines: fc.integer({ min: 1, max: 10 }),
          maxMergedBytes: fc.integer({ min: 1, max: 60 }),
        }),
        fc.array(opArb, { maxLength: 60, size: 'max' }),
        fc.integer({ min: -1, max: 8 }),
        (caps, ops, limit) => {
          const store = new LogStore(caps);
          const views = new Map<string | null, ViewModel>([[null, new ViewModel(caps.maxMergedLines, caps.maxMergedBytes)]]);
          const seen: LogEntry[] = [];
          for (const op of ops) {
            if (op.kind === 'append') {
              const entry = store.append(op.proc, 'stdout', 'x'.repeat(op.len), 1000 + seen.length);
              seen.push(entry);
              if (!views.has(op.proc)) views.set(op.proc, new ViewModel(caps.maxLinesPerProcess, caps.maxBytesPerProcess));
              views.get(op.proc)!.push(entry);
              views.get(null)!.push(entry);
            } else {
              store.clear(op.proc);
              for (const [name, view] of views) {
                if (op.proc === null || name === op.proc) view.kept = [];
                else if (name === null) view.kept = view.kept.filter((e) => e.proc !== op.proc);
              }
            }
          }
          expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 1));
          expect(store.procs()).toEqual([...views.keys()].filter((k) => k !== null));
          for (const [name, view] of views) {
            expect(store.size(name)).toBe(view.kept.length);
            expect(store.tail(name, 3)).toEqual(view.kept.slice(-3));
            expect(store.counters(name).dropped).toBe(view.evicted.length);
            for (let s = 0; s <= seen.length; s++) {
              const read = store.after(name, s, limit < 0 ? Infinity : limit);
              const expected = view.kept.filter((e) => e.seq > s);
              expect(read.entries).toEqual(limit < 0 ? expected : expected.slice(0, limit));
              expect(read.missed).toBe(view.missedAfter(s));
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('LogStore', () => {
  it('gives every line a strictly increasing seq shared by all processes', () => {
    const store = new LogStore();
    const seqs = ['a', 'b', 'a', 'c', 'b'].map((p) => store.append(p, 'stdout', 'line').seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
    expect(store.lastSeq).toBe(5);
  });

  it('creates entries with every field present and the values given', () => {
    const store = new LogStore();
    const entry = store.append('api', 'stderr', 'boom', 42, true);
    expect(entry).toStrictEqual({ seq: 1, proc: 'api', stream: 'stderr', ts: 42, text: 'boom', cut: true });
    expect(Object.keys(store.append('api', 'stdout', 'ok', 43))).toEqual(['seq', 'proc', 'stream', 'ts', 'text', 'cut']);
  });

  it('evicts the oldest lines over the line cap and counts exactly those as dropped', () => {
    // Given a line cap of 3
    const store = new LogStore({ maxLinesPerProcess: 3 });
    // When 10 lines arrive
    for (let i = 1; i <= 10; i++) store.append('api', 'stdout', `line ${i}`);
    // Then the newest 3 remain and 7 were dropped, while totals still count all 10
    expect(store.tail('api', 10).map((e) => e.text)).toEqual(['line 8', 'line 9', 'line 10']);
    expect(store.counters('api')).toEqual({ lines: 10, bytes: 9 * 7 + 8, dropped: 7, cleared: 0 });
  });

  it('evicts over the byte cap, counting each line as its length plus one', () => {
    // Given a 20-byte cap and 4-char lines (5 bytes each)
    const store = new LogStore({ maxBytesPerProcess: 20 });
    // When 6 lines arrive
    for (let i = 0; i < 6; i++) store.append('api', 'stdout', `ab-${i}`);
    // Then exactly 4 lines fit and 2 were dropped
    expect(store.tail('api', 10).map((e) => e.text)).toEqual(['ab-2', 'ab-3', 'ab-4', 'ab-5']);
    expect(store.counters('api')).toEqual({ lines: 6, bytes: 30, dropped: 2, cleared: 0 });
  });

  it('keeps the newest line even when it alone is over the byte cap', () => {
    const store = new LogStore({ maxBytesPerProcess: 10 });
    store.append('api', 'stdout', 'short');
    store.append('api', 'stdout', 'x'.repeat(50));
    expect(store.tail('api', 5).map((e) => e.text.length)).toEqual([50]);
    expect(store.counters('api').dropped).toBe(1);
  });

  it('shows all processes interleaved in arrival order in the merged view', () => {
    const store = new LogStore();
    store.append('api', 'stdout', 'a1');
    store.append('web', 'stderr', 'w1');
    store.append('api', 'stdout', 'a2');
    store.append('tsc', 'stdout', 't1');
    expect(store.tail(null, 10).map((e) => `${e.proc}:${e.text}`)).toEqual(['api:a1', 'web:w1', 'api:a2', 'tsc:t1']);
    expect(store.tail('api', 10).map((e) => e.text)).toEqual(['a1', 'a2']);
    expect(store.procs()).toEqual(['api', 'web', 'tsc']);
  });

  it('keeps a line another process pushed out of the merged view only in its own view', () => {
    // Given a merged view of 2 lines
    const store = new LogStore({ maxMergedLines: 2 });
    store.append('api', 'stdout', 'old api line');
    // When a chatty process writes 2 lines
    store.append('web', 'stdout', 'w1');
    store.append('web', 'stdout', 'w2');
    // Then the api line left the merged view (counted there) but not its own
    expect(store.tail(null, 5).map((e) => e.text)).toEqual(['w1', 'w2']);
    expect(store.counters(null)).toEqual({ lines: 3, bytes: 13 + 3 + 3, dropped: 1, cleared: 0 });
    expect(store.tail('api', 5).map((e) => e.text)).toEqual(['old api line']);
    expect(store.counters('api').dropped).toBe(0);
  });

  it('resumes a reader after a seq and reports the lines the cap evicted in between', () => {
    // Given a reader that last saw seq 2 of "api", while "web" also logs
    const store = new LogStore({ maxLinesPerProcess: 3 });
    for (let i = 1; i <= 8; i++) store.append(i % 2 === 0 ? 'api' : 'web', 'stdout', `l${i}`);
    // api has seqs 2,4,6,8 and keeps 4,6,8
    // When it reads after seq 2 and after seq 0, one line at a time
    // Then it missed nothing after 2, and one line (seq 2) after 0
    expect(store.after('api', 2, 1)).toEqual({ entries: [store.entry(4)], missed: 0 });
    expect(store.after('api', 0, 1).missed).toBe(1);
    expect(store.after('api', 8)).toEqual({ entries: [], missed: 0 });
    expect(store.after(null, 5).entries.map((e) => e.seq)).toEqual([6, 7, 8]);
  });

  it('pages a view from the end for a scrolling reader, clamping the offset', () => {
    const store = new LogStore();
    for (let i = 1; i <= 10; i++) store.append('api', 'stdout', `l${i}`);
    const texts = (w: { entries: LogEntry[] }): string[] => w.entries.map((e) => e.text);

    const bottom = store.window('api', 0, 3);
    expect(texts(bottom)).toEqual(['l8', 'l9', 'l10']);
    expect(bottom.total).toBe(10);
    expect(texts(store.window('api', 2, 3))).toEqual(['l6', 'l7', 'l8']);
    // Scrolled past the top: the first full page, and the offset it really used
    const top = store.window('api', 99, 3);
    expect(texts(top)).toEqual(['l1', 'l2', 'l3']);
    expect(top.offsetFromEnd).toBe(7);
    // A page taller than the log shows all of it
    expect(texts(store.window(null, 0, 50))).toHaveLength(10);
    expect(store.window('nobody', 0, 5)).toEqual({ entries: [], total: 0, offsetFromEnd: 0 });
  });

  it('clears one process from its view and the merged view; seqs go on, and the counters say what was cleared', () => {
    // Given two processes
    const store = new LogStore();
    store.append('api', 'stdout', 'a1');
    store.append('web', 'stdout', 'w1');
    store.append('api', 'stdout', 'a2');
    // When api is cleared and then logs again
    store.clear('api');
    const next = store.append('api', 'stdout', 'a3');
    // Then only its new line is visible anywhere, seq goes on, and nothing counts as dropped or missed
    expect(next.seq).toBe(4);
    expect(store.tail('api', 10).map((e) => e.text)).toEqual(['a3']);
    expect(store.tail(null, 10).map((e) => e.text)).toEqual(['w1', 'a3']);
    expect(store.size(null)).toBe(2);
    expect(store.counters('api')).toEqual({ lines: 3, bytes: 9, dropped: 0, cleared: 2 });
    expect(store.counters(null).cleared).toBe(2);
    expect(store.after('api', 0)).toEqual({ entries: [next], missed: 0 });
    expect(store.window(null, 0, 1).entries).toEqual([next]);
  });

  it('clears everything with null', () => {
    const store = new LogStore();
    store.append('api', 'stdout', 'a1');
    store.append('web', 'stdout', 'w1');
    store.clear(null);
    expect([store.size(null), store.size('api'), store.size('web')]).toEqual([0, 0, 0]);
    expect(store.append('web', 'stdout', 'w2').seq).toBe(3);
  });

  it('finds an entry by seq in whichever view still holds it', () => {
    const store = new LogStore({ maxMergedLines: 1 });
    store.append('api', 'stdout', 'a1');
    store.append('web', 'stdout', 'w1');
    expect(store.entry(1)?.text).toBe('a1');
    expect(store.entry(2)?.text).toBe('w1');
    expect(store.entry(3)).toBeUndefined();
  });

  it('reads an unknown process as empty', () => {
    const store = new LogStore();
    expect(store.tail('ghost', 5)).toEqual([]);
    expect(store.after('ghost', 0)).toEqual({ entries: [], missed: 0 });
    expect(store.counters('ghost')).toEqual({ lines: 0, bytes: 0, dropped: 0, cleared: 0 });
    expect(store.size('ghost')).toBe(0);
  });

  it('stops visiting when the visitor returns false, in either direction', () => {
    const store = new LogStore();
    for (let i = 1; i <= 5; i++) store.append('api', 'stdout', `l${i}`);
    const forward: number[] = [];
    store.forEachEntry('api', (e) => (forward.push(e.seq), forward.length < 2));
    const backward: number[] = [];
    store.forEachEntry(null, (e) => (backward.push(e.seq), backward.length < 3), true);
    expect(forward).toEqual([1, 2]);
    expect(backward).toEqual([5, 4, 3]);
  });
});
