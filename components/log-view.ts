import type { LogEntry } from '../src/logs/log-entry';
import type { LogStore } from '../src/logs/log-store';
import { effectiveOffset, newLinesSincePause, type ScrollState } from './ui-state/scroll';

/** What the log pane shows in one frame: only the visible window, never the buffer. */
export interface LogViewModel {
  /** The process whose log this is, or `null` for the merged view. */
  readonly view: string | null;
  readonly entries: readonly LogEntry[];
  /** Lines the view retains. */
  readonly total: number;
  /** Lines ever appended to the view: the counter scroll offsets are compensated with. */
  readonly lines: number;
  /** The offset used, after clamping. */
  readonly offset: number;
  readonly follow: boolean;
  /** Lines that arrived since following stopped. */
  readonly newLines: number;
}

export function readLogView(logs: LogStore, view: string | null, scroll: ScrollState, rows: number): LogViewModel {
  const lines = logs.counters(view).lines;
  const window = logs.window(view, effectiveOffset(scroll, lines), rows);
  return {
    view,
    entries: window.entries,
    total: window.total,
    lines,
    offset: window.offsetFromEnd,
    follow: scroll.follow,
    newLines: newLinesSincePause(scroll, lines),
  };
}
