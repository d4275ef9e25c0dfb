import { useStdout } from 'ink';
import { useEffect, useState } from 'react';
import type { BrumState, BrumStore } from '../src/state/store';
import { FrameScheduler } from './frame-scheduler';

/** 30 fps: more is invisible in a terminal and costs CPU the children could use. */
export const FRAME_INTERVAL_MS = 33;

/**
 * The snapshot the current frame is drawn from. Store updates only request a frame; the scheduler coalesces them
 * (one frame pending, ≥ 33 ms apart) and waits while the terminal is still draining the previous one. When the
 * store is quiet nothing runs at all.
 */
export function useFrame(store: BrumStore, intervalMs: number = FRAME_INTERVAL_MS): BrumState {
  const { stdout } = useStdout();
  const [snapshot, setSnapshot] = useState(() => store.getState());
  useEffect(() => {
    const scheduler = new FrameScheduler({
      render: () => setSnapshot(store.getState()),
      intervalMs,
      busy: () => stdout.writableNeedDrain === true,
      onReady: (resume) => {
        stdout.once('drain', resume);
        return () => stdout.off('drain', resume);
      },
    });
    const unsubscribe = store.subscribe(() => scheduler.request());
    // The store may have moved between the first render and this subscription.
    scheduler.request();
    return () => {
      unsubscribe();
      scheduler.dispose();
    };
  }, [store, stdout, intervalMs]);
  return snapshot;
}
