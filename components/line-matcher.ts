import { escapeRegExp } from '../src/logs/escape-regexp';
import type { TextRange } from './sanitize';

/** Where a query matches in one line of visible text. */
export type LineMatcher = (text: string) => TextRange[];

export type CompiledQuery = { readonly ok: true; readonly match: LineMatcher } | { readonly ok: false; readonly error: string };

/**
 * The highlighter for the lines on screen. It follows the rules of `src/logs/search.ts` (case-insensitive,
 * regex or literal, empty matches give no range) but runs on the sanitised text that is actually shown, so a
 * highlight always lands on the characters the user sees, tabs expanded.
 */
export function compileQuery(query: string, regex: boolean, caseSensitive = false): CompiledQuery {
  let re: RegExp;
  try {
    re = new RegExp(regex ? query : escapeRegExp(query), caseSensitive ? 'g' : 'gi');
  } catch (err) {
    return { ok: false, error: `invalid regex: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (query.length === 0) return { ok: true, match: () => [] };
  return {
    ok: true,
    match(text) {
      const ranges: TextRange[] = [];
      re.lastIndex = 0;
      let m = re.exec(text);
      while (m !== null) {
        const start = m.index;
        const end = start + m[0].length;
        if (end > start) ranges.push([start, end]);
        // An empty match does not move lastIndex; step past it or exec would return it forever.
        else re.lastIndex = start + 1;
        if (re.lastIndex > text.length) break;
        m = re.exec(text);
      }
      return ranges;
    },
  };
}
