import { render, type Instance } from 'ink';
import { handleSignals, SIGNAL_EXIT_CODES, type HandledSignal } from '../src/cli/signals';
import type { Brum } from '../src/runtime/brum';
import { App } from './App';
import { BrumContext } from './brum-context';
import { controlsFromSupervisor } from './process-controls';
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
  /**
   * Ink's incremental rendering (rewrite only changed lines). Off by default: in ink 6.8 it moves the cursor up
   * one row too few when the frame ends with a newline (always, as the UI is shorter than the terminal), so every
   * frame lands one row lower than the last.
   */
  readonly incrementalRendering?: boolean;
}

/** How long a quit may take in all before whatever is left is killed, if the graceful path did not finish. */
const LAST_RESORT_MS = 15_000;
/** How long to wait for killed groups to be reaped before returning. */
const REAP_WAIT_MS = 3_000;

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
  const controls = controlsFromSupervisor(brum.supervisor, brum.store);
  const quit = createQuitChannel();
  const killOnExit = (): void => brum.supervisor.killAllSync();
  process.on('exit', killOnExit);
  const signalled: { by: HandledSignal | null } = { by: null };
  const uninstallSignals =
    opts.handleSignals === false
      ? () => undefined
      : handleSignals({
          graceful(signal) {
            signalled.by = signal;
            quit.request('graceful');
          },
          force() {
            quit.request('force');
          },
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
    return signalled.by !== null ? SIGNAL_EXIT_CODES[signalled.by] : code;
  } finally {
    instance?.unmount();
    if (altScreen) stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
    uninstallSignals();
    await stopEverything(brum);
    process.off('exit', killOnExit);
  }
}

/** Graceful if anything is still alive (an exception skipped the quit flow), then SIGKILL for what remains. */
async function stopEverything(brum: Brum): Promise<void> {
  const supervisor = brum.supervisor;
  if (supervisor.activeCount() > 0) await within(supervisor.stopAll(), LAST_RESORT_MS);
  if (supervisor.liveGroupIds().length > 0) supervisor.killAllNow();
  await within(supervisor.settled(), REAP_WAIT_MS);
}

function within(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([work.then(undefined, () => undefined), timeout]).finally(() => clearTimeout(timer));
}
