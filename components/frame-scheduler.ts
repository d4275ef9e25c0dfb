/** Timer functions, injectable so tests can drive time. */
export interface FrameClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: FrameClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface FrameSchedulerOptions {
  /** Draws one frame (synchronously). */
  readonly render: () => void;
  /** Least time between the starts of two frames (33 ms ≈ 30 fps); asked again for every frame. */
  readonly intervalMs: number | (() => number);
  /**
   * True while the previous frame is still on its way out (the terminal has not drained it). The next frame
   * then waits for `onReady`, so a slow terminal gets fewer frames instead of an ever-growing backlog.
   */
  readonly busy?: () => boolean;
  /** Calls `resume` once when no longer busy; returns a canceller. */
  readonly onReady?: (resume: () => void) => () => void;
  readonly clock?: FrameClock;
}

/**
 * Turns any number of change notifications into frames: at most one frame in flight and one pending, with at
 * least `intervalMs` between frames. A request while one is pending is absorbed by it, which is how a flood of
 * store updates becomes ~30 renders a second. Nothing runs when nothing is requested.
 */
export class FrameScheduler {
  private readonly clock: FrameClock;
  private pending = false;
  private timer: unknown = null;
  private cancelReady: (() => void) | null = null;
  private lastStart = -Infinity;
  /** When the pending frame's timer fires. */
  private due = Infinity;
  private disposed = false;
  /** Frames drawn so far, for tests and benchmarks. */
  frames = 0;

  constructor(private readonly opts: FrameSchedulerOptions) {
    this.clock = opts.clock ?? REAL_CLOCK;
  }

  /**
   * Asks for a frame. While one is pending, a request whose interval is now shorter (the state turned urgent,
   * say a process exited during a flood) pulls it forward; a longer one never pushes it back.
   */
  request(): void {
    if (this.disposed) return;
    const interval = typeof this.opts.intervalMs === 'number' ? this.opts.intervalMs : this.opts.intervalMs();
    const due = this.lastStart + interval;
    if (this.pending) {
      // Waiting for the terminal to drain (no timer) is left alone: drawing sooner would only queue up.
      if (this.timer !== null && due < this.due) {
        this.clock.clearTimeout(this.timer);
        this.schedule(due);
      }
      return;
    }
    this.pending = true;
    this.schedule(due);
  }

  private schedule(due: number): void {
    const now = this.clock.now();
    this.due = Math.max(now, due);
    this.timer = this.clock.setTimeout(this.fire, this.due - now);
  }

  dispose(): void {
    this.disposed = true;
    this.pending = false;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.cancelReady?.();
    this.cancelReady = null;
  }

  private readonly fire = (): void => {
    this.timer = null;
    this.due = Infinity;
    if (this.disposed) return;
    if (this.opts.busy?.() && this.opts.onReady) {
      this.cancelReady = this.opts.onReady(() => {
        this.cancelReady = null;
        this.fire();
      });
      return;
    }
    // Cleared before drawing: a change made while drawing must get a frame of its own.
    this.pending = false;
    this.lastStart = this.clock.now();
    this.frames++;
    this.opts.render();
  };
}
