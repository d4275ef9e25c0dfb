/** Time as the trigger sees it; a spec passes a fake whose delays resolve when it says. */
export interface TriggerClock {
  now(): number;
  delay(ms: number): Promise<void>;
}

export type WatchState = 'on' | 'paused' | 'suspended';

export interface WatchTriggerOptions {
  readonly debounceMs: number;
  /** More restarts than this within a minute suspends the watch (a restart loop, e.g. a process writing what it watches). */
  readonly flapLimit?: number;
  readonly clock: TriggerClock;
  /**
   * Runs one restart; the trigger never runs two at once. It may resolve with the moment (on `clock`) the new
   * process was spawned: changes from before that moment are already in what it read, so they restart nothing more.
   */
  readonly restart: (trigger: string) => Promise<number | void>;
  /** Told whenever the watch is paused, resumed or suspended (with why). */
  readonly onState?: (state: WatchState, reason: string | null) => void;
}

export const DEFAULT_FLAP_LIMIT = 10;
const FLAP_WINDOW_MS = 60_000;

/**
 * Turns file changes into restarts, the way a coalescing uploader turns edits into uploads: a burst of changes
 * (save-all, a branch switch, a formatter) is one restart after a trailing debounce; while a restart is in flight,
 * further changes mark one pending restart, never a queue. Each restart says which files caused it.
 */
export class WatchTrigger {
  /** Each changed file, with when its latest change came. */
  private readonly changed = new Map<string, number>();
  private token = 0;
  private inFlight = false;
  private pendingAfter = false;
  private readonly history: number[] = [];
  private state: WatchState = 'on';

  constructor(private readonly opts: WatchTriggerOptions) {}

  get current(): WatchState {
    return this.state;
  }

  /** A file changed (a path as the user should read it, e.g. relative to the project). */
  change(file: string): void {
    if (this.state !== 'on') return;
    // A file already there keeps its place (the restart names the first), with the time of its latest change.
    this.changed.set(file, this.opts.clock.now());
    const token = ++this.token;
    void this.opts.clock.delay(this.opts.debounceMs).then(() => {
      if (token === this.token) void this.flush();
    });
  }

  pause(): void {
    this.setState('paused', null);
  }

  /** Resumes a paused or suspended watch, with a clean slate: the flap history and unflushed changes go. */
  resume(): void {
    this.history.length = 0;
    this.changed.clear();
    this.token++;
    this.setState('on', null);
  }

  /** Stops for good: a pending debounce never fires. */
  close(): void {
    this.token++;
    this.changed.clear();
    this.state = 'paused';
  }

  private async flush(): Promise<void> {
    if (this.changed.size === 0 || this.state !== 'on') return;
    if (this.inFlight) {
      this.pendingAfter = true;
      return;
    }
    const now = this.opts.clock.now();
    while (this.history.length > 0 && (this.history[0] ?? 0) <= now - FLAP_WINDOW_MS) this.history.shift();
    const limit = this.opts.flapLimit ?? DEFAULT_FLAP_LIMIT;
    if (this.history.length >= limit) {
      this.changed.clear();
      this.setState('suspended', `watch suspended: ${limit} restarts within a minute`);
      return;
    }
    const files = [...this.changed.keys()];
    this.changed.clear();
    this.history.push(now);
    this.inFlight = true;
    let spawnedAt: number | void;
    try {
      spawnedAt = await this.opts.restart(describeChanges(files));
    } finally {
      this.inFlight = false;
    }
    // A save seen while the old process was still stopping (or a second event for the same save) came before the
    // new process started, which read the files as they are now: restarting again would only repeat that.
    if (typeof spawnedAt === 'number') for (const [file, at] of this.changed) if (at <= spawnedAt) this.changed.delete(file);
    if (this.changed.size === 0) this.pendingAfter = false;
    if (this.pendingAfter) {
      this.pendingAfter = false;
      await this.flush();
    }
  }

  private setState(state: WatchState, reason: string | null): void {
    this.state = state;
    this.opts.onState?.(state, reason);
  }
}

/** "src/routes/users.ts changed (+3 more)": the first file, and how many others came with it. */
export function describeChanges(files: readonly string[]): string {
  const [first] = files;
  if (first === undefined) return 'files changed';
  return files.length === 1 ? `${first} changed` : `${first} changed (+${files.length - 1} more)`;
}
