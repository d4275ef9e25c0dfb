import path from 'node:path';
import type { ProcessDef } from '../defs/process-def';
import { WatchTrigger, type TriggerClock } from '../policies/watch-trigger';
import type { Runnable } from '../project/runnable';
import type { Brum } from '../runtime/brum';
import type { WatchHandle } from '../runtime/file-watcher';
import { REAL_CLOCK } from '../runtime/process-port';
import { isPending } from '../state/process-state';
import { setProjectStatus } from '../state/store';
import { isUserError } from '../user-error';
import { diffDefs, snapshotEnvFiles, type EnvSnapshot } from './def-diff';
import type { WatchFiles, WatchManager } from './watch-manager';

/** Edits arrive in bursts (an editor's save writes twice, a formatter follows): one reload per burst. */
const RELOAD_DEBOUNCE_MS = 100;

export interface ReloaderOptions {
  readonly initial: Runnable;
  /** Reads and validates the project again; throws a UserError (file:line:col) when it is invalid. */
  readonly load: () => Runnable;
  /** Processes from --cmd: not in any file, so a reload never removes them. */
  readonly adHoc: readonly ProcessDef[];
  readonly watches: WatchManager;
  readonly watchFiles: WatchFiles;
  readonly clock?: TriggerClock;
}

/**
 * Hot reload: invalidate → rebuild → swap. The new project is read and validated completely before anything is
 * touched; an invalid one changes nothing and its error is shown while the old definitions keep running. A valid
 * one is compared process by process with what runs: unchanged processes are left alone (same pid), changed
 * running ones restart with their new definition (their `restart: true` dependents after them), added ones appear
 * (and start when `autostart`), removed ones stop and leave the list. The changes go through the command layer,
 * so each waits its turn behind whatever is already queued for that process.
 */
export class Reloader {
  private current: Runnable;
  private env: EnvSnapshot;
  private files: string[] = [];
  private handle: WatchHandle | null = null;
  private readonly trigger: WatchTrigger;

  constructor(
    private readonly brum: Brum,
    private readonly opts: ReloaderOptions,
  ) {
    this.current = opts.initial;
    this.env = snapshotEnvFiles(opts.initial.defs);
    this.trigger = new WatchTrigger({
      debounceMs: RELOAD_DEBOUNCE_MS,
      clock: opts.clock ?? REAL_CLOCK,
      flapLimit: Number.POSITIVE_INFINITY,
      restart: () => this.reload(),
    });
  }

  /** Starts watching the project file, package.json and every env file in use. */
  start(): Promise<void> {
    this.rewatch();
    return this.handle?.ready ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.trigger.close();
    await this.handle?.close();
    this.handle = null;
  }

  /** Reads the project again and applies what changed (the manual reload key, and the watcher, call this). */
  async reload(): Promise<void> {
    const { store, controls } = this.brum;
    let next: Runnable;
    try {
      next = this.opts.load();
    } catch (error) {
      if (!isUserError(error)) throw error;
      setProjectStatus(store, { error: `${error.message} (the processes run as they were)`, note: null });
      return;
    }
    const nextDefs = [...next.defs, ...this.opts.adHoc.filter((d) => !next.defs.some((n) => n.id === d.id))];
    const env = snapshotEnvFiles(nextDefs);
    const diff = diffDefs([...this.current.defs, ...this.opts.adHoc], nextDefs, this.env, env);
    this.current = next;
    this.env = env;
    const work: Promise<void>[] = [];
    for (const id of diff.removed) work.push(controls.remove(id));
    for (const def of diff.changed) {
      controls.replace(def);
      const status = store.getState().processes[def.id]?.status ?? 'idle';
      if (isPending(status)) work.push(controls.restart(def.id));
    }
    for (const def of diff.added) {
      controls.add(def);
      if (def.source !== 'package.json' && def.autostart !== false) work.push(controls.start(def.id));
    }
    await this.opts.watches.sync(nextDefs);
    this.rewatch();
    setProjectStatus(store, { error: null, note: summary(diff.changed.map((d) => d.id), diff.added.map((d) => d.id), diff.removed) });
    await Promise.all(work);
  }

  /** Watches the files the project is read from now (a new env_file is watched from the reload that added it). */
  private rewatch(): void {
    const dir = this.current.dir;
    const files = new Set<string>();
    if (this.current.file) files.add(this.current.file.path);
    if (this.current.file?.kind === 'Procfile') files.add(path.join(dir, '.env'));
    if (this.current.project) files.add(path.join(dir, 'package.json'));
    for (const def of this.current.defs) for (const f of def.envFiles ?? []) files.add(f);
    const list = [...files].sort();
    if (this.handle !== null && list.join('\n') === this.files.join('\n')) return;
    const old = this.handle;
    this.files = list;
    this.handle = this.opts.watchFiles({ paths: list, ignore: [], debounceMs: 0, cascade: false }, dir, (c) => this.trigger.change(c.path), () => undefined);
    void old?.close();
  }
}

function summary(changed: readonly string[], added: readonly string[], removed: readonly string[]): string {
  const parts = [
    changed.length > 0 ? `changed ${changed.join(', ')}` : '',
    added.length > 0 ? `added ${added.join(', ')}` : '',
    removed.length > 0 ? `removed ${removed.join(', ')}` : '',
  ].filter((p) => p !== '');
  return parts.length === 0 ? 'project reloaded: nothing changed' : `project reloaded: ${parts.join('; ')}`;
}
