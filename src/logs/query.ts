import { escapeTolerantSource } from './ansi';
import { IndexOfFinder, isLineLocal, lineRanges, RegexFinder } from './block-match';
import type { BlockMatcher, MatchRange } from './block-match';
import { escapeRegExp } from './escape-regexp';

/** How the user's query is read: the same three choices in the search line, the API and MCP. */
export interface QueryOptions {
  /** Treat the query as a JavaScript regular expression. */
  readonly regex?: boolean;
  readonly caseSensitive?: boolean;
}

/**
 * A query compiled once, for both the search over stored blocks and the highlights on the lines on screen, so the
 * lines a search finds and the characters it highlights can never follow different rules.
 */
export interface CompiledQuery extends BlockMatcher {
  readonly ok: true;
  /** The query is empty: it matches nothing (a search returns no line, a line gets no highlight). */
  readonly empty: boolean;
  /**
   * The matches in one line of visible text, left to right, not overlapping, or `null` when nothing matches. A
   * pattern that matches the empty string selects the line but adds no range: there is nothing to highlight.
   */
  ranges(text: string): MatchRange[] | null;
}

export type QueryResult = CompiledQuery | { readonly ok: false; readonly error: string };

/** Compiles `query`; a bad regex is reported in the result, never thrown. */
export function compileQuery(query: string, options: QueryOptions = {}): QueryResult {
  const { regex = false, caseSensitive = false } = options;
  let matcher: BlockMatcher;
  if (regex) {
    try {
      const re = new RegExp(query, caseSensitive ? 'g' : 'gi');
      matcher = { finder: new RegexFinder(re), lineLocal: isLineLocal(query), rawFilter: undefined };
    } catch (err) {
      return { ok: false, error: `invalid regex: ${err instanceof Error ? err.message : String(err)}` };
    }
  } else {
    matcher = literalMatcher(query, caseSensitive);
  }
  const { finder } = matcher;
  const empty = query.length === 0;
  return {
    ok: true,
    empty,
    finder,
    lineLocal: matcher.lineLocal,
    rawFilter: matcher.rawFilter,
    ranges: (text) => (empty ? null : lineRanges(finder, text)),
  };
}

function literalMatcher(query: string, caseSensitive: boolean): BlockMatcher {
  const source = escapeTolerantSource(query);
  const rawFilter = source === undefined ? undefined : new RegExp(source, caseSensitive ? '' : 'i');
  // IndexOfFinder needs a needle; the empty query never reaches a finder (see `empty`).
  if (caseSensitive && query.length > 0) return { finder: new IndexOfFinder(query), lineLocal: true, rawFilter };
  // Irregexp folds case one code unit at a time inside compiled code, so offsets stay those of the text and no
  // lowercased copy is made: measured several times faster than toLowerCase() + indexOf.
  const re = new RegExp(escapeRegExp(query), caseSensitive ? 'g' : 'gi');
  return { finder: new RegexFinder(re), lineLocal: true, rawFilter };
}
