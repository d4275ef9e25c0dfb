export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

export interface SignalHandlers {
  /** First signal: stop everything gracefully. */
  graceful(signal: HandledSignal): void;
  /** A second SIGINT while stopping: kill at once. */
  force(signal: HandledSignal): void;
}

/** Installs brum's handlers for SIGINT/SIGTERM/SIGHUP. Returns the uninstaller. */
export function handleSignals(handlers: SignalHandlers): () => void {
  let first: HandledSignal | null = null;
  const on = (signal: HandledSignal) => (): void => {
    if (first === null) {
      first = signal;
      handlers.graceful(signal);
    } else {
      handlers.force(first);
    }
  };
  const installed = (Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]).map((sig) => {
    const fn = on(sig);
    process.on(sig, fn);
    return [sig, fn] as const;
  });
  return () => {
    for (const [sig, fn] of installed) process.off(sig, fn);
  };
}
