import { useInput, type Key } from 'ink';
import { useCallback } from 'react';
import { charName, routeKey } from './key-router';
import { keyName, type Command } from './keymap';
import type { UiAction, UiState } from './ui-state/ui-reducer';

/** Keys → keymap → commands, for as long as the component is mounted. */
export function useKeyboard(run: (command: Command) => void, currentUi: () => UiState, dispatch: (action: UiAction) => void): void {
  const onInput = useCallback(
    (input: string, key: Key) => {
      const name = keyName(input, key);
      // Several keys in one read (key repeat under load, a paste) come as one string: take them one by one.
      const keys = name !== null ? [{ name, text: input }] : [...input].map((ch) => ({ name: charName(ch), text: ch }));
      for (const k of keys) {
        const outcome = routeKey(k.name, k.text, currentUi());
        if (outcome.kind === 'command') run(outcome.command);
        else if (outcome.kind === 'action') dispatch(outcome.action);
      }
    },
    [run, currentUi, dispatch],
  );
  useInput(onInput);
}
