import type { Brum } from '../runtime/brum';
import type { Reaper } from '../runtime/reaper';

// What the CLI and the TUI bundle agree on. The CLI loads the TUI lazily (dist/tui.cjs, only for a terminal) and
// must not import components/, not even for types, so the contract lives here and components/ implements it.

/** How `brum` runs the TUI. */
export interface RunTuiOptions {
  readonly brum: Brum;
  /** Shown over the process names: the project's name. */
  readonly title: string;
  /** Processes to start as soon as the UI is up. */
  readonly startIds: readonly string[];
  /** The caller started `startIds` already (before loading the UI): they are only selected, not started again. */
  readonly started?: boolean;
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  readonly color: boolean;
  /** Handle SIGINT/SIGTERM/SIGHUP like `q` (a second one forces). On by default; tests turn it off. */
  readonly handleSignals?: boolean;
  /** Closed once everything is down (the Lifecycle owns it from here). */
  readonly reaper?: Reaper | null;
  /**
   * Ink's incremental rendering (rewrite only changed lines). Off by default: in ink 6.8 it moves the cursor up
   * one row too few when the frame ends with a newline (always, as the UI is shorter than the terminal), so every
   * frame lands one row lower than the last.
   */
  readonly incrementalRendering?: boolean;
}

/** What the TUI bundle (components/tui-bundle.ts) exports. */
export interface TuiModule {
  /** Runs the TUI until the user quits; resolves with the exit code. */
  readonly runTui: (opts: RunTuiOptions) => Promise<number>;
  /** Readies Ink's layout engine, which the bundle loads after itself (components/ink-output/yoga-deferred.ts). */
  readonly loadLayoutEngine: () => Promise<void>;
}

/** How `brum mcp` is run (src/mcp), as the launcher loads it: only for that command. */
export interface McpRunOptions {
  readonly cwd: string;
  readonly file?: string;
  readonly http?: number;
}

/** What the MCP bundle (src/mcp/mcp-bundle.ts) exports. */
export interface McpModule {
  readonly runMcp: (opts: McpRunOptions) => Promise<number>;
}
