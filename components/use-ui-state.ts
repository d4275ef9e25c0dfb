import { useCallback, useRef, useState } from 'react';
import { INITIAL_UI, uiReducer, type UiAction, type UiState } from './ui-state/ui-reducer';

export interface UiStateHandle {
  /** The state of the frame being rendered. */
  readonly ui: UiState;
  readonly dispatch: (action: UiAction) => void;
  /**
   * The state after every action dispatched so far, even before React re-rendered: several keys that arrive in
   * one read are handled one after another, and each must see what the previous one did.
   */
  readonly current: () => UiState;
}

/** The pure UI reducer, held by React, with a synchronous mirror for the keyboard. */
export function useUiState(initialSelection?: string): UiStateHandle {
  const [initial] = useState(() =>
    initialSelection === undefined ? INITIAL_UI : uiReducer(INITIAL_UI, { type: 'select/id', id: initialSelection }),
  );
  const ref = useRef(initial);
  const [ui, setUi] = useState(initial);
  const dispatch = useCallback((action: UiAction) => {
    const next = uiReducer(ref.current, action);
    if (next === ref.current) return;
    ref.current = next;
    setUi(next);
  }, []);
  const current = useCallback(() => ref.current, []);
  return { ui, dispatch, current };
}
