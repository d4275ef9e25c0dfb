import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileQuery as compileHighlight } from '../components/line-matcher';
import { cleanLine } from '../components/sanitize';
import { LogStore } from '../src/logs/log-store';
import { compileQuery } from '../src/logs/query';
import { search } from '../src/logs/search';

/** Lines of words, some coloured with well-formed SGR (what both readings agree is not text). */
const line = fc
  .array(fc.oneof(fc.constantFrom('err', 'Err', 'ERROR', 'a.b', 'x', ' ', '5', 'é', '[', '('), fc.constantFrom('\x1b[31m', '\x1b[0m', '\x1b[1;32m')), {
    maxLength: 10,
  })
  .map((pieces) => pieces.join(''));

const query = fc.record({
  query: fc.constantFrom('', 'err', 'ERR', 'r', 'a.b', 'x*', '\\d', '^e', 'r$', '(', 'é', 'rr E'),
  regex: fc.boolean(),
  caseSensitive: fc.boolean(),
});

describe('one query compiler for search and highlighting', () => {
  it('highlights on screen exactly the ranges a search reports, for every line it finds', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), query, (lines, q) => {
        const store = new LogStore();
        for (const text of lines) store.append('p', 'stdout', text, 0);
        const found = search(store, q);
        const highlight = compileHighlight(q.query, q.regex, q.caseSensitive);
        // Then both accept or both reject the query, with the same message
        expect(found.ok).toBe(highlight.ok);
        if (!found.ok || !highlight.ok) {
          expect(!found.ok && !highlight.ok && found.error === highlight.error).toBe(true);
          return;
        }
        // And each line's highlights are the search's ranges (a found line with no range is an empty match)
        const bySeq = new Map(found.matches.map((m) => [m.seq, m.ranges]));
        lines.forEach((text, i) => {
          const shown = highlight.match(cleanLine(text, { color: true }).text);
          const ranges = bySeq.get(i + 1);
          if (ranges === undefined) expect(shown).toEqual([]);
          else expect(shown).toEqual(ranges);
        });
      }),
      { numRuns: 1500 },
    );
  });

  it('reports an empty query as matching nothing, and a bad regex as an error', () => {
    const empty = compileQuery('');
    expect(empty.ok && empty.empty && empty.ranges('anything')).toBeNull();
    const bad = compileQuery('(', { regex: true });
    expect(!bad.ok && bad.error).toMatch(/^invalid regex: /);
  });

  it('keeps empty matches out of the ranges but still selects the line', () => {
    const q = compileQuery('x*', { regex: true });
    expect(q.ok && q.ranges('abc')).toEqual([]);
    expect(q.ok && q.ranges('axxb')).toEqual([[1, 3]]);
  });
});
