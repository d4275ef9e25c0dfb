import { useCallback, useLayoutEffect, useRef } from 'react';
import type { Brum } from '../src/runtime/brum';
import type { CommandEnv, VisibleLog } from './command-env';
import { runCommand } from './commands';
import type { Command } from './keymap';
import { effectiveOffset } from './ui-state/scroll';
import { selectedId } from './ui-state/selection';
import type { UiAction, UiState } from './ui-state/ui-reducer';

/** The parts of a command's environment that come from the last rendered frame. */
export type FrameInputs = Pick<CommandEnv, 'controls' | 'exit' | 'logRows' | 'visible'>;

/**
 * A stable function that runs a command against the latest state: the store's snapshot now, the UI state after
 * every action so far, and the layout of the last frame.
 */
export function useCommandRunner(
  brum: Brum,
  dispatch: (action: UiAction) => void,
  currentUi: () => UiState,
  inputs: FrameInputs,
): (command: Command) => void {
  const latest = useRef(inputs);
  useLayoutEffect(() => {
    latest.current = inputs;
  });
  return useCallback(
    (command: Command) => {
      const ui = currentUi();
      const state = brum.store.getState();
      const frame = latest.current;
      runCommand(command, { ...frame, ui, state, logs: brum.logs, dispatch, visible: visibleNow(brum, ui, state.order, frame.visible) });
    },
    [brum, dispatch, currentUi],
  );
}

/**
 * Which log the pane shows follows from the UI state, which may be ahead of the last frame (keys that arrive
 * together are handled before React draws again). The frame's edges are used only when it showed that log.
 */
function visibleNow(brum: Brum, ui: UiState, order: readonly string[], drawn: VisibleLog): VisibleLog {
  const view = ui.view.merged ? null : selectedId(ui.selection, order);
  if (view === drawn.view) return drawn;
  return { view, topSeq: null, bottomSeq: null, offset: effectiveOffset(ui.scroll, brum.logs.counters(view).lines) };
}
