import { describe, expect, it } from 'vitest';
import { INITIAL_SELECTION, selectedId, selectionReducer } from '../components/ui-state/selection';
import { INITIAL_SESSION, sessionReducer } from '../components/ui-state/session';
import { clampIndex, INITIAL_VIEW, viewReducer, type ViewState } from '../components/ui-state/view';

const order = ['web', 'api', 'worker'] as const;

describe('selection reducer', () => {
  it('selects the first process until the user moves', () => {
    expect(selectedId(INITIAL_SELECTION, order)).toBe('web');
    expect(selectedId(INITIAL_SELECTION, [])).toBeNull();
  });

  it('select/next moves down and stops at the last process', () => {
    // Given the first process selected
    let s = selectionReducer(INITIAL_SELECTION, { type: 'select/next', order });
    expect(s.id).toBe('api');
    s = selectionReducer(s, { type: 'select/next', order });
    // When moving past the end
    const after = selectionReducer(s, { type: 'select/next', order });
    // Then it stays on the last, and the state object is reused
    expect(after.id).toBe('worker');
    expect(after).toBe(s);
  });

  it('select/prev moves up and stops at the first', () => {
    const s = selectionReducer({ id: 'api' }, { type: 'select/prev', order });
    expect(s.id).toBe('web');
    expect(selectionReducer(s, { type: 'select/prev', order }).id).toBe('web');
  });

  it('select/first and select/last jump to the ends', () => {
    expect(selectionReducer({ id: 'api' }, { type: 'select/first', order }).id).toBe('web');
    expect(selectionReducer({ id: 'api' }, { type: 'select/last', order }).id).toBe('worker');
    expect(selectionReducer(INITIAL_SELECTION, { type: 'select/last', order: [] }).id).toBeNull();
  });

  it('select/id selects by id', () => {
    expect(selectionReducer(INITIAL_SELECTION, { type: 'select/id', id: 'worker' }).id).toBe('worker');
  });

  it('an id that no longer exists falls back to the first process', () => {
    expect(selectedId({ id: 'gone' }, order)).toBe('web');
    // and moving from it starts at the top
    expect(selectionReducer({ id: 'gone' }, { type: 'select/next', order }).id).toBe('api');
  });

  it('moving in an empty list changes nothing', () => {
    expect(selectionReducer(INITIAL_SELECTION, { type: 'select/next', order: [] })).toBe(INITIAL_SELECTION);
  });
});

describe('view reducer', () => {
  it('starts on the logs with the list focused', () => {
    expect(INITIAL_VIEW).toMatchObject({ view: 'logs', focus: 'list', merged: false, help: false, errorIndex: 0 });
  });

  it('view/show opens a view, and the same key again goes back to the logs', () => {
    const errors = viewReducer(INITIAL_VIEW, { type: 'view/show', view: 'errors' });
    expect(errors.view).toBe('errors');
    expect(viewReducer(errors, { type: 'view/show', view: 'errors' }).view).toBe('logs');
    expect(viewReducer(errors, { type: 'view/show', view: 'urls' }).view).toBe('urls');
  });

  it('view/show closes help and keeps the log focus only for the logs view', () => {
    const s: ViewState = { ...INITIAL_VIEW, help: true, focus: 'log' };
    expect(viewReducer(s, { type: 'view/show', view: 'logs' })).toMatchObject({ help: false, focus: 'log' });
    expect(viewReducer(s, { type: 'view/show', view: 'urls' })).toMatchObject({ help: false, focus: 'list', view: 'urls' });
  });

  it('view/cycle walks list → log → errors → URLs → list, and backwards', () => {
    const stops: string[] = [];
    let s = INITIAL_VIEW;
    for (let i = 0; i < 4; i++) {
      s = viewReducer(s, { type: 'view/cycle' });
      stops.push(`${s.view}/${s.focus}`);
    }
    expect(stops).toEqual(['logs/log', 'errors/list', 'urls/list', 'logs/list']);
    expect(viewReducer(INITIAL_VIEW, { type: 'view/cycle', backwards: true }).view).toBe('urls');
  });

  it('view/focus moves focus between the list and the log', () => {
    const s = viewReducer(INITIAL_VIEW, { type: 'view/focus', focus: 'log' });
    expect(s.focus).toBe('log');
    expect(viewReducer(s, { type: 'view/focus', focus: 'log' })).toBe(s);
  });

  it('view/toggle-merged and view/toggle-help flip their flag', () => {
    expect(viewReducer(INITIAL_VIEW, { type: 'view/toggle-merged' }).merged).toBe(true);
    expect(viewReducer(INITIAL_VIEW, { type: 'view/toggle-help' }).help).toBe(true);
  });

  it('view/error-move moves within the list of errors', () => {
    const s = viewReducer(INITIAL_VIEW, { type: 'view/error-move', delta: 1, count: 3 });
    expect(s.errorIndex).toBe(1);
    expect(viewReducer(s, { type: 'view/error-move', delta: 5, count: 3 }).errorIndex).toBe(2);
    expect(viewReducer(s, { type: 'view/error-move', delta: -5, count: 3 }).errorIndex).toBe(0);
  });

  it('view/error-index sets the index, clamped', () => {
    expect(viewReducer(INITIAL_VIEW, { type: 'view/error-index', index: 7, count: 3 }).errorIndex).toBe(2);
    expect(viewReducer(INITIAL_VIEW, { type: 'view/error-index', index: 2, count: 0 }).errorIndex).toBe(0);
    expect(clampIndex(-1, 4)).toBe(0);
  });
});

describe('session reducer', () => {
  it('session/quit marks a quit under way, once', () => {
    const s = sessionReducer(INITIAL_SESSION, { type: 'session/quit' });
    expect(s).toMatchObject({ quitting: true, forced: false });
    expect(sessionReducer(s, { type: 'session/quit' })).toBe(s);
  });

  it('session/force marks a forced quit (which is also quitting)', () => {
    expect(sessionReducer(INITIAL_SESSION, { type: 'session/force' })).toMatchObject({ quitting: true, forced: true });
  });

  it('session/toast shows a note with a fresh id each time', () => {
    const a = sessionReducer(INITIAL_SESSION, { type: 'session/toast', text: 'starting web' });
    const b = sessionReducer(a, { type: 'session/toast', text: 'stopping web' });
    expect(a.toast?.text).toBe('starting web');
    expect(b.toast?.text).toBe('stopping web');
    expect(b.toast?.id).not.toBe(a.toast?.id);
  });

  it('session/expire-toast clears only the toast it was armed for', () => {
    const a = sessionReducer(INITIAL_SESSION, { type: 'session/toast', text: 'one' });
    const b = sessionReducer(a, { type: 'session/toast', text: 'two' });
    expect(sessionReducer(b, { type: 'session/expire-toast', id: a.toast?.id ?? -1 }).toast?.text).toBe('two');
    expect(sessionReducer(b, { type: 'session/expire-toast', id: b.toast?.id ?? -1 }).toast).toBeNull();
  });
});
