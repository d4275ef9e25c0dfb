import { describe, expect, it } from 'vitest';
import { FrameScheduler, type FrameClock } from '../components/frame-scheduler';
import { FLOOD_INTERVAL_MS, FLOOD_LINES_PER_FRAME, frameInterval } from '../components/use-frame';
import { createBrumStore, type BrumState } from '../src/state/store';

/** A hand-driven clock: timers fire only when the test advances time. */
function manualClock(): FrameClock & { advance(ms: number): void; pending(): number } {
  let now = 1000;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.id !== handle);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = until;
    },
    pending: () => timers.length,
  };
}

describe('FrameScheduler: many updates, few frames', () => {
  it('turns a burst of requests into one frame', () => {
    // Given a scheduler / When 1000 updates arrive at once
    const clock = manualClock();
    let frames = 0;
    const s = new FrameScheduler({ render: () => frames++, intervalMs: 33, clock });
    for (let i = 0; i < 1000; i++) s.request();
    clock.advance(0);
    // Then exactly one frame is drawn
    expect(frames).toBe(1);
  });

  it('caps the rate: a steady stream of updates draws at most one frame per interval', () => {
    const clock = manualClock();
    let frames = 0;
    const s = new FrameScheduler({ render: () => frames++, intervalMs: 33, clock });
    for (let t = 0; t < 1000; t++) {
      s.request();
      clock.advance(1);
    }
    // 1000 ms of updates every millisecond: ~30 frames, not 1000
    expect(frames).toBeGreaterThanOrEqual(29);
    expect(frames).toBeLessThanOrEqual(31);
  });

  it('does nothing at all while nothing is requested', () => {
    const clock = manualClock();
    let frames = 0;
    new FrameScheduler({ render: () => frames++, intervalMs: 33, clock });
    clock.advance(10_000);
    expect(frames).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('a change made while drawing gets a frame of its own', () => {
    const clock = manualClock();
    let frames = 0;
    const s: FrameScheduler = new FrameScheduler({
      render: () => {
        frames++;
        if (frames === 1) s.request();
      },
      intervalMs: 33,
      clock,
    });
    s.request();
    clock.advance(0);
    expect(frames).toBe(1);
    clock.advance(33);
    expect(frames).toBe(2);
  });

  it('waits while the terminal is still draining the previous frame', () => {
    const clock = manualClock();
    let frames = 0;
    let busy = true;
    let resume: (() => void) | null = null;
    const s = new FrameScheduler({
      render: () => frames++,
      intervalMs: 33,
      clock,
      busy: () => busy,
      onReady: (r) => {
        resume = r;
        return () => (resume = null);
      },
    });
    s.request();
    clock.advance(100);
    expect(frames).toBe(0);
    busy = false;
    (resume as (() => void) | null)?.();
    expect(frames).toBe(1);
  });

  it('dispose cancels the pending frame', () => {
    const clock = manualClock();
    let frames = 0;
    const s = new FrameScheduler({ render: () => frames++, intervalMs: 33, clock });
    s.request();
    s.dispose();
    s.request();
    clock.advance(100);
    expect(frames).toBe(0);
  });

  it('asks for the interval before every frame, so a flood can be drawn less often', () => {
    // Given an interval that is long while lines pour in and short once they stop
    const clock = manualClock();
    const starts: number[] = [];
    let flooding = true;
    const s = new FrameScheduler({ render: () => starts.push(clock.now()), intervalMs: () => (flooding ? 100 : 33), clock });
    s.request();
    clock.advance(0);
    // When updates keep coming during the flood
    s.request();
    clock.advance(99);
    expect(starts).toHaveLength(1);
    clock.advance(1);
    // Then frames are 100 ms apart, and 33 ms apart again once it is over
    expect(starts).toEqual([1000, 1100]);
    flooding = false;
    s.request();
    clock.advance(33);
    expect(starts).toEqual([1000, 1100, 1133]);
  });

  it('pulls a pending flood frame forward when the state turns urgent, and never pushes one back', () => {
    // Given a frame pending at the flood pace (100 ms)
    const clock = manualClock();
    const starts: number[] = [];
    let interval = 100;
    const s = new FrameScheduler({ render: () => starts.push(clock.now()), intervalMs: () => interval, clock });
    s.request();
    clock.advance(0);
    s.request();
    clock.advance(10);
    // When something urgent happens (a process exits): the interval drops to 33 ms
    interval = 33;
    s.request();
    // Then the frame comes 33 ms after the last one, not 100
    clock.advance(22);
    expect(starts).toEqual([1000]);
    clock.advance(1);
    expect(starts).toEqual([1000, 1033]);
    // And a later, longer interval does not delay a frame that is already due sooner
    s.request();
    interval = 500;
    s.request();
    clock.advance(33);
    expect(starts).toEqual([1000, 1033, 1066]);
    expect(clock.pending()).toBe(0);
  });
});

describe('frameInterval: the pace useFrame asks the scheduler for', () => {
  const base = createBrumStore([{ id: 'web', name: 'web', command: 'x', cwd: '/' }]).getState();
  const at = (lastSeq: number, logsFlowing: boolean, processes = base.processes): BrumState => ({ ...base, lastSeq, logsFlowing, processes });

  it('slows to the flood pace only while output floods in and nothing else changed', () => {
    expect(frameInterval(at(FLOOD_LINES_PER_FRAME + 1, true), at(0, true), 33)).toBe(FLOOD_INTERVAL_MS);
    // Few lines since the last frame: the normal pace
    expect(frameInterval(at(FLOOD_LINES_PER_FRAME, true), at(0, true), 33)).toBe(33);
    // The output paused: its end is drawn at the normal pace, however many lines came
    expect(frameInterval(at(50_000, false), at(0, true), 33)).toBe(33);
    // A process changed: news, drawn at the normal pace mid-flood
    expect(frameInterval(at(50_000, true, { ...base.processes }), at(0, true), 33)).toBe(33);
  });
});
