/** A short note in the status bar, e.g. "restarting web". Its id tells a timer which note it may clear. */
export interface Toast {
  readonly id: number;
  readonly text: string;
}

export interface SessionState {
  /** A quit is under way: processes are being stopped and every key but force-quit is ignored. */
  readonly quitting: boolean;
  /** The user asked for the kill at once. */
  readonly forced: boolean;
  readonly toast: Toast | null;
  readonly nextToastId: number;
}

export type SessionAction =
  | { readonly type: 'session/quit' }
  | { readonly type: 'session/force' }
  | { readonly type: 'session/toast'; readonly text: string }
  | { readonly type: 'session/expire-toast'; readonly id: number };

export const INITIAL_SESSION: SessionState = Object.freeze({ quitting: false, forced: false, toast: null, nextToastId: 1 });

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'session/quit':
      return state.quitting ? state : Object.freeze({ ...state, quitting: true });
    case 'session/force':
      return state.forced ? state : Object.freeze({ ...state, quitting: true, forced: true });
    case 'session/toast':
      return Object.freeze({ ...state, toast: Object.freeze({ id: state.nextToastId, text: action.text }), nextToastId: state.nextToastId + 1 });
    case 'session/expire-toast':
      // Only the toast the timer was set for: a newer one keeps its full time.
      return state.toast?.id === action.id ? Object.freeze({ ...state, toast: null }) : state;
    default: {
      const unreachable: never = action;
      throw new Error(`unknown session action ${JSON.stringify(unreachable)}`);
    }
  }
}
