/** Which of a child's output streams a line came from. */
export type StreamName = 'stdout' | 'stderr';

/**
 * One line of a child's output, exactly as the child wrote it (ANSI included, no line break).
 * `seq` is global across all processes and strictly increasing, so a reader can resume "after seq S"
 * in a per-process view or in the merged view alike.
 */
export interface LogEntry {
  readonly seq: number;
  readonly proc: string;
  readonly stream: StreamName;
  readonly ts: number;
  readonly text: string;
  /** The line was longer than the line cap: this is one piece of it, and the next piece follows. */
  readonly cut?: boolean;
}

/**
 * Counters a reader can show for one process's log. `dropped` counts lines evicted by the caps, `cleared` lines
 * a user cleared: the view retains `lines - dropped - cleared`.
 */
export interface LogCounters {
  readonly lines: number;
  readonly bytes: number;
  readonly dropped: number;
  readonly cleared: number;
}
