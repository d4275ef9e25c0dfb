import { useStdout } from 'ink';
import { useEffect, useState } from 'react';
import type { BrumState, BrumStore } from '../src/state/store';
import { FrameScheduler } from './frame-scheduler';

/** 30 fps: more is invisible in a terminal and costs CPU the children could use. */
export const FRAME_INTERVAL_MS = 33;
/**
 * While the logs flood (more lines per frame than anyone can read), frames that only bring new lines come at
 * 10 fps: each Ink frame costs several ms of the thread that also reads the children's pipes, and measured
 * under a 1M-line flood, drawing took half of it. Keys are not slowed: they re-render through React state.
 */
export const FLOOD_INTERVAL_MS = 100;
export const FLOOD_LINES_PER_FRAME = 2000;

/**
 * The least time between the frame that drew `drawn` and the next one, which would draw `now`: the flood pace
 * while output floods in and nothing else changed, else `intervalMs`.
 */
export function frameInterval(now: BrumState, drawn: BrumState, intervalMs: number): number {
  // A process that started, exited or failed is news: it is drawn at the normal pace even mid-flood, and as a
  // process's output has all been read before it counts as exited, its last lines come with it. So is the end of
  // a flood: once the output pauses (logsFlowing turns false), its last lines are drawn at once.
  const flooding = now.logsFlowing && now.processes === drawn.processes && now.lastSeq - drawn.lastSeq > FLOOD_LINES_PER_FRAME;
  return flooding ? Math.max(intervalMs, FLOOD_INTERVAL_MS) : intervalMs;
}

/**
 * The snapshot the current frame is drawn from. Store updates only request a frame; the scheduler coalesces them
 * (one frame pending, ≥ 33 ms apart) and waits while the terminal is still draining the previous one. When the
 * store is quiet nothing runs at all.
 */
export function useFrame(store: BrumStore, intervalMs: number = FRAME_INTERVAL_MS): BrumState {
  const { stdout } = useStdout();
  const [snapshot, setSnapshot] = useState(() => store.getState());
  useEffect(() => {
    let drawn = store.getState();
    const scheduler = new FrameScheduler({
      render: () => {
        drawn = store.getState();
        setSnapshot(drawn);
      },
      intervalMs: () => frameInterval(store.getState(), drawn, intervalMs),
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
