import type { LogStore } from '../src/logs/log-store';

/** Where a line sits in a view: `offset` lines are newer than it. `exact` is false when it is gone. */
export interface LineOffset {
  readonly offset: number;
  readonly exact: boolean;
}

/**
 * The offset from the end of the line with `seq` in a view, by binary search over one-line windows: seqs grow
 * with position, and a window read is cheap, so this costs O(log n) reads and copies nothing. When the line is
 * no longer retained, the nearest older retained line is used (or the oldest line). `null` for an empty view.
 */
export function offsetOfSeq(logs: LogStore, view: string | null, seq: number): LineOffset | null {
  const total = logs.size(view);
  if (total === 0) return null;
  const seqAt = (offset: number): number => logs.window(view, offset, 1).entries[0]?.seq ?? -Infinity;
  // Smallest offset whose line is not newer than `seq`.
  let lo = 0;
  let hi = total - 1;
  if (seqAt(hi) > seq) return { offset: hi, exact: false };
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (seqAt(mid) <= seq) hi = mid;
    else lo = mid + 1;
  }
  return { offset: lo, exact: seqAt(lo) === seq };
}

/**
 * The scroll offset that shows the line `target` lines up from the end. A line already on screen does not move
 * the view; any other is put in the middle, so there is context on both sides.
 */
export function revealOffset(current: number, target: number, rows: number): number {
  if (target >= current && target < current + rows) return current;
  return Math.max(0, target - Math.floor(rows / 2));
}
