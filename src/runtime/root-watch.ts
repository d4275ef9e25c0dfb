import { statSync, watch as fsWatch, type FSWatcher as NodeFSWatcher, type Stats } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { describeError } from './watch-errors';
import { isWithin, type WatchRules } from './watch-ignores';

export type FileChangeKind = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';

export interface FileChange {
  /** Absolute. */
  readonly path: string;
  readonly kind: FileChangeKind;
}

/**
 * One watched path. While it exists, a chokidar instance of its own watches it; a plain fs.watch on the folder
 * above (the guard) sees it deleted, made again, or made for the first time. One instance per path because
 * chokidar cannot be trusted with these cases: it never watches again a folder deleted and made again, and a missing
 * path counts twice towards its 'ready', which then fires before the other paths of the instance are watched.
 */
export class RootWatch {
  private live: Live | null = null;
  private guard: { readonly dir: string; readonly watch: NodeFSWatcher } | null = null;
  private closed = false;

  constructor(
    private readonly target: string,
    private readonly rules: WatchRules,
    private readonly emit: (change: FileChange) => void,
    private readonly report: (message: string) => void,
    private readonly guarded: boolean,
  ) {}

  /** Resolves once the path is watched (at once if it is missing: the guard is then what watches it). */
  start(): Promise<void> {
    const stats = statOrNull(this.target);
    const ready = stats ? this.goLive(stats) : Promise.resolve();
    this.check(false);
    return ready;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.guard?.watch.close();
    this.guard = null;
    await this.stopLive();
  }

  /**
   * Brings the watch in line with the file system, then keeps the guard on the nearest folder that exists.
   * `renamed`: the guard saw the path's own entry made or removed, so a folder there now is a new one.
   */
  private check(renamed: boolean): void {
    // Guard first, then look, so that nothing made in between goes unseen; a guard that moved means look again.
    for (let round = 0; round < 32 && !this.closed; round++) {
      this.reconcile(renamed);
      if (!this.moveGuard()) return;
    }
  }

  private reconcile(renamed: boolean): void {
    const stats = statOrNull(this.target);
    const live = this.live;
    if (live && !stats) {
      // Deleted. chokidar may not have said so yet (it holds an unlink back 100 ms to spot an editor's save).
      void this.stopLive();
      if (!live.gone) this.emit({ path: this.target, kind: live.isDir ? 'unlinkDir' : 'unlink' });
    } else if (live && stats && (live.isDir || stats.isDirectory()) && isNewFolder(live, stats, renamed)) {
      // A folder deleted and made again between two looks: chokidar's watches are on the old one.
      void this.stopLive();
      void this.goLive(stats);
      this.emit({ path: this.target, kind: stats.isDirectory() ? 'addDir' : 'add' });
    } else if (!live && stats) {
      void this.goLive(stats);
      this.emit({ path: this.target, kind: stats.isDirectory() ? 'addDir' : 'add' });
    }
    // A file whose inode changed is an editor's rename-save: chokidar re-watches it and reports the change itself.
  }

  /** Puts the guard on the nearest existing folder above the path; `true` if it moved. */
  private moveGuard(): boolean {
    const dir = this.guarded ? nearestExistingAbove(this.target) : null;
    if (dir === null || this.guard?.dir === dir) return false;
    this.guard?.watch.close();
    this.guard = null;
    try {
      const name = path.basename(this.target);
      // Only the path's own entry counts as renamed: the guard's folder may hold others (it is the project root for
      // `src`), and an event names the entry in the guard's folder, so deeper missing paths just look again.
      const guard = fsWatch(dir, (event, file) => this.check(event === 'rename' && file === name));
      guard.on('error', (error) => {
        this.report(describeError(error));
        if (this.guard?.watch === guard) this.guard = null;
        guard.close();
      });
      this.guard = { dir, watch: guard };
      return true;
    } catch (error) {
      this.report(describeError(error));
      return false;
    }
  }

