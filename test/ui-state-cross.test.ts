import { describe, expect, it } from 'vitest';
import { INITIAL_SCROLL } from '../components/ui-state/scroll';
import { INITIAL_UI, uiReducer, type UiAction, type UiState } from '../components/ui-state/ui-reducer';

const order = ['web', 'api'];
const paused = (s: UiState): UiState => uiReducer(s, { type: 'scroll/to', offset: 30, lines: 100 });
const apply = (s: UiState, ...actions: UiAction[]): UiState => actions.reduce(uiReducer, s);

describe('ui reducer: actions across slices', () => {
  it('routes each slice action to its slice and leaves the rest untouched', () => {
    const s = uiReducer(INITIAL_UI, { type: 'search/open' });
    expect(s.search.editing).toBe(true);
    expect(s.view).toBe(INITIAL_UI.view);
    expect(s.scroll).toBe(INITIAL_UI.scroll);
  });

  it('returns the same state when an action changes nothing', () => {
    expect(uiReducer(INITIAL_UI, { type: 'scroll/bottom' })).toBe(INITIAL_UI);
    expect(uiReducer(INITIAL_UI, { type: 'select/prev', order })).toBe(INITIAL_UI);
  });

  it('selecting another process starts its log at the newest line', () => {
    // Given a paused log / When another process is selected / Then it follows again
    const s = uiReducer(paused(INITIAL_UI), { type: 'select/next', order });
    expect(s.selection.id).toBe('api');
    expect(s.scroll).toBe(INITIAL_SCROLL);
  });

  it('selecting in the merged view keeps the scroll: it is the same log', () => {
    const merged = paused(uiReducer(INITIAL_UI, { type: 'view/toggle-merged' }));
    const s = uiReducer(merged, { type: 'select/next', order });
    expect(s.scroll.follow).toBe(false);
  });

  it('toggling the merged view starts at the newest line', () => {
    const s = uiReducer(paused(INITIAL_UI), { type: 'view/toggle-merged' });
    expect(s.view.merged).toBe(true);
    expect(s.scroll.follow).toBe(true);
  });

  it('ui/jump selects the process and shows the line in its log, not following', () => {
    const start = apply(INITIAL_UI, { type: 'view/toggle-merged' }, { type: 'view/show', view: 'errors' });
    const s = uiReducer(start, { type: 'ui/jump', id: 'api', offset: 12, lines: 400, seq: 1234 });
    expect(s.selection.id).toBe('api');
    expect(s.view).toMatchObject({ view: 'logs', focus: 'log', merged: false, help: false });
    expect(s.scroll).toMatchObject({ follow: false, offset: 12, mark: 400 });
    expect(s.landed).toEqual({ id: 'api', seq: 1234 });
  });

  it('ui/jump to a line no longer in the log marks nothing', () => {
    const s = uiReducer(INITIAL_UI, { type: 'ui/jump', id: 'api', offset: 0, lines: 400, seq: null });
    expect(s.landed).toBeNull();
  });

  it('the landed line stays marked while scrolling, and is let go on selecting another process or following again', () => {
    const jumped = uiReducer(INITIAL_UI, { type: 'ui/jump', id: 'api', offset: 12, lines: 400, seq: 77 });
    const scrolled = uiReducer(jumped, { type: 'scroll/by', delta: 5, lines: 400, total: 400, rows: 20 });
    expect(scrolled.landed).toEqual({ id: 'api', seq: 77 });
    expect(uiReducer(jumped, { type: 'view/toggle-merged' }).landed).toEqual({ id: 'api', seq: 77 });
    expect(uiReducer(jumped, { type: 'select/id', id: 'web' }).landed).toBeNull();
    expect(uiReducer(jumped, { type: 'scroll/toggle-follow', lines: 400 }).landed).toBeNull();
    expect(uiReducer(jumped, { type: 'scroll/bottom' }).landed).toBeNull();
  });

  describe('ui/back (Esc) undoes the innermost thing open', () => {
    it('first the help overlay', () => {
      const s = apply(INITIAL_UI, { type: 'view/show', view: 'errors' }, { type: 'view/toggle-help' });
      const back = uiReducer(s, { type: 'ui/back' });
      expect(back.view).toMatchObject({ help: false, view: 'errors' });
    });

    it('then the search line being typed', () => {
      const s = apply(INITIAL_UI, { type: 'search/open' });
      expect(uiReducer(s, { type: 'ui/back' }).search.editing).toBe(false);
    });

    it('then a view other than the logs', () => {
      const s = apply(INITIAL_UI, { type: 'view/show', view: 'urls' });
      expect(uiReducer(s, { type: 'ui/back' }).view.view).toBe('logs');
    });

    it('then the applied search', () => {
      const s = apply(INITIAL_UI, { type: 'search/open' }, { type: 'search/type', text: 'x' }, { type: 'search/apply' });
      expect(uiReducer(s, { type: 'ui/back' }).search.applied).toBeNull();
    });

    it('then the log focus', () => {
      const s = apply(INITIAL_UI, { type: 'view/focus', focus: 'log' });
      expect(uiReducer(s, { type: 'ui/back' }).view.focus).toBe('list');
    });

    it('and otherwise does nothing', () => {
      expect(uiReducer(INITIAL_UI, { type: 'ui/back' })).toBe(INITIAL_UI);
    });
  });
});
