import type { LineBlock } from '../logs/line-block';
import type { StreamName } from '../logs/log-entry';

/** How to launch one process: either a program with arguments, or a shell command line. */
export type Launch =
  | { readonly kind: 'file'; readonly file: string; readonly args: readonly string[] }
  | { readonly kind: 'shell'; readonly command: string };

/** Everything the supervisor needs to run one process. `command` is only for display. */
export interface ProcessDef {
  readonly id: string;
  readonly name: string;
  readonly command: string;
  readonly cwd: string;
  readonly launch: Launch;
  readonly env?: Readonly<Record<string, string>>;
}

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
