import fc from 'fast-check';
import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { plainText } from '../src/logs/ansi';
import { blockOf } from '../src/logs/line-block';
import { LogStore } from '../src/logs/log-store';
import { search } from '../src/logs/search';
import type { SearchResult } from '../src/logs/search';

function storeWith(lines: ReadonlyArray<readonly [proc: string, text: string]>): LogStore {
  const store = new LogStore();
  for (const [proc, text] of lines) store.append(proc, 'stdout', text, 0);
  return store;
}

function ok(result: SearchResult): Extract<SearchResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected a result, got: ${result.error}`);
  return result;
}

describe('search', () => {
  it('ignores case by default and reports every occurrence in a line', () => {
    const store = storeWith([
      ['api', 'ERROR: disk full'],
      ['api', 'all good'],
      ['web', 'error, then Error again'],
    ]);
    const { matches, truncated } = ok(search(store, { query: 'error' }));
    expect(matches).toEqual([
      { proc: 'api', seq: 1, ranges: [[0, 5]] },
      { proc: 'web', seq: 3, ranges: [[0, 5], [12, 17]] },
    ]);
    expect(truncated).toBe(false);
  });

  it('matches case exactly when asked', () => {
    const store = storeWith([
      ['api', 'ERROR: disk full'],
      ['web', 'error, then Error again'],
    ]);
    expect(ok(search(store, { query: 'Error', caseSensitive: true })).matches).toEqual([
      { proc: 'web', seq: 2, ranges: [[12, 17]] },
    ]);
  });

  it('finds non-overlapping occurrences, left to right', () => {
    const store = storeWith([['api', 'aaaa abab']]);
    expect(ok(search(store, { query: 'aa' })).matches[0]?.ranges).toEqual([[0, 2], [2, 4]]);
    expect(ok(search(store, { query: 'ab' })).matches[0]?.ranges).toEqual([[5, 7], [7, 9]]);
  });

  it('searches the text without escape sequences and gives ranges in that text', () => {
    // Given coloured lines, one with a colour change in the middle of a word
    const store = storeWith([
      ['api', '\x1b[31mERROR\x1b[39m: bad input'],
      ['api', 'compiled \x1b[1mERR\x1b[22mOR-free'],
      ['api', 'plain \x1b[32mgreen\x1b[0m'],
    ]);
    // When searching for a word that spans a colour change, and for part of an escape sequence
    const spanning = ok(search(store, { query: 'error' })).matches;
    const inEscape = ok(search(store, { query: '31m' })).matches;
    // Then ranges point into the plain text, and escapes themselves never match
    expect(spanning.map((m) => [m.seq, m.ranges])).toEqual([
      [1, [[0, 5]]],
      [2, [[9, 14]]],
    ]);
    const second = plainText(store.entry(2)!.text);
    expect(second.slice(9, 14)).toBe('ERROR');
    expect(inEscape).toEqual([]);
  });

  it('keeps offsets right when lowercasing would change a line length', () => {
    // 'İ'.toLowerCase() is two code units, which would shift every later offset by one
    const store = storeWith([['api', 'İstanbul STANBUL']]);
    expect(ok(search(store, { query: 'stan' })).matches[0]?.ranges).toEqual([[1, 5], [9, 13]]);
  });

  it('matches a regex, ignoring case unless asked not to', () => {
    const store = storeWith([
      ['api', 'GET /users 200 in 12ms'],
      ['api', 'GET /health 200 in 3MS'],
      ['web', 'compiled'],
    ]);
    expect(ok(search(store, { query: '\\d+ms', regex: true })).matches).toEqual([
      { proc: 'api', seq: 1, ranges: [[18, 22]] },
      { proc: 'api', seq: 2, ranges: [[19, 22]] },
    ]);
    expect(ok(search(store, { query: '\\d+ms', regex: true, caseSensitive: true })).matches.map((m) => m.seq)).toEqual([1]);
  });

  it('reports an invalid regex instead of throwing', () => {
    const store = storeWith([['api', 'x']]);
    const result = search(store, { query: '(unclosed', regex: true });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(/^invalid regex: /);
  });

  it('selects the lines an empty-matching regex matches, without looping and without empty ranges', () => {
    const store = storeWith([
      ['api', 'axxb'],
      ['api', ''],
    ]);
    expect(ok(search(store, { query: 'x*', regex: true })).matches).toEqual([
      { proc: 'api', seq: 1, ranges: [[1, 3]] },
      { proc: 'api', seq: 2, ranges: [] },
    ]);
    expect(ok(search(store, { query: '^', regex: true })).matches.map((m) => m.ranges)).toEqual([[], []]);
    expect(ok(search(store, { query: '(?=b)|x', regex: true })).matches[0]?.ranges).toEqual([[1, 2], [2, 3]]);
  });

  it('searches one process or all of them', () => {
    const store = storeWith([
      ['api', 'ready on :3000'],
      ['web', 'ready on :5173'],
    ]);
    expect(ok(search(store, { query: 'ready', proc: 'web' })).matches.map((m) => m.proc)).toEqual(['web']);
    expect(ok(search(store, { query: 'ready' })).matches.map((m) => m.proc)).toEqual(['api', 'web']);
    expect(ok(search(store, { query: 'ready', proc: 'ghost' })).matches).toEqual([]);
  });

  it('returns the newest matches in seq order when over the limit, and says so', () => {
    const store = storeWith(Array.from({ length: 10 }, (_, i) => ['api', `hit ${i + 1}`] as const));
    const limited = ok(search(store, { query: 'hit', limit: 3 }));
    expect(limited.matches.map((m) => m.seq)).toEqual([8, 9, 10]);
    expect(limited.truncated).toBe(true);
    const exact = ok(search(store, { query: 'hit', limit: 10 }));
    expect(exact.matches).toHaveLength(10);
    expect(exact.truncated).toBe(false);
  });

  it('matches nothing for an empty query', () => {
    const store = storeWith([['api', 'anything']]);
    expect(search(store, { query: '' })).toEqual({ ok: true, matches: [], truncated: false });
  });

  it('agrees with a naive scan of the plain text, with or without case', () => {
    // Escapes of every kind strip-ansi knows, broken ones, and C1 introducers, between searchable letters.
    const piece = fc.constantFrom(
      'a', 'A', 'b', ' ', '[', 'm',
      '\x1b[31m', '\x1b[0m', '\x1b[1;2', '\x1b', '\x1b]8;;u\x07', '\x1b]0;ab\x1b\\', '\x1b7', '\x1b(0',
      '\x9b1m', '\x9d0;a\x9c', '\x90q\x9c', '\x9c',
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(piece, { maxLength: 14, size: 'max' }).map((p) => p.join('')), { minLength: 1, maxLength: 8 }),
        fc.array(fc.constantFrom('a', 'A', 'b', '[', 'm'), { minLength: 1, maxLength: 3 }).map((q) => q.join('')),
        fc.boolean(),
        (lines, query, caseSensitive) => {
          const store = storeWith(lines.map((text) => ['p', text] as const));
          const fold = (s: string): string => (caseSensitive ? s : s.toLowerCase());
          const expected = lines.flatMap((text, i) => {
            const low = fold(stripAnsi(text));
            const needle = fold(query);
            const ranges: Array<[number, number]> = [];
            for (let at = 0; at + needle.length <= low.length; ) {
              if (low.slice(at, at + needle.length) === needle) {
                ranges.push([at, at + needle.length]);
                at += needle.length;
              } else at++;
            }
            return ranges.length > 0 ? [{ proc: 'p', seq: i + 1, ranges }] : [];
          });
          expect(ok(search(store, { query, caseSensitive })).matches).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('search over blocks', () => {
  function storeOfBlocks(blocks: ReadonlyArray<readonly [proc: string, lines: string[]]>, options = {}): LogStore {
    const store = new LogStore(options);
    for (const [proc, lines] of blocks) store.appendBlock(proc, 'stdout', blockOf(lines), 0);
    return store;
  }
  const found = (store: LogStore, query: string, regex = false): Array<[number, Array<[number, number]>]> =>
    ok(search(store, { query, regex })).matches.map((m) => [m.seq, m.ranges]);

  it('gives each match the seq of its line and ranges from that line start, across blocks', () => {
    const store = storeOfBlocks([
      ['api', ['no', 'an error here', 'error error']],
      ['web', ['fine']],
      ['api', ['ERROR', 'x', 'last error']],
    ]);
    expect(ok(search(store, { query: 'error' })).matches).toEqual([
      { proc: 'api', seq: 2, ranges: [[3, 8]] },
      { proc: 'api', seq: 3, ranges: [[0, 5], [6, 11]] },
      { proc: 'api', seq: 5, ranges: [[0, 5]] },
      { proc: 'api', seq: 7, ranges: [[5, 10]] },
    ]);
    expect(found(store, 'error', true).map(([seq]) => seq)).toEqual([2, 3, 5, 7]);
    expect(ok(search(store, { query: 'ERROR', caseSensitive: true })).matches.map((m) => m.seq)).toEqual([5]);
  });

  it('never reports a match that runs across a line break, yet finds the line matches it hides', () => {
    // In the block's text "xa\nb\nab" each of these patterns first matches across a break
    const store = storeOfBlocks([['api', ['xa', 'b', 'ab']]]);
    expect(found(store, 'a\\nb', true)).toEqual([]);
    expect(found(store, 'a\\s*b', true)).toEqual([[3, [[0, 2]]]]);
    expect(found(store, '[^x]+', true)).toEqual([
      [1, [[1, 2]]],
      [2, [[0, 1]]],
      [3, [[0, 2]]],
    ]);
    expect(found(store, 'a\nb')).toEqual([]);
  });

  it('anchors and lookarounds see one line, as they would in a line of its own', () => {
    const store = storeOfBlocks([['api', ['xa', 'b', 'ab']]]);
    expect(found(store, '^b', true)).toEqual([[2, [[0, 1]]]]);
    expect(found(store, 'a$', true)).toEqual([[1, [[1, 2]]]]);
    expect(found(store, '(?<=\\s)a', true)).toEqual([]);
    expect(found(store, 'a(?!b)', true)).toEqual([[1, [[1, 2]]]]);
    expect(found(store, '\\bab', true)).toEqual([[3, [[0, 2]]]]);
    expect(found(store, '[$^]', true)).toEqual([]);
  });

  it('does not search lines the caps evicted from the oldest block, or lines that were cleared', () => {
    // Given views that keep only the last two lines of a three-line block
    const store = storeOfBlocks([['api', ['hit 1', 'hit 2', 'hit 3']]], { maxLinesPerProcess: 2, maxMergedLines: 2 });
    // Then the evicted line is not found in either view
    expect(ok(search(store, { query: 'hit', proc: 'api' })).matches.map((m) => m.seq)).toEqual([2, 3]);
    expect(ok(search(store, { query: 'hit' })).matches.map((m) => m.seq)).toEqual([2, 3]);
    // And once the process is cleared, nothing of it is found
    store.appendBlock('web', 'stdout', blockOf(['hit w']), 0);
    store.clear('api');
    expect(ok(search(store, { query: 'hit' })).matches.map((m) => m.seq)).toEqual([4]);
    expect(ok(search(store, { query: 'hit', proc: 'api' })).matches).toEqual([]);
  });

  it('strips escapes line by line in coloured blocks, 8-bit ones included', () => {
    const store = storeOfBlocks([['api', ['\x1b[31mERROR\x1b[39m x', 'plain error', 'none']], ['api', ['x \x9b1mERROR']]]);
    expect(found(store, 'error')).toEqual([
      [1, [[0, 5]]],
      [2, [[6, 11]]],
      [4, [[2, 7]]],
    ]);
    expect(found(store, '31m')).toEqual([]);
  });

  it('keeps the newest matches across blocks when over the limit', () => {
    const store = storeOfBlocks([
      ['api', ['hit', 'miss', 'hit', 'hit']],
      ['web', ['hit', 'hit']],
      ['api', ['hit', 'miss']],
    ]);
    const limited = ok(search(store, { query: 'hit', limit: 4 }));
    expect(limited.matches.map((m) => m.seq)).toEqual([4, 5, 6, 7]);
    expect(limited.truncated).toBe(true);
    expect(ok(search(store, { query: 'hit', limit: 0 }))).toEqual({ ok: true, matches: [], truncated: true });
  });
});
