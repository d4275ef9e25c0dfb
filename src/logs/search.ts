import { plainText } from './ansi';
import type { LogStore } from './log-store';

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

/** `[start, end)` offsets into the line's plain text (escape sequences removed). */
export type MatchRange = [number, number];

export interface SearchMatch {
  readonly proc: string;
  readonly seq: number;
  readonly ranges: MatchRange[];
}

export type SearchResult =
  | { readonly ok: true; readonly matches: SearchMatch[]; readonly truncated: boolean }
  | { readonly ok: false; readonly error: string };

/** Ranges of the matches in one plain line, or `null` when it does not match. */
type LineMatcher = (plain: string) => MatchRange[] | null;

export const DEFAULT_SEARCH_LIMIT = 10_000;

/**
 * Finds the lines of a view whose text, with ANSI escapes removed, contains `query` (or matches it as a regex).
 * Results are in seq order. When more than `limit` lines match, the newest `limit` are returned and `truncated`
 * is set: in a live log the latest matches are the ones worth jumping to.
 *
 * An empty query matches nothing. A regex that can match the empty string (`^`, `x*`) still selects the lines
 * it matches, like grep, but only non-empty matches become ranges, since an empty range has nothing to highlight.
 * A bad regex is reported as `{ ok: false }`, never thrown.
 */
export function search(store: LogStore, options: SearchOptions): SearchResult {
  const { query, regex = false, caseSensitive = false, proc = null, limit = DEFAULT_SEARCH_LIMIT } = options;
  if (query.length === 0) return { ok: true, matches: [], truncated: false };
  let match: LineMatcher;
  if (regex) {
    let re: RegExp;
    try {
      re = new RegExp(query, caseSensitive ? 'g' : 'gi');
    } catch (err) {
      return { ok: false, error: `invalid regex: ${err instanceof Error ? err.message : String(err)}` };
    }
    match = regexMatcher(re);
  } else {
    match = substringMatcher(query, caseSensitive);
  }

  const max = Math.max(0, Math.floor(limit));
  const matches: SearchMatch[] = [];
  let truncated = false;
  store.forEachEntry(
    proc,
    (entry) => {
      const ranges = match(plainText(entry.text));
      if (ranges === null) return true;
      if (matches.length === max) {
        truncated = true;
        return false;
      }
      matches.push({ proc: entry.proc, seq: entry.seq, ranges });
      return true;
    },
    true,
  );
  matches.reverse();
  return { ok: true, matches, truncated };
}

function substringMatcher(query: string, caseSensitive: boolean): LineMatcher {
  if (caseSensitive) return (plain) => findAll(plain, query);
  const lowered = query.toLowerCase();
  // Lowercasing can change a string's length ('İ' becomes two units), which would shift every offset; the
  // regex engine folds case one unit at a time, so it is the exact fallback for those rare strings.
  const folded = regexMatcher(new RegExp(escapeRegExp(query), 'gi'));
  if (lowered.length !== query.length) return folded;
  return (plain) => {
    const low = plain.toLowerCase();
    return low.length === plain.length ? findAll(low, lowered) : folded(plain);
  };
}

function findAll(text: string, needle: string): MatchRange[] | null {
  let at = text.indexOf(needle);
  if (at === -1) return null;
  const ranges: MatchRange[] = [];
  const len = needle.length;
  while (at !== -1) {
    ranges.push([at, at + len]);
    at = text.indexOf(needle, at + len);
  }
  return ranges;
}

function regexMatcher(re: RegExp): LineMatcher {
  return (plain) => {
    re.lastIndex = 0;
    let m = re.exec(plain);
    if (m === null) return null;
    const ranges: MatchRange[] = [];
    while (m !== null) {
      const start = m.index;
      const end = start + m[0].length;
      if (end > start) ranges.push([start, end]);
      // An empty match leaves lastIndex where it was; step past it or exec would return it forever.
      else re.lastIndex = start + 1;
      if (re.lastIndex > plain.length) break;
      m = re.exec(plain);
    }
    return ranges;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
