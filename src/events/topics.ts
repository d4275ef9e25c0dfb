/** Where in a source file a detected error points. */
export interface SourceLocation {
  file: string;
  line?: number;
  col?: number;
}

/** Published by the bus itself when a handler throws or rejects. */
export interface BusErrorPayload {
  topic: string;
  error: unknown;
}

/**
 * Topics the bus always carries, whatever the caller's map: handler failures are reported here.
 * A type alias rather than an interface so it satisfies `Record<string, unknown>`.
 */
export type BusTopics = {
  'bus.error': BusErrorPayload;
};

/** A batch of lines appended to one process's log: seqs are inclusive and global (see LogEntry.seq). */
export interface LogsAppended {
  proc: string;
  fromSeq: number;
  toSeq: number;
  count: number;
}

/** The topics brum publishes. */
export type BrumTopics = BusTopics & {
  'process.changed': { id: string };
  'logs.appended': LogsAppended;
  'error.detected': { proc: string; seq: number; message: string; location?: SourceLocation };
  'url.detected': { proc: string; url: string };
};

/**
 * Merges two notices for the same process into one covering both, so a keyed batcher can turn a burst
 * of appends into a single `logs.appended` per process per flush.
 */
export function mergeLogsAppended(prev: LogsAppended | undefined, next: LogsAppended): LogsAppended {
  if (prev === undefined) return next;
  return {
    proc: next.proc,
    fromSeq: Math.min(prev.fromSeq, next.fromSeq),
    toSeq: Math.max(prev.toSeq, next.toSeq),
    count: prev.count + next.count,
  };
}
