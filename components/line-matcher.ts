import { compileQuery as compileSearchQuery } from '../src/logs/query';
import type { TextRange } from './sanitize';

/** Where a query matches in one line of visible text. */
export type LineMatcher = (text: string) => TextRange[];

export type CompiledQuery = { readonly ok: true; readonly match: LineMatcher } | { readonly ok: false; readonly error: string };

/**
 * The highlighter for the lines on screen. It is the search's own compiled query (`src/logs/query.ts`), so a
 * highlight follows exactly the rules that made the line a hit, but it runs on the sanitised text that is
 * actually shown, so it lands on the characters the user sees, tabs expanded.
 */
export function compileQuery(query: string, regex: boolean, caseSensitive = false): CompiledQuery {
  const compiled = compileSearchQuery(query, { regex, caseSensitive });
  if (!compiled.ok) return compiled;
  return { ok: true, match: (text) => compiled.ranges(text) ?? [] };
}
