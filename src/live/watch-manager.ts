import path from 'node:path';
import type { ProcessDef, WatchSpec } from '../defs/process-def';
import { WatchTrigger, type TriggerClock } from '../policies/watch-trigger';
import type { Brum } from '../runtime/brum';
import { watchFiles, type FileChange, type WatchHandle } from '../runtime/file-watcher';
import { REAL_CLOCK } from '../runtime/process-port';
import { dispatch } from '../state/store';

/** How files are watched: the real watcher, or a spec's stand-in. */
export type WatchFiles = (spec: WatchSpec, root: string, onChange: (c: FileChange) => void, onError: (message: string) => void) => WatchHandle;

export interface WatchManagerOptions {
  /** The project's folder: paths in messages are relative to it, and its .gitignore applies. */
  readonly root: string;
  readonly clock?: TriggerClock;
  readonly watchFiles?: WatchFiles;
  readonly flapLimit?: number;
  /** A watcher's own trouble (too many files, no permission): one line for the front end to show. */
  readonly onError?: (id: string, message: string) => void;
}

interface Watched {
  readonly spec: WatchSpec;
  readonly handle: WatchHandle;
  readonly trigger: WatchTrigger;
}

/**
 * Restarts processes when their files change: one watcher and one trigger (debounce, one restart in flight and one
 * pending, flap guard) per process with `watch`. A running process restarts; one that crashed or ended by itself
 * starts again (nodemon's habit); one the user stopped, or never started, stays as it is.
 */
export class WatchManager {
  private readonly watched = new Map<string, Watched>();

  constructor(
    private readonly brum: Brum,
    private readonly opts: WatchManagerOptions,
  ) {}

  /** Watches what `defs` ask for: new or changed watches start, removed ones stop, unchanged ones go on as they are. */
  sync(defs: readonly ProcessDef[]): Promise<void> {
    const wanted = new Map(defs.filter((d) => d.watch !== undefined).map((d) => [d.id, d.watch as WatchSpec]));
    const closing: Promise<void>[] = [];
    for (const [id, w] of this.watched) {
      const next = wanted.get(id);
      if (next !== undefined && JSON.stringify(next) === JSON.stringify(w.spec)) continue;
      closing.push(this.unwatch(id));
    }
    for (const [id, spec] of wanted) if (!this.watched.has(id)) this.watch(id, spec);
    return Promise.all(closing).then(() => undefined);
  }

  /** Resolves once every watcher has finished its first scan (a change before that may be missed). */
  async ready(): Promise<void> {
    await Promise.all([...this.watched.values()].map((w) => w.handle.ready));
  }

  toggle(id: string): void {
    const w = this.watched.get(id);
    if (w === undefined) return;
    if (w.trigger.current === 'on') w.trigger.pause();
    else w.trigger.resume();
  }

  async close(): Promise<void> {
    await Promise.all([...this.watched.keys()].map((id) => this.unwatch(id)));
  }

  private watch(id: string, spec: WatchSpec): void {
    const store = this.brum.store;
    const trigger = new WatchTrigger({
      debounceMs: spec.debounceMs,
      clock: this.opts.clock ?? REAL_CLOCK,
      ...(this.opts.flapLimit !== undefined ? { flapLimit: this.opts.flapLimit } : {}),
      restart: (why) => this.restart(id, why, spec.cascade),
      onState: (state, reason) => {
        if (store.getState().processes[id] !== undefined) dispatch(store, id, { type: 'watch', watch: { state, reason }, at: Date.now() });
      },
    });
    const factory = this.opts.watchFiles ?? watchFiles;
    const handle = factory(
      spec,
      this.opts.root,
      (change) => trigger.change(this.shown(change.path)),
      (message) => this.opts.onError?.(id, message),
    );
    this.watched.set(id, { spec, handle, trigger });
    dispatch(store, id, { type: 'watch', watch: { state: 'on', reason: null }, at: Date.now() });
  }

  private async unwatch(id: string): Promise<void> {
    const w = this.watched.get(id);
    if (w === undefined) return;
    this.watched.delete(id);
    w.trigger.close();
    if (this.brum.store.getState().processes[id] !== undefined) dispatch(this.brum.store, id, { type: 'watch', watch: null, at: Date.now() });
    await w.handle.close();
  }

  /**
   * One watch restart; the trigger waits for it before the next (at most one in flight, one pending). Resolves
   * with when the new process was spawned, if it was.
   */
  private async restart(id: string, why: string, cascade: boolean): Promise<number | void> {
    const { store, controls } = this.brum;
    const p = store.getState().processes[id];
    if (p === undefined) return;
    const running = p.status === 'running' || p.status === 'starting';
    const endedByItself = p.status === 'failed' || p.status === 'restarting' || (p.status === 'exited' && !p.stopped);
    if (!running && !endedByItself) return;
    const before = p.startedAt;
    dispatch(store, id, { type: 'triggered', trigger: why, at: Date.now() });
    // A restart either way: one that ended by itself starts again (its pending restart, if any, called off).
    await controls.restart(id, { cascade });
    const startedAt = store.getState().processes[id]?.startedAt ?? null;
    return startedAt !== null && startedAt !== before ? startedAt : undefined;
  }

  private shown(file: string): string {
    const rel = path.relative(this.opts.root, file);
    return rel === '' || rel.startsWith('..') ? file : rel;
  }
}
