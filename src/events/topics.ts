import type { ProcessStatus } from '../state/process-state';
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

/**
 * One lifecycle transition of one process, as the store applied it. Published for every transition, in order,
 * and never dropped (the topic blocks when the bus is full): policies (kill-others, success, restart…) decide on
 * these, and a missed `exited` would be a wrong decision.
 */
export interface ProcessTransition {
  id: string;
  from: ProcessStatus;
  to: ProcessStatus;
  at: number;
  /** Why a process failed (`exited with code 1`, `command not found: x`), else null. */
  reason: string | null;
}

/** The topics brum publishes. */
export type BrumTopics = BusTopics & {
  'process.transition': ProcessTransition;
  'logs.appended': LogsAppended;
  'error.detected': { proc: string; seq: number; message: string; location?: SourceLocation };
  'url.detected': { proc: string; url: string };
};
