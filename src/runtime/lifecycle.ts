import type { Brum } from './brum';
import type { Reaper } from './reaper';
import { handleSignals, SIGNAL_EXIT_CODES, type HandledSignal } from './signals';

/** How long a shutdown may wait for graceful stops before whatever is left is killed. */
const LAST_RESORT_MS = 15_000;
/** How long to wait for killed groups to be reaped before returning. */
const REAP_WAIT_MS = 3_000;

export interface LifecycleOptions {
  readonly brum: Brum;
  readonly reaper: Reaper | null;
  /** Install SIGINT/SIGTERM/SIGHUP handlers (tests that drive brum in-process turn this off). */
  readonly signals?: boolean;
  /** The first signal: the front end asks for a graceful stop in its own way (a note, a quit request). */
  readonly onSignal: (signal: HandledSignal) => void;
  /** A second signal while stopping: the front end's forced end. Every group is SIGKILLed before this runs. */
  readonly onForce?: () => void;
}

/**
 * The one owner of how a brum run ends, for every front end: the signal handlers (first graceful, second
 * forced), the synchronous exit hook that SIGKILLs every group if brum ends abruptly, and the final shutdown
 * (graceful stop of whatever still runs, SIGKILL of what is left, wait for the reaping, reaper closed). The
 * headless runner and the TUI both install one; the control API will reuse it.
 */
export class Lifecycle {
  /** The first signal received, if any: the exit code then follows it (130 for SIGINT…). */
  signalled: HandledSignal | null = null;
  private readonly uninstallSignals: () => void;
  private readonly killOnExit = (): void => this.opts.brum.supervisor.killAllSync();
  private ended = false;

  constructor(private readonly opts: LifecycleOptions) {
    process.on('exit', this.killOnExit);
    this.uninstallSignals =
      opts.signals === false
        ? () => undefined
        : handleSignals({
            graceful: (signal) => {
              this.signalled = signal;
              opts.onSignal(signal);
            },
            force: () => {
              opts.brum.controls.killAllNow();
              opts.onForce?.();
            },
          });
  }

  /** The code brum ends with: a signal's (as a shell reports it) if one came, else the front end's own. */
  exitCode(code: number): number {
    return this.signalled !== null ? SIGNAL_EXIT_CODES[this.signalled] : code;
  }

  /**
   * Leaves nothing running: a graceful stop if anything is still alive (an exception skipped the normal path),
   * then SIGKILL for what remains, then waits for the groups to be reaped. Idempotent.
   */
  async shutdown(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const { brum, reaper } = this.opts;
    try {
      if (brum.supervisor.activeCount() > 0) await within(brum.controls.stopAll(), LAST_RESORT_MS);
      if (brum.supervisor.liveGroupIds().length > 0) brum.controls.killAllNow();
      await within(brum.supervisor.settled(), REAP_WAIT_MS);
    } finally {
      this.uninstallSignals();
      process.off('exit', this.killOnExit);
      reaper?.close();
    }
  }
}

function within(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([work.then(undefined, () => undefined), timeout]).finally(() => clearTimeout(timer));
}
