/** The least the log pane gets, however many processes there are. */
export const MIN_LOG_ROWS = 5;

/** Row budget of one frame. */
export interface Layout {
  /** Height of the whole UI: one less than the terminal, so Ink never falls back to clearing the screen. */
  readonly rootRows: number;
  /** Process rows shown (the list scrolls when there are more). */
  readonly listRows: number;
  /** Lines of the bottom pane under its title rule. */
  readonly paneRows: number;
  readonly searchRows: number;
}

/**
 * Fixed rows: the list header, the pane's title rule and the status bar, plus the search line while it is open.
 * The list gets what it needs unless that would leave the log fewer than {@link MIN_LOG_ROWS} rows.
 */
export function computeLayout(terminalRows: number, processCount: number, searchOpen: boolean): Layout {
  const rootRows = Math.max(4, terminalRows - 1);
  const searchRows = searchOpen ? 1 : 0;
  const free = Math.max(2, rootRows - 3 - searchRows);
  const listRows = Math.max(1, Math.min(processCount, free - MIN_LOG_ROWS));
  const paneRows = Math.max(1, free - listRows);
  return { rootRows, listRows, paneRows, searchRows };
}

/** First row of a scrolling list of `count` rows showing `visible`, keeping `selected` in the middle. */
export function listStart(selected: number, count: number, visible: number): number {
  if (count <= visible) return 0;
  return Math.min(count - visible, Math.max(0, selected - Math.floor(visible / 2)));
}
