/** A search the log pane highlights and `n`/`N` walk. */
export interface AppliedSearch {
  readonly query: string;
  readonly regex: boolean;
}

/** The match `n`/`N` last moved to, with its place among all matches of the view at that moment. */
export interface CurrentMatch {
  readonly seq: number;
  /** 0-based. */
  readonly index: number;
  readonly count: number;
}

export interface SearchState {
  /** The search line takes the keyboard. */
  readonly editing: boolean;
  readonly draft: string;
  /** Regex mode for the draft; the applied search keeps the mode it was applied with. */
  readonly regex: boolean;
  readonly applied: AppliedSearch | null;
  /** Why the draft could not be applied (a bad regex). */
  readonly error: string | null;
  /** Matches of the applied search when it was applied or last walked; `truncated` means "at least". */
  readonly matches: { readonly count: number; readonly truncated: boolean } | null;
  readonly current: CurrentMatch | null;
}

export type SearchAction =
  | { readonly type: 'search/open' }
  | { readonly type: 'search/type'; readonly text: string }
  | { readonly type: 'search/backspace' }
  | { readonly type: 'search/toggle-regex' }
  | { readonly type: 'search/apply' }
  | { readonly type: 'search/invalid'; readonly error: string }
  | { readonly type: 'search/cancel' }
  | { readonly type: 'search/clear' }
  | { readonly type: 'search/matches'; readonly count: number; readonly truncated: boolean }
  | { readonly type: 'search/current'; readonly current: CurrentMatch };

export const INITIAL_SEARCH: SearchState = Object.freeze({
  editing: false,
  draft: '',
  regex: false,
  applied: null,
  error: null,
  matches: null,
  current: null,
});

export function searchReducer(state: SearchState, action: SearchAction): SearchState {
  switch (action.type) {
    case 'search/open':
      // Reopening starts from the applied search, so refining it is one keystroke away.
      return patch(state, {
        editing: true,
        draft: state.applied?.query ?? '',
        regex: state.applied?.regex ?? state.regex,
        error: null,
      });
    case 'search/type':
      return state.editing ? patch(state, { draft: state.draft + action.text, error: null }) : state;
    case 'search/backspace':
      return state.editing ? patch(state, { draft: [...state.draft].slice(0, -1).join(''), error: null }) : state;
    case 'search/toggle-regex':
      return patch(state, { regex: !state.regex, error: null });
    case 'search/apply':
      if (state.draft.length === 0) return patch(state, { editing: false, applied: null, error: null, matches: null, current: null });
      return patch(state, {
        editing: false,
        applied: Object.freeze({ query: state.draft, regex: state.regex }),
        error: null,
        matches: null,
        current: null,
      });
    case 'search/invalid':
      // The line stays open with the draft, so the user can fix the pattern.
      return patch(state, { editing: true, error: action.error });
    case 'search/cancel':
      return patch(state, { editing: false, error: null });
    case 'search/clear':
      return patch(state, { editing: false, applied: null, error: null, matches: null, current: null });
    case 'search/matches':
      return patch(state, { matches: Object.freeze({ count: action.count, truncated: action.truncated }) });
    case 'search/current':
      return patch(state, { current: Object.freeze({ ...action.current }) });
    default: {
      const unreachable: never = action;
      throw new Error(`unknown search action ${JSON.stringify(unreachable)}`);
    }
  }
}

function patch(state: SearchState, changes: Partial<SearchState>): SearchState {
  for (const key of Object.keys(changes) as Array<keyof SearchState>) {
    if (changes[key] !== state[key]) return Object.freeze({ ...state, ...changes });
  }
  return state;
}
