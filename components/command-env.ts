import type { LogStore } from '../src/logs/log-store';
import type { BrumState } from '../src/state/store';
import type { Controls } from '../src/runtime/controls';
import type { UiAction, UiState } from './ui-state/ui-reducer';

/** What the log pane shows now, as commands need it. */
export interface VisibleLog {
  /** The process of the log pane, or `null` for the merged view. */
  readonly view: string | null;
  readonly topSeq: number | null;
  readonly bottomSeq: number | null;
  /** The offset from the end in effect this frame. */
  readonly offset: number;
}

/** Everything a command may read or do; the keyboard hook builds one per key. */
export interface CommandEnv {
  readonly ui: UiState;
  /** The store's current snapshot (commands act on the truth, not on the last frame). */
  readonly state: BrumState;
  readonly logs: LogStore;
  readonly controls: Controls;
  readonly dispatch: (action: UiAction) => void;
  /** Log rows on screen, for paging and centring. */
  readonly logRows: number;
  readonly visible: VisibleLog;
  /** Ends the TUI with this exit code; only `runTui` acts on it. */
  readonly exit: (code: number) => void;
}

/** Exit code of a quit forced with a second Ctrl-C, as a shell reports an interrupt. */
export const FORCED_EXIT_CODE = 130;
