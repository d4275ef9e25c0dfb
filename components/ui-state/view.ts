/** The screen below the process list. */
export type ViewName = 'logs' | 'errors' | 'urls';
/** Which part of the logs screen the arrow keys move: the process list, or the log itself. */
export type Focus = 'list' | 'log';

export interface ViewState {
  readonly view: ViewName;
  readonly focus: Focus;
  /** The log pane shows every process merged instead of the selected one. */
  readonly merged: boolean;
  readonly help: boolean;
  /** Selected row of the errors view. */
  readonly errorIndex: number;
}

export type ViewAction =
  | { readonly type: 'view/show'; readonly view: ViewName }
  | { readonly type: 'view/cycle'; readonly backwards?: boolean }
  | { readonly type: 'view/focus'; readonly focus: Focus }
  | { readonly type: 'view/toggle-merged' }
  | { readonly type: 'view/toggle-help' }
  | { readonly type: 'view/error-move'; readonly delta: number; readonly count: number }
  | { readonly type: 'view/error-index'; readonly index: number; readonly count: number };

export const INITIAL_VIEW: ViewState = Object.freeze({ view: 'logs', focus: 'list', merged: false, help: false, errorIndex: 0 });

/** Tab walks these stops; each is a view plus, for the logs, which part has focus. */
const STOPS: ReadonlyArray<{ readonly view: ViewName; readonly focus: Focus }> = [
  { view: 'logs', focus: 'list' },
  { view: 'logs', focus: 'log' },
  { view: 'errors', focus: 'list' },
  { view: 'urls', focus: 'list' },
];

export function viewReducer(state: ViewState, action: ViewAction): ViewState {
  switch (action.type) {
    case 'view/show':
      // Asking for the view already shown goes back to the logs: `e` opens and closes the errors view.
      if (state.view === action.view && action.view !== 'logs') return patch(state, { view: 'logs', help: false });
      return patch(state, { view: action.view, help: false, ...(action.view === 'logs' ? {} : { focus: 'list' }) });
    case 'view/cycle': {
      const at = STOPS.findIndex((s) => s.view === state.view && (s.view !== 'logs' || s.focus === state.focus));
      const step = action.backwards ? -1 : 1;
      const next = STOPS[(Math.max(0, at) + step + STOPS.length) % STOPS.length] ?? STOPS[0];
      return next === undefined ? state : patch(state, { view: next.view, focus: next.focus, help: false });
    }
    case 'view/focus':
      return patch(state, { focus: action.focus });
    case 'view/toggle-merged':
      return patch(state, { merged: !state.merged });
    case 'view/toggle-help':
      return patch(state, { help: !state.help });
    case 'view/error-move':
      return patch(state, { errorIndex: clampIndex(state.errorIndex + action.delta, action.count) });
    case 'view/error-index':
      return patch(state, { errorIndex: clampIndex(action.index, action.count) });
    default: {
      const unreachable: never = action;
      throw new Error(`unknown view action ${JSON.stringify(unreachable)}`);
    }
  }
}

export function clampIndex(index: number, count: number): number {
  return count <= 0 ? 0 : Math.min(count - 1, Math.max(0, index));
}

function patch(state: ViewState, changes: Partial<ViewState>): ViewState {
  for (const key of Object.keys(changes) as Array<keyof ViewState>) {
    if (changes[key] !== state[key]) return Object.freeze({ ...state, ...changes });
  }
  return state;
}