  private goLive(stats: Stats): Promise<void> {
    const target = this.target;
    let watcher: FSWatcher;
    try {
      watcher = this.startChokidar();
    } catch (error) {
      this.report(describeError(error));
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      // `release` also settles the promise when the instance stops before its scan ends: nobody should wait on it.
      const { ino, birthtimeMs: birthMs } = stats;
      const live: Live = { watcher, ino, birthMs, isDir: stats.isDirectory(), gone: false, release: resolve, looks: new Map(), reported: new Map() };
      this.live = live;
      this.keepLateChanges(live);
      watcher.once('ready', () => resolve());
      // A listener must always be present: an 'error' event without one is thrown, and would crash brum.
      watcher.on('error', (error: unknown) => this.report(describeError(error)));
      watcher.on('all', (event, changed, fileStats) => {
        const kind = changeKind(event);
        if (kind === null || this.live !== live || this.closed) return;
        if (changed === target && (kind === 'unlink' || kind === 'unlinkDir')) live.gone = true;
        this.reportFile(live, changed, kind, fileStats);
      });
    });
  }

  /**
   * chokidar drops a second change to a file within 50 ms of the one it reported (and a second OS event within
   * 5 ms) and never reports it later, so a save right after another was lost. Each dropped one now schedules a look
   * at the file when the window ends, which reports a change if the file differs from what was last reported.
   */
  private keepLateChanges(live: Live): void {
    const watcher = live.watcher;
    const throttle = watcher._throttle.bind(watcher);
    watcher._throttle = (type, p, timeoutMs) => {
      const kept = throttle(type, p, timeoutMs);
      if (kept === false && (type === 'change' || type === 'watch') && !live.looks.has(p)) {
        const look = setTimeout(() => {
          live.looks.delete(p);
          const now = this.live === live && !this.closed ? statOrNull(p) : null;
          if (now?.isFile()) this.reportFile(live, p, 'change', now);
        }, timeoutMs + 1);
        live.looks.set(p, look);
      }
      return kept;
    };
  }

  /** Reports a change; a `change` whose file looks as it did at the last report (one write seen twice) is dropped. */
  private reportFile(live: Live, p: string, kind: FileChangeKind, stats: Stats | undefined): void {
    if (stats && (kind === 'add' || kind === 'change')) {
      const looks = `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
      if (kind === 'change' && live.reported.get(p) === looks) return;
      // Bounded: forgetting only costs one duplicate report.
      if (live.reported.size >= 10_000) live.reported.clear();
      live.reported.set(p, looks);
    }
    this.emit({ path: p, kind });
  }

  private startChokidar(): FSWatcher {
    const target = this.target;
    return watch(target, {
      // Paths below a deeper watched path belong to that one's instance, so no change is reported twice.
      ignored: (p: string, s?: Stats) =>
        p !== target && isWithin(target, p) && (this.rules.ownerOf(p) !== target || this.rules.ignores(p, s ? s.isDirectory() : undefined)),
      // Only what changes after the start; the scan itself is not news.
      ignoreInitial: true,
      // No awaitWriteFinish: it polls every written file until its size holds still (≥ 100 ms more per save); the
      // watch policy's trailing debounce already merges a burst of writes into one restart. `atomic` (the default,
      // 100 ms) stays: an editor's write-to-temp-then-rename save is one `change`, not `unlink` then `add`.
    });
  }

  private async stopLive(): Promise<void> {
    const live = this.live;
    if (!live) return;
    this.live = null;
    live.release();
    for (const look of live.looks.values()) clearTimeout(look);
    try {
      await live.watcher.close();
    } catch (error) {
      this.report(describeError(error));
    }
  }
}

interface Live {
  readonly watcher: FSWatcher;
  readonly ino: number;
  /** 0 where the file system keeps no birth time. */
  readonly birthMs: number;
  readonly isDir: boolean;
  /** chokidar has already reported the watched path itself deleted. */
  gone: boolean;
  readonly release: () => void;
  /** Pending looks at files whose change chokidar dropped (keepLateChanges). */
  readonly looks: Map<string, NodeJS.Timeout>;
  /** Inode, size and mtime of each file at its last report. */
  readonly reported: Map<string, string>;
}

/**
 * A folder made again often gets the inode number just freed, so the birth time tells them apart; where there is
 * none, every make or remove the guard saw counts as new (a spare rescan, and `addDir` reported twice).
 */
function isNewFolder(live: Live, stats: Stats, renamed: boolean): boolean {
  if (stats.ino !== live.ino || stats.isDirectory() !== live.isDir) return true;
  return renamed && (stats.birthtimeMs === 0 || stats.birthtimeMs !== live.birthMs);
}

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

/** The nearest existing folder strictly above `p`; null above the file-system root. */
function nearestExistingAbove(p: string): string | null {
  let dir = path.dirname(p);
  if (dir === p) return null;
  while (statOrNull(dir) === null && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** chokidar's 'all' carries only these five, but its type names every event it has. */
function changeKind(event: string): FileChangeKind | null {
  switch (event) {
    case 'add':
    case 'change':
    case 'unlink':
    case 'addDir':
    case 'unlinkDir':
      return event;
    default:
      return null;
  }
}
