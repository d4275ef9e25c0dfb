import { render, type Instance } from 'ink';
import { Lifecycle } from '../src/runtime/lifecycle';
import type { RunTuiOptions } from '../src/cli/tui-contract';
import { App } from './App';
import { BrumContext } from './brum-context';
import { createQuitChannel } from './quit-requests';
import { TuiErrorBoundary } from './TuiErrorBoundary';


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
    // Only once: a one-shot that already ended would otherwise run a second time.
    if (opts.started !== true) for (const id of opts.startIds) controls.start(id).then(undefined, () => undefined);
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
