import { search } from '../src/logs/search';
import type { CommandEnv } from './command-env';
import { compileQuery } from './line-matcher';
import { offsetOfSeq, revealOffset } from './log-locate';

/** Enter on the search line: apply the draft, or keep the line open with the reason it is not valid. */
export function applySearch(env: CommandEnv): void {
  const { draft, regex } = env.ui.search;
  if (draft.length > 0) {
    const compiled = compileQuery(draft, regex);
    if (!compiled.ok) {
      env.dispatch({ type: 'search/invalid', error: compiled.error });
      return;
    }
  }
  env.dispatch({ type: 'search/apply' });
  if (draft.length === 0) return;
  const result = search(env.logs, { query: draft, regex, proc: env.visible.view });
  if (result.ok) env.dispatch({ type: 'search/matches', count: result.matches.length, truncated: result.truncated });
  else env.dispatch({ type: 'search/invalid', error: result.error });
}

/**
 * `n` (down, towards newer lines) and `N` (up). From the current match, or, before the first jump, from the
 * edge of what is on screen, so the first `n` finds the first match at or below the top line. Wraps around.
 */
export function jumpToMatch(env: CommandEnv, direction: 'next' | 'prev'): void {
  const applied = env.ui.search.applied;
  if (applied === null) {
    env.dispatch({ type: 'session/toast', text: 'no search yet: press / to search' });
    return;
  }
  const { view } = env.visible;
  const result = search(env.logs, { query: applied.query, regex: applied.regex, proc: view });
  if (!result.ok) {
    env.dispatch({ type: 'session/toast', text: result.error });
    return;
  }
  const seqs = result.matches.map((m) => m.seq);
  env.dispatch({ type: 'search/matches', count: seqs.length, truncated: result.truncated });
  if (seqs.length === 0) {
    env.dispatch({ type: 'session/toast', text: `no matches for "${applied.query}"` });
    return;
  }
  const current = env.ui.search.current?.seq;
  let index: number;
  let wrapped = false;
  if (direction === 'next') {
    const from = current ?? (env.visible.topSeq ?? 0) - 1;
    index = firstAbove(seqs, from);
    if (index === seqs.length) {
      index = 0;
      wrapped = true;
    }
  } else {
    const from = current ?? (env.visible.bottomSeq ?? Infinity) + 1;
    index = firstAbove(seqs, from - 1) - 1;
    if (index < 0) {
      index = seqs.length - 1;
      wrapped = true;
    }
  }
  const seq = seqs[index] as number;
  const found = offsetOfSeq(env.logs, view, seq);
  if (found !== null) {
    const lines = env.logs.counters(view).lines;
    env.dispatch({ type: 'scroll/to', offset: revealOffset(env.visible.offset, found.offset, env.logRows), lines });
  }
  env.dispatch({ type: 'search/current', current: { seq, index, count: seqs.length } });
  if (wrapped) env.dispatch({ type: 'session/toast', text: direction === 'next' ? 'search wrapped to the top' : 'search wrapped to the bottom' });
}

/** Index of the first seq greater than `seq` (`seqs` ascending); `seqs.length` when there is none. */
function firstAbove(seqs: readonly number[], seq: number): number {
  let lo = 0;
  let hi = seqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((seqs[mid] as number) > seq) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
