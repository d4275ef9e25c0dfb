import { escapeTolerantSource, mayHaveAnsi, plainText } from './ansi';
import { escapeRegExp } from './escape-regexp';
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

interface Matcher {
  readonly onPlain: LineMatcher;
  /**
   * A test on the raw line that every line matching `onPlain` passes. Lines that fail it are skipped without
   * being stripped of escapes, which is most of the cost of a search over coloured output.
   */
  readonly rawFilter: RegExp | undefined;
}

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
  let matcher: Matcher;
  if (regex) {
    try {
      matcher = { onPlain: regexMatcher(new RegExp(query, caseSensitive ? 'g' : 'gi')), rawFilter: undefined };
    } catch (err) {
      return { ok: false, error: `invalid regex: ${err instanceof Error ? err.message : String(err)}` };
    }
  } else {
    matcher = substringMatcher(query, caseSensitive);
  }
  const { onPlain, rawFilter } = matcher;

  const max = Math.max(0, Math.floor(limit));
  const matches: SearchMatch[] = [];
  let truncated = false;
  store.forEachEntry(
    proc,
    (entry) => {
      const text = entry.text;
      let ranges: MatchRange[] | null;
      if (!mayHaveAnsi(text)) ranges = onPlain(text);
      else if (rawFilter !== undefined && !rawFilter.test(text)) ranges = null;
      else ranges = onPlain(plainText(text));
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

function substringMatcher(query: string, caseSensitive: boolean): Matcher {
  const source = escapeTolerantSource(query);
  const rawFilter = source === undefined ? undefined : new RegExp(source, caseSensitive ? '' : 'i');
  if (caseSensitive) return { onPlain: (plain) => findAll(plain, query), rawFilter };
  // Irregexp folds case one code unit at a time inside compiled code, so offsets stay those of the line and no
  // lowercased copy is made per line: measured several times faster than toLowerCase() + indexOf.
  return { onPlain: regexMatcher(new RegExp(escapeRegExp(query), 'gi')), rawFilter };
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
