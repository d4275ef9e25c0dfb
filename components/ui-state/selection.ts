/** Which process the list has selected, by id so that it survives processes being added. */
export interface SelectionState {
  /** `null` until the user moves: the first process is selected then. */
  readonly id: string | null;
}

export type SelectionAction =
  | { readonly type: 'select/prev'; readonly order: readonly string[] }
  | { readonly type: 'select/next'; readonly order: readonly string[] }
  | { readonly type: 'select/first'; readonly order: readonly string[] }
  | { readonly type: 'select/last'; readonly order: readonly string[] }
  | { readonly type: 'select/id'; readonly id: string };

export const INITIAL_SELECTION: SelectionState = Object.freeze({ id: null });

/** The id the list shows as selected: the stored one while it exists, else the first process. */
export function selectedId(state: SelectionState, order: readonly string[]): string | null {
  if (state.id !== null && order.includes(state.id)) return state.id;
  return order[0] ?? null;
}

export function selectionReducer(state: SelectionState, action: SelectionAction): SelectionState {
  switch (action.type) {
    case 'select/prev':
      return move(state, action.order, -1);
    case 'select/next':
      return move(state, action.order, 1);
    case 'select/first':
      return withId(state, action.order[0] ?? null);
    case 'select/last':
      return withId(state, action.order[action.order.length - 1] ?? null);
    case 'select/id':
      return withId(state, action.id);
    default: {
      const unreachable: never = action;
      throw new Error(`unknown selection action ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Moves by `delta`, stopping at the ends (no wrap: holding ↓ should not jump back to the top). */
function move(state: SelectionState, order: readonly string[], delta: number): SelectionState {
  if (order.length === 0) return state;
  const current = selectedId(state, order);
  const at = current === null ? 0 : order.indexOf(current);
  const next = order[Math.min(order.length - 1, Math.max(0, at + delta))] ?? null;
  return next === current ? state : withId(state, next);
}

function withId(state: SelectionState, id: string | null): SelectionState {
  return state.id === id ? state : Object.freeze({ id });
}
