import { render, type Instance } from 'ink';
import type { Brum } from '../src/runtime/brum';
import { Lifecycle } from '../src/runtime/lifecycle';
import type { Reaper } from '../src/runtime/reaper';
import { App } from './App';
import { BrumContext } from './brum-context';
import { createQuitChannel } from './quit-requests';
import { TuiErrorBoundary } from './TuiErrorBoundary';

export interface RunTuiOptions {
  readonly brum: Brum;
  /** Shown over the process names: the project's name. */
  readonly title: string;
  /** Processes to start as soon as the UI is up. */
  readonly startIds: readonly string[];
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

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

/**
 * Runs the TUI until the user quits; resolves with the exit code (0 for a normal quit). The sole owner of the
 * TUI's exit: whatever happens (a quit, a signal, an exception in rendering), the terminal is restored and no
 * process group brum started is left running when this returns or throws.
 */
export async function runTui(opts: RunTuiOptions): Promise<number> {
  const { brum } = opts;
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const controls = brum.controls;
  const quit = createQuitChannel();
  // Signals, the exit hook, kill-now and the final reaping are the Lifecycle's; a signal here is a quit request.
  const lifecycle = new Lifecycle({
    brum,
    reaper: opts.reaper ?? null,
    signals: opts.handleSignals !== false,
    onSignal: () => quit.request('graceful'),
    onForce: () => quit.request('force'),
  });
  const altScreen = stdout.isTTY === true;
  let instance: Instance | undefined;
  try {
    // Children first: a package manager takes a few hundred ms to start its script, which overlaps with the
    // first render instead of following it. A failed start is recorded in the process's state, shown in the list.
    for (const id of opts.startIds) controls.start(id).then(undefined, () => undefined);
    if (altScreen) stdout.write(ENTER_ALT_SCREEN);
    let resolveExit: (code: number) => void = () => undefined;
    let rejectExit: (error: Error) => void = () => undefined;
    const exited = new Promise<number>((resolve, reject) => {
      resolveExit = resolve;
      rejectExit = reject;
    });
    instance = render(
      <TuiErrorBoundary onError={rejectExit}>
        <BrumContext.Provider value={brum}>
          <App
            title={opts.title}
            controls={controls}
            color={opts.color}
            onExit={resolveExit}
            quitRequests={quit}
            {...(opts.startIds[0] !== undefined ? { initialSelection: opts.startIds[0] } : {})}
          />
        </BrumContext.Provider>
      </TuiErrorBoundary>,
      {
        stdout,
        stdin,
        exitOnCtrlC: false,
        patchConsole: false,
        maxFps: 30,
        incrementalRendering: opts.incrementalRendering ?? false,
      },
    );
    // A render error rejects `exited` (our boundary) or Ink's own exit promise; both go through the cleanup below.
    const code = await Promise.race([exited, instance.waitUntilExit().then(() => 0)]);
    return lifecycle.exitCode(code);
  } finally {
    instance?.unmount();
    if (altScreen) stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
    await lifecycle.shutdown();
  }
}
