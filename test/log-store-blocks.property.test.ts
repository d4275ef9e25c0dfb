import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockOf } from '../src/logs/line-block';
import type { LogEntry, StreamName } from '../src/logs/log-entry';
import { LogStore } from '../src/logs/log-store';
import { search } from '../src/logs/search';
import { naiveLineRanges, ViewModel } from './helpers/log-model';

const PROCS = ['api', 'web', 'tsc'] as const;

type Op =
  | { readonly kind: 'block'; readonly proc: string; readonly stream: StreamName; readonly lines: string[]; readonly cuts: number[] }
  | { readonly kind: 'line'; readonly proc: string; readonly text: string; readonly cut: boolean }
  | { readonly kind: 'clear'; readonly proc: string | null };

// Letters to search for, separators, and escapes (7-bit and 8-bit) that search must see through.
const piece = fc.constantFrom('a', 'b', 'x', ' ', 'ab', '\x1b[31m', '\x1b[0m', '\x9b1m');
const lineArb = fc.array(piece, { maxLength: 5 }).map((p) => p.join(''));

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        proc: fc.constantFrom(...PROCS),
        stream: fc.constantFrom<StreamName>('stdout', 'stderr'),
        lines: fc.array(lineArb, { minLength: 1, maxLength: 7 }),
        cutBits: fc.integer({ min: 0, max: 127 }),
      })
      .map(({ cutBits, ...r }): Op => ({ kind: 'block', ...r, cuts: r.lines.map((_, i) => i).filter((i) => (cutBits >> i) & 1) })),
  },
  { weight: 2, arbitrary: fc.record({ proc: fc.constantFrom(...PROCS), text: lineArb, cut: fc.boolean() }).map((r): Op => ({ kind: 'line', ...r })) },
  { weight: 1, arbitrary: fc.option(fc.constantFrom(...PROCS)).map((proc): Op => ({ kind: 'clear', proc })) },
);

// Substrings, and regexes that can match across a '\n' or see past a line's edge in a block's text.
const QUERIES: ReadonlyArray<readonly [query: string, regex: boolean]> = [
  ['a', false],
  ['ab', false],
  ['B A', false],
  ['a\\s*b', true],
  ['b\\sa', true],
  ['[^x]+', true],
  ['^a', true],
  ['b$', true],
  ['(?<=\\s)a', true],
  ['a(?!b)', true],
  ['x*', true],
  ['\\bab', true],
  ['[\\s\\S]{3}', true],
];

describe('LogStore over blocks against a flat model', () => {
  it('keeps, evicts, counts, reads and searches every view as a line-per-entry model does', () => {
    fc.assert(
      fc.property(
        fc.record({
          maxLinesPerProcess: fc.integer({ min: 1, max: 12 }),
          maxBytesPerProcess: fc.integer({ min: 1, max: 60 }),
          maxMergedLines: fc.integer({ min: 1, max: 20 }),
          maxMergedBytes: fc.integer({ min: 1, max: 120 }),
        }),
        fc.array(opArb, { maxLength: 40 }),
        fc.integer({ min: -1, max: 6 }),
        fc.constantFrom(...QUERIES),
        fc.boolean(),
        (caps, ops, limit, [query, regex], caseSensitive) => {
          const store = new LogStore(caps);
          const views = new Map<string | null, ViewModel>([[null, new ViewModel(caps.maxMergedLines, caps.maxMergedBytes)]]);
          const all: LogEntry[] = [];
          const totals = new Map<string, { lines: number; bytes: number }>();
          // Lines each view lost to a clear.
          const cleared = new Map<string | null, number>();
          const record = (entry: LogEntry): void => {
            all.push(entry);
            if (!views.has(entry.proc)) views.set(entry.proc, new ViewModel(caps.maxLinesPerProcess, caps.maxBytesPerProcess));
            views.get(entry.proc)!.push(entry);
            views.get(null)!.push(entry);
            const t = totals.get(entry.proc) ?? { lines: 0, bytes: 0 };
            totals.set(entry.proc, { lines: t.lines + 1, bytes: t.bytes + entry.text.length + 1 });
          };
          for (const [n, op] of ops.entries()) {
            if (op.kind === 'block') {
              const first = store.appendBlock(op.proc, op.stream, blockOf(op.lines, op.cuts), n);
              expect(first).toBe(all.length + 1);
              op.lines.forEach((text, i) =>
                record({ seq: first + i, proc: op.proc, stream: op.stream, ts: n, text, cut: op.cuts.includes(i) }),
              );
            } else if (op.kind === 'line') {
              record(store.append(op.proc, 'stdout', op.text, n, op.cut));
            } else {
              store.clear(op.proc);
              for (const [name, view] of views) {
                const before = view.kept.length;
                if (op.proc === null || name === op.proc) view.kept = [];
                else if (name === null) view.kept = view.kept.filter((e) => e.proc !== op.proc);
                cleared.set(name, (cleared.get(name) ?? 0) + before - view.kept.length);
              }
            }
          }

          expect(store.lastSeq).toBe(all.length);
          expect(store.procs()).toEqual([...views.keys()].filter((k) => k !== null));
          const byProc = new Map<number, LogEntry>();
          for (const view of views.values()) for (const e of view.kept) byProc.set(e.seq, e);
          for (let s = 0; s <= all.length + 1; s++) expect(store.entry(s)).toEqual(byProc.get(s));

          for (const [name, view] of views) {
            const kept = view.kept;
            const t = name === null ? { lines: all.length, bytes: all.reduce((b, e) => b + e.text.length + 1, 0) } : totals.get(name)!;
            expect(store.counters(name)).toEqual({ ...t, dropped: view.evicted.length, cleared: cleared.get(name) ?? 0 });
            expect(store.size(name)).toBe(kept.length);
            for (const n of [0, 1, 3, 100]) expect(store.tail(name, n)).toEqual(n === 0 ? [] : kept.slice(-n));
            for (let s = 0; s <= all.length; s++) {
              const read = store.after(name, s, limit < 0 ? Infinity : limit);
              const expected = kept.filter((e) => e.seq > s);
              expect(read.entries).toEqual(limit < 0 ? expected : expected.slice(0, limit));
              expect(read.missed).toBe(view.missedAfter(s));
            }
            for (let offset = 0; offset <= kept.length; offset += 2) {
              for (const count of [1, 3, 7]) expect(store.window(name, offset, count)).toEqual(view.window(offset, count));
            }
            const visited: LogEntry[] = [];
            store.forEachEntry(name, (e) => void visited.push(e), true);
            expect(visited).toEqual([...kept].reverse());

            const expected = kept.flatMap((e) => {
              const ranges = naiveLineRanges(e.text, query, regex, caseSensitive);
              return ranges === null ? [] : [{ proc: e.proc, seq: e.seq, ranges }];
            });
            const max = limit < 0 ? 1000 : limit;
            const result = search(store, { query, regex, caseSensitive, proc: name, limit: max });
            expect(result).toEqual({ ok: true, matches: expected.slice(Math.max(0, expected.length - max)), truncated: expected.length > max });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
