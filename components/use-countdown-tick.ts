import { useEffect, useState } from 'react';
import type { ProcessState } from '../src/state/process-state';
import { nextCountdownFrame } from './row-note';

/**
 * Re-renders when a restart countdown's text changes (every tenth of a second while a process waits out its
 * backoff), and never otherwise: with nothing restarting, no timer is set.
 */
export function useCountdownTick(procs: readonly ProcessState[], clock: () => number): number {
  const [tick, setTick] = useState(0);
  const now = clock();
  const next = nextCountdownFrame(procs, now);
  useEffect(() => {
    if (next === null) return undefined;
    const timer = setTimeout(() => setTick((t) => t + 1), Math.max(1, next - clock()) + 1);
    return () => clearTimeout(timer);
  }, [next, tick, clock]);
  return tick;
}
