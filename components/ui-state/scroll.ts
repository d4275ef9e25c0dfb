/**
 * The log pane's position. Offsets count lines up from the newest line of the view. While following, the
 * offset is 0. While not, new lines arriving below must not move what the user reads, so the stored offset is
 * paired with the view's line counter at the time (`mark`): the offset in effect is `offset + (lines - mark)`.
 * That keeps the state pure: no per-frame update is needed to stay on the same lines.
 */
export interface ScrollState {
  readonly follow: boolean;
  readonly offset: number;
  /** The view's appended-lines counter when `offset` was set. */
  readonly mark: number;
  /** The counter when following stopped, for the "N new lines" hint. */
  readonly pausedAt: number;
}

/** What every scroll action needs to know about the view now. */
export interface ViewExtent {
  /** Lines ever appended to the view (it only grows, clearing included). */
  readonly lines: number;
  /** Lines the view retains now. */
  readonly total: number;
  /** Log rows on screen. */
  readonly rows: number;
}

export type ScrollAction =
  | ({ readonly type: 'scroll/by'; readonly delta: number } & ViewExtent)
  | ({ readonly type: 'scroll/top' } & ViewExtent)
  | { readonly type: 'scroll/bottom' }
  | { readonly type: 'scroll/toggle-follow'; readonly lines: number }
  | { readonly type: 'scroll/to'; readonly offset: number; readonly lines: number };

export const INITIAL_SCROLL: ScrollState = Object.freeze({ follow: true, offset: 0, mark: 0, pausedAt: 0 });

/** The offset from the newest line to use for this frame. */
export function effectiveOffset(state: ScrollState, lines: number): number {
  return state.follow ? 0 : Math.max(0, state.offset + lines - state.mark);
}

/** Lines that arrived since following stopped. */
export function newLinesSincePause(state: ScrollState, lines: number): number {
  return state.follow ? 0 : Math.max(0, lines - state.pausedAt);
}

export function scrollReducer(state: ScrollState, action: ScrollAction): ScrollState {
  switch (action.type) {
    case 'scroll/by': {
      const max = Math.max(0, action.total - action.rows);
      const from = Math.min(max, effectiveOffset(state, action.lines));
      const to = Math.min(max, Math.max(0, from + action.delta));
      // Scrolling down onto the newest line resumes following, as in less +F or a chat window.
      if (to === 0 && (action.delta < 0 || state.follow)) return following(state);
      return paused(state, to, action.lines);
    }
    case 'scroll/top':
      return paused(state, Math.max(0, action.total - action.rows), action.lines);
    case 'scroll/bottom':
      return following(state);
    case 'scroll/toggle-follow':
      return state.follow ? paused(state, 0, action.lines) : following(state);
    case 'scroll/to':
      return paused(state, Math.max(0, action.offset), action.lines);
    default: {
      const unreachable: never = action;
      throw new Error(`unknown scroll action ${JSON.stringify(unreachable)}`);
    }
  }
}

function following(state: ScrollState): ScrollState {
  return state.follow ? state : INITIAL_SCROLL;
}

function paused(state: ScrollState, offset: number, lines: number): ScrollState {
  return Object.freeze({ follow: false, offset, mark: lines, pausedAt: state.follow ? lines : state.pausedAt });
}
