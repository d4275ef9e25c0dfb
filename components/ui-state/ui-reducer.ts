import { INITIAL_SCROLL, scrollReducer, type ScrollAction, type ScrollState } from './scroll';
import { INITIAL_SEARCH, searchReducer, type SearchAction, type SearchState } from './search';
import { INITIAL_SELECTION, selectionReducer, type SelectionAction, type SelectionState } from './selection';
import { INITIAL_SESSION, sessionReducer, type SessionAction, type SessionState } from './session';
import { INITIAL_VIEW, viewReducer, type ViewAction, type ViewState } from './view';

/** Everything the TUI remembers that is not in the brum store. Pure data; React only holds it. */
export interface UiState {
  readonly selection: SelectionState;
  readonly view: ViewState;
  readonly scroll: ScrollState;
  readonly search: SearchState;
  readonly session: SessionState;
  /**
   * The line an error jump landed on (by seq, so it holds in the merged view too), marked until the user selects
   * another process or goes back to following the log; `null` when there is none.
   */
  readonly landed: LandedLine | null;
}

export interface LandedLine {
  readonly id: string;
  readonly seq: number;
}

/** Actions that touch more than one slice. */
export type CrossAction =
  /** Esc: undo the innermost thing that is open. */
  | { readonly type: 'ui/back' }
  /** Show one line of a process's log: select it, logs view, scrolled there, not following. */
  | {
      readonly type: 'ui/jump';
      readonly id: string;
      readonly offset: number;
      readonly lines: number;
      /** The line to mark, or `null` when it is no longer in the log (the view shows the nearest one). */
      readonly seq: number | null;
    };

export type UiAction = SelectionAction | ViewAction | ScrollAction | SearchAction | SessionAction | CrossAction;

export const INITIAL_UI: UiState = Object.freeze({
  selection: INITIAL_SELECTION,
  view: INITIAL_VIEW,
  scroll: INITIAL_SCROLL,
  search: INITIAL_SEARCH,
  session: INITIAL_SESSION,
  landed: null,
});

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'select/prev':
    case 'select/next':
    case 'select/first':
    case 'select/last':
    case 'select/id': {
      const selection = selectionReducer(state.selection, action);
      if (selection === state.selection) return state;
      // Another process's log starts at its newest line; the merged view is the same log whatever is selected.
      const scroll = state.view.merged ? state.scroll : INITIAL_SCROLL;
      return Object.freeze({ ...state, selection, scroll, landed: null });
    }
    case 'view/show':
    case 'view/cycle':
    case 'view/focus':
    case 'view/toggle-help':
    case 'view/error-move':
    case 'view/error-index':
      return withView(state, viewReducer(state.view, action));
    case 'view/toggle-merged':
      return Object.freeze({ ...state, view: viewReducer(state.view, action), scroll: INITIAL_SCROLL });
    case 'scroll/by':
    case 'scroll/top':
    case 'scroll/bottom':
    case 'scroll/toggle-follow':
    case 'scroll/to': {
      const scroll = scrollReducer(state.scroll, action);
      if (scroll === state.scroll) return state;
      // Following again moves the view off the landed line: the mark has done its job.
      return Object.freeze({ ...state, scroll, landed: scroll.follow ? null : state.landed });
    }
    case 'search/open':
    case 'search/type':
    case 'search/backspace':
    case 'search/toggle-regex':
    case 'search/apply':
    case 'search/invalid':
    case 'search/cancel':
    case 'search/clear':
    case 'search/matches':
    case 'search/current': {
      const search = searchReducer(state.search, action);
      return search === state.search ? state : Object.freeze({ ...state, search });
    }
    case 'session/quit':
    case 'session/force':
    case 'session/toast':
    case 'session/expire-toast': {
      const session = sessionReducer(state.session, action);
      return session === state.session ? state : Object.freeze({ ...state, session });
    }
    case 'ui/back':
      return back(state);
    case 'ui/jump':
      return Object.freeze({
        ...state,
        selection: selectionReducer(state.selection, { type: 'select/id', id: action.id }),
        view: Object.freeze({ ...state.view, view: 'logs', focus: 'log', merged: false, help: false }),
        scroll: scrollReducer(state.scroll, { type: 'scroll/to', offset: action.offset, lines: action.lines }),
        landed: action.seq === null ? null : Object.freeze({ id: action.id, seq: action.seq }),
      });
    default: {
      const unreachable: never = action;
      throw new Error(`unknown ui action ${JSON.stringify(unreachable)}`);
    }
  }
}

function back(state: UiState): UiState {
  const { view, search } = state;
  if (view.help) return withView(state, viewReducer(view, { type: 'view/toggle-help' }));
  if (search.editing) return Object.freeze({ ...state, search: searchReducer(search, { type: 'search/cancel' }) });
  if (view.view !== 'logs') return withView(state, viewReducer(view, { type: 'view/show', view: 'logs' }));
  if (search.applied !== null) return Object.freeze({ ...state, search: searchReducer(search, { type: 'search/clear' }) });
  if (view.focus === 'log') return withView(state, viewReducer(view, { type: 'view/focus', focus: 'list' }));
  return state;
}

function withView(state: UiState, view: ViewState): UiState {
  return view === state.view ? state : Object.freeze({ ...state, view });
}
