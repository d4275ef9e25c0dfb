import { describe, expect, it } from 'vitest';
import { effectiveOffset, INITIAL_SCROLL, newLinesSincePause, scrollReducer, type ScrollState } from '../components/ui-state/scroll';
import { INITIAL_SEARCH, searchReducer, type SearchState } from '../components/ui-state/search';

const view = { lines: 1000, total: 1000, rows: 20 };

describe('scroll reducer', () => {
  it('follows by default: offset 0 whatever arrives', () => {
    expect(effectiveOffset(INITIAL_SCROLL, 5000)).toBe(0);
    expect(newLinesSincePause(INITIAL_SCROLL, 5000)).toBe(0);
  });

  it('scroll/by up stops following and stays on the same lines while new ones arrive', () => {
    // Given a following view of 1000 lines / When scrolling up 10
    const s = scrollReducer(INITIAL_SCROLL, { type: 'scroll/by', delta: 10, ...view });
    expect(s.follow).toBe(false);
    expect(effectiveOffset(s, 1000)).toBe(10);
    // Then 7 more lines push the offset by 7, so the same lines stay on screen, and the hint counts them
    expect(effectiveOffset(s, 1007)).toBe(17);
    expect(newLinesSincePause(s, 1007)).toBe(7);
  });

  it('scroll/by is clamped to the top of the view', () => {
    const s = scrollReducer(INITIAL_SCROLL, { type: 'scroll/by', delta: 99_999, ...view });
    expect(effectiveOffset(s, 1000)).toBe(980);
  });

  it('scroll/by down to the newest line resumes following', () => {
    const up = scrollReducer(INITIAL_SCROLL, { type: 'scroll/by', delta: 10, ...view });
    const down = scrollReducer(up, { type: 'scroll/by', delta: -50, ...view });
    expect(down.follow).toBe(true);
  });

  it('scroll/by up when everything fits keeps following', () => {
    const s = scrollReducer(INITIAL_SCROLL, { type: 'scroll/by', delta: 5, lines: 10, total: 10, rows: 20 });
    expect(s).toBe(INITIAL_SCROLL);
  });

  it('scroll/by rebases on the lines that arrived since the last scroll', () => {
    const s = scrollReducer(INITIAL_SCROLL, { type: 'scroll/by', delta: 10, ...view });
    // 100 lines later, scrolling down 5 lands 105 lines up: the view had been pushed up by 100
    const t = scrollReducer(s, { type: 'scroll/by', delta: -5, lines: 1100, total: 1100, rows: 20 });
    expect(effectiveOffset(t, 1100)).toBe(105);
    // and the "new lines" count still starts from when following stopped
    expect(newLinesSincePause(t, 1100)).toBe(100);
  });

  it('scroll/top goes to the oldest line, not following', () => {
    const s = scrollReducer(INITIAL_SCROLL, { type: 'scroll/top', ...view });
    expect(s.follow).toBe(false);
    expect(effectiveOffset(s, 1000)).toBe(980);
  });

  it('scroll/bottom follows again', () => {
    const s: ScrollState = { follow: false, offset: 50, mark: 10, pausedAt: 10 };
    expect(scrollReducer(s, { type: 'scroll/bottom' })).toEqual(INITIAL_SCROLL);
    expect(scrollReducer(INITIAL_SCROLL, { type: 'scroll/bottom' })).toBe(INITIAL_SCROLL);
  });

  it('scroll/toggle-follow pauses where it is, and resumes', () => {
    const paused = scrollReducer(INITIAL_SCROLL, { type: 'scroll/toggle-follow', lines: 300 });
    expect(paused).toMatchObject({ follow: false, offset: 0, mark: 300, pausedAt: 300 });
    expect(effectiveOffset(paused, 310)).toBe(10);
    expect(scrollReducer(paused, { type: 'scroll/toggle-follow', lines: 310 }).follow).toBe(true);
  });

  it('scroll/to sets an offset (as a jump does), not following', () => {
    const s = scrollReducer(INITIAL_SCROLL, { type: 'scroll/to', offset: 42, lines: 1000 });
    expect(s.follow).toBe(false);
    expect(effectiveOffset(s, 1000)).toBe(42);
    expect(scrollReducer(s, { type: 'scroll/to', offset: -3, lines: 1000 }).offset).toBe(0);
  });
});

describe('search reducer', () => {
  const typing = (draft: string, extra: Partial<SearchState> = {}): SearchState => ({ ...INITIAL_SEARCH, editing: true, draft, ...extra });

  it('search/open opens the line, starting from the applied search', () => {
    expect(searchReducer(INITIAL_SEARCH, { type: 'search/open' })).toMatchObject({ editing: true, draft: '' });
    const applied: SearchState = { ...INITIAL_SEARCH, applied: { query: 'err', regex: true } };
    expect(searchReducer(applied, { type: 'search/open' })).toMatchObject({ editing: true, draft: 'err', regex: true });
  });

  it('search/type appends while editing, and is ignored otherwise', () => {
    expect(searchReducer(typing('ab'), { type: 'search/type', text: 'c' }).draft).toBe('abc');
    expect(searchReducer(INITIAL_SEARCH, { type: 'search/type', text: 'c' })).toBe(INITIAL_SEARCH);
  });

  it('search/backspace removes one character (a whole emoji, not half of it)', () => {
    expect(searchReducer(typing('ab'), { type: 'search/backspace' }).draft).toBe('a');
    expect(searchReducer(typing('a😀'), { type: 'search/backspace' }).draft).toBe('a');
    expect(searchReducer(typing(''), { type: 'search/backspace' }).draft).toBe('');
  });

  it('search/toggle-regex flips the mode and clears an error', () => {
    const s = searchReducer(typing('(', { error: 'bad' }), { type: 'search/toggle-regex' });
    expect(s).toMatchObject({ regex: true, error: null });
  });

  it('search/apply applies the draft and closes the line', () => {
    const s = searchReducer(typing('needle', { regex: true }), { type: 'search/apply' });
    expect(s).toMatchObject({ editing: false, applied: { query: 'needle', regex: true }, current: null });
  });

  it('search/apply with an empty draft clears the search', () => {
    const s = searchReducer(typing('', { applied: { query: 'x', regex: false } }), { type: 'search/apply' });
    expect(s).toMatchObject({ editing: false, applied: null });
  });

  it('search/invalid keeps the line open with the reason', () => {
    const s = searchReducer(typing('('), { type: 'search/invalid', error: 'invalid regex: Unterminated group' });
    expect(s).toMatchObject({ editing: true, error: 'invalid regex: Unterminated group', draft: '(' });
  });

  it('search/cancel closes the line and keeps the applied search', () => {
    const s = searchReducer(typing('new', { applied: { query: 'old', regex: false } }), { type: 'search/cancel' });
    expect(s).toMatchObject({ editing: false, applied: { query: 'old' } });
  });

  it('search/clear forgets the search', () => {
    const s: SearchState = { ...INITIAL_SEARCH, applied: { query: 'x', regex: false }, matches: { count: 2, truncated: false } };
    expect(searchReducer(s, { type: 'search/clear' })).toMatchObject({ applied: null, matches: null, current: null });
  });

  it('search/matches records the count', () => {
    expect(searchReducer(INITIAL_SEARCH, { type: 'search/matches', count: 7, truncated: true }).matches).toEqual({ count: 7, truncated: true });
  });

  it('search/current records the match n/N moved to', () => {
    const s = searchReducer(INITIAL_SEARCH, { type: 'search/current', current: { seq: 12, index: 1, count: 3 } });
    expect(s.current).toEqual({ seq: 12, index: 1, count: 3 });
  });
});
