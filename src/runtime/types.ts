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
 * Where whole lines go. `line` is called for every line in order per stream; `flush` after each chunk's lines,
 * which is where a writer issues one write for the batch instead of one per line.
 */
export interface OutputSink {
  line(proc: string, stream: StreamName, text: string, cut: boolean): void;
  flush(): void;
  /** A stream of `proc` ended: every line of it has been delivered. */
  streamEnded?(proc: string, stream: StreamName): void;
}
