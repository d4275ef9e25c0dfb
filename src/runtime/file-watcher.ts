/**
 * The file-watching layer of `watch` (issue 14): chokidar over the watched paths, with the rules of watch-ignores.ts
 * given to it as a function, so that ignored trees are neither read nor watched (bench/watch-startup). It reports
 * raw changes only; debouncing, restarts and cascades belong to the watch policy.
 */
import path from 'node:path';
import type { FileChange, RootWatch } from './root-watch';
import { describeError } from './watch-errors';
import { buildWatchRules, isWithin } from './watch-ignores';

export { DEFAULT_IGNORES } from './watch-ignores';
export type { FileChange, FileChangeKind } from './root-watch';
export { describeError } from './watch-errors';

export interface WatchHandle {
  /** Stops every event at once (none is reported after the call) and releases the OS watches. */
  close(): Promise<void>;
  /** Resolves once the initial scan is done and events are live; also on close, so no one waits forever. */
  readonly ready: Promise<void>;
}

/** The same messages again and again (a folder rescanned on every change) would only flood the log. */
const MAX_DISTINCT_ERRORS = 50;

/**
 * Watches `spec.paths` (files or folders, recursively; relative ones against `root`), skipping the default ignores,
 * the .gitignore rules that apply (the root's, and those of the folders from the root down to each watched folder)
 * and `spec.ignore`; calls `onChange` for every relevant change after the start. A watched path that is missing,
 * or deleted and made again (`rm -rf dist && tsc`), is reported (`addDir`/`add`) and watched when it appears.
 * Failures (EMFILE, ENOSPC, EACCES, a throwing callback) never throw: they reach `onError`, one line each.
 */
export function watchFiles(
  spec: { readonly paths: readonly string[]; readonly ignore: readonly string[] },
  root: string,
  onChange: (c: FileChange) => void,
  onError?: (message: string) => void,
): WatchHandle {
  const reported = new Set<string>();
  const report = (message: string): void => {
    if (!onError || reported.has(message) || reported.size >= MAX_DISTINCT_ERRORS) return;
    reported.add(message);
    try {
      onError(message);
    } catch {
      // The error path itself failing must not take brum down either.
    }
  };
  let closed = false;
  const emit = (change: FileChange): void => {
    if (closed) return;
    try {
      onChange(change);
    } catch (error) {
      report(`file watcher: a change handler failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const paths = [...new Set(spec.paths.map((p) => path.resolve(root, p)))];
  const rules = buildWatchRules({ root, paths, ignore: spec.ignore, onError: report });
  // Loaded when first asked for: chokidar (with node:fs/promises) is ~6 ms of a start that a flood waits for, and
  // the TUI starts its watches only after the first spawn (bundled, this import is a lazy init, not a file load).
  // A load that fails is a watcher's trouble like any other (one line to onError), never a rejection nobody awaits.
  const roots: Promise<RootWatch[]> = import('./root-watch').then(
    ({ RootWatch: Watch }) =>
      closed
        ? []
        : // The project root (or a folder above it) gets no guard: brum does not outlive its project folder, and the
          // guard would watch the folder above the project.
          paths.map((target) => new Watch(target, rules, emit, report, !isWithin(target, path.resolve(root)))),
    (error: unknown) => {
      report(describeError(error));
      return [];
    },
  );
  const ready = roots.then((started) => Promise.all(started.map((r) => r.start()))).then(() => undefined);
  return {
    ready,
    close: async () => {
      closed = true;
      await Promise.all((await roots).map((r) => r.close()));
    },
  };
}
