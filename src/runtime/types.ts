import type { LineBlock } from '../logs/line-block';
import type { StreamName } from '../logs/log-entry';

export type * from '../defs/process-def';
export { DEPENDENCY_CONDITIONS, RESTART_MODES } from '../defs/process-def';

/**
 * Where whole lines go: one block per chunk of a child's output, in order per stream. Readers do their work
 * per block (one write, one append), which is what keeps a flood cheap.
 */
export interface OutputSink {
  block(proc: string, stream: StreamName, block: LineBlock): void;
  /** A stream of `proc` ended: every line of it has been delivered. */
  streamEnded?(proc: string, stream: StreamName): void;
  /** Whether lines of `proc` holding a URL still interest this reader (absent: they never do). */
  wantsUrls?(proc: string): boolean;
}
