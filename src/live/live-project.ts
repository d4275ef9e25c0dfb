import type { ProcessDef } from '../defs/process-def';
import type { Runnable } from '../project/runnable';
import type { Brum } from '../runtime/brum';
import { watchFiles } from '../runtime/file-watcher';
import { Reloader } from './reloader';
import { WatchManager, type WatchFiles } from './watch-manager';

export interface LiveProjectOptions {
  /** What runs now (null: only --cmd commands, nothing to reload). */
  readonly runnable: Runnable | null;
  /** Reads and validates the project again (throws a UserError when it is invalid). */
  readonly load: () => Runnable;
  readonly adHoc: readonly ProcessDef[];
  /** The project folder (the same as the runnable's, or the --cmd folder). */
  readonly root: string;
  readonly watchFiles?: WatchFiles;
  /** A watcher's own trouble, as one line (the front end shows it). */
  readonly onWatchError?: (id: string, message: string) => void;
}

/** A project that follows its files: file-watch restarts per process, and hot reload of the project file. */
export interface LiveProject {
  /** Resolves once every watcher has done its first scan. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Attaches watches and hot reload to a brum: both act through its command layer, and the keys (`w`, `L`) and the
 * control API reach them through it too (Controls.toggleWatch, Controls.reload).
 */
export function startLiveProject(brum: Brum, opts: LiveProjectOptions): LiveProject {
  const files = opts.watchFiles ?? ((spec, root, onChange, onError) => watchFiles(spec, root, onChange, onError));
  const watches = new WatchManager(brum, {
    root: opts.root,
    watchFiles: files,
    ...(opts.onWatchError ? { onError: opts.onWatchError } : {}),
  });
  const defs = [...(opts.runnable?.defs ?? []), ...opts.adHoc];
  const synced = watches.sync(defs);
  const reloader =
    opts.runnable === null ? null : new Reloader(brum, { initial: opts.runnable, load: opts.load, adHoc: opts.adHoc, watches, watchFiles: files });
  const reloading = reloader?.start() ?? Promise.resolve();
  brum.controls.attachLive({
    toggleWatch: (id) => watches.toggle(id),
    reload: () => reloader?.reload() ?? Promise.resolve(),
  });
  return {
    async ready() {
      await synced;
      await Promise.all([watches.ready(), reloading]);
    },
    async close() {
      await Promise.all([watches.close(), reloader?.close()]);
    },
  };
}
