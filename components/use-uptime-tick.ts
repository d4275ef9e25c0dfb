import { useEffect, useState } from 'react';
import { msUntilUptimeChanges } from './format';

/**
 * Re-renders exactly when a shown uptime changes: one timer, set for the earliest such moment among the
 * running processes (`startTimes`). Nothing is scheduled when nothing runs, so an idle brum does no work at all.
 * Returns the tick count, which only serves to change.
 */
export function useUptimeTick(startTimes: readonly number[], clock: () => number): number {
  const [tick, setTick] = useState(0);
  const key = startTimes.join(',');
  useEffect(() => {
    if (startTimes.length === 0) return undefined;
    const now = clock();
    const wait = Math.min(...startTimes.map((start) => msUntilUptimeChanges(now - start)));
    // A few ms late rather than early, so the frame lands after the boundary, not just before it.
    const timer = setTimeout(() => setTick((t) => t + 1), wait + 5);
    return () => clearTimeout(timer);
    // `key` stands for `startTimes` (a new array each frame); `tick` re-arms the timer after each tick.
  }, [key, tick, clock]);
  return tick;
}
