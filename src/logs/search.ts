import { BlockHits, matchBlock } from './block-match';
import type { MatchRange } from './block-match';
import type { LogStore } from './log-store';
import { compileQuery } from './query';

export interface SearchOptions {
  readonly query: string;
  /** Treat `query` as a JavaScript regular expression. */
  readonly regex?: boolean;
  readonly caseSensitive?: boolean;
  /** One process's view, or `null` for the merged view. */
  readonly proc?: string | null;
  /** Most matching lines to return. */
  readonly limit?: number;
}

export type { MatchRange } from './block-match';

export interface SearchMatch {
  readonly proc: string;
  readonly seq: number;
  readonly ranges: MatchRange[];
}

export type SearchResult =
  | { readonly ok: true; readonly matches: SearchMatch[]; readonly truncated: boolean }
  | { readonly ok: false; readonly error: string };

export const DEFAULT_SEARCH_LIMIT = 10_000;

/**
 * Finds the lines of a view whose text, with ANSI escapes removed, contains `query` (or matches it as a regex).
 * Results are in seq order. When more than `limit` lines match, the newest `limit` are returned and `truncated`
 * is set: in a live log the latest matches are the ones worth jumping to.
 *
 * An empty query matches nothing. A regex that can match the empty string (`^`, `x*`) still selects the lines
 * it matches, like grep, but only non-empty matches become ranges, since an empty range has nothing to highlight.
 * A bad regex is reported as `{ ok: false }`, never thrown.
 *
 * It works per stored block: over a block without escapes, one run of the pattern over the block's text finds
 * the matches of all its lines (see `matchBlock` for when that holds and what it falls back to), so a search
 * makes no string per line. Lines a view evicted or cleared are not searched.
 */
export function search(store: LogStore, options: SearchOptions): SearchResult {
  const { query, regex = false, caseSensitive = false, proc = null, limit = DEFAULT_SEARCH_LIMIT } = options;
  const matcher = compileQuery(query, { regex, caseSensitive });
  if (!matcher.ok) return matcher;
  if (matcher.empty) return { ok: true, matches: [], truncated: false };

  const max = Math.max(0, Math.floor(limit));
  const matches: SearchMatch[] = [];
  const hits = new BlockHits();
  let truncated = false;
  // Newest block first, so a search that reaches the limit stops without scanning the older lines at all.
  store.forEachBlock(
    proc,
    (stored, fromLine) => {
      hits.reset();
      matchBlock(stored.block, fromLine, matcher, hits);
      for (let k = hits.lines.length - 1; k >= 0; k--) {
        if (matches.length === max) {
          truncated = true;
          return false;
        }
        const seq = stored.firstSeq + (hits.lines[k] as number);
        matches.push({ proc: stored.proc, seq, ranges: hits.ranges[k] as MatchRange[] });
      }
      return true;
    },
    true,
  );
  matches.reverse();
  return { ok: true, matches, truncated };
}
