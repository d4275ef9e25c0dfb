/**
 * What can be run, as data: the shape every source of definitions (package.json scripts, brum.yaml, Procfile,
 * --cmd) produces and every runner (supervisor, policies, front ends) reads. It sits below every other folder so
 * that both sides can import it without a cycle.
 */
/** How to launch one process: either a program with arguments, or a shell command line. */
export type Launch =
  | { readonly kind: 'file'; readonly file: string; readonly args: readonly string[] }
  | { readonly kind: 'shell'; readonly command: string };

/** What must hold of a dependency before a dependent starts (brum.yaml `depends_on`). */
export type DependencyCondition = 'started' | 'ready' | 'succeeded' | 'exited';
export const DEPENDENCY_CONDITIONS: readonly DependencyCondition[] = ['started', 'ready', 'succeeded', 'exited'];

export interface Dependency {
  readonly id: string;
  readonly condition: DependencyCondition;
  /** Restart the dependent whenever this dependency restarts. */
  readonly restart: boolean;
}

/** One readiness check. A log pattern is kept as source text so definitions compare and serialise as data. */
export type ProbeCheck =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'http'; readonly url: string }
  | { readonly kind: 'log'; readonly pattern: string }
  | { readonly kind: 'exec'; readonly command: string };

export interface Probe {
  readonly check: ProbeCheck;
  /** Time between attempts. */
  readonly periodMs: number;
  /** Total time brum waits for readiness after the process started; after it, readiness has failed. */
  readonly timeoutMs: number;
}

export type RestartMode = 'no' | 'on-failure' | 'always';
export const RESTART_MODES: readonly RestartMode[] = ['no', 'on-failure', 'always'];

/** The delay before restart n is min(delayMs × factor^(n-1), maxDelayMs) ± jitter (a fraction of it). */
export interface RestartPolicy {
  readonly mode: RestartMode;
  readonly delayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
  readonly jitter: number;
  /** null: never give up. */
  readonly maxRestarts: number | null;
  /** After this much uptime, the restart count starts again. */
  readonly resetAfterMs: number;
}

export interface StopSpec {
  readonly signal: NodeJS.Signals;
  readonly timeoutMs: number;
}

/** Restart on file changes (brum.yaml `watch`). */
export interface WatchSpec {
  /** Absolute files or folders (a folder is watched recursively). */
  readonly paths: readonly string[];
  /** gitignore-style patterns, on top of the default ignores and the project's .gitignore. */
  readonly ignore: readonly string[];
  /** Quiet time after the last change before the restart (trailing debounce). */
  readonly debounceMs: number;
  /** Also restart the dependents that declared `restart: true` on this process. */
  readonly cascade: boolean;
}

/** Where a definition came from, for `brum ls` and for hot reload. */
export type DefSource = 'brum.yaml' | 'Procfile' | 'package.json' | 'cmd';

/** Everything the supervisor needs to run one process. `command` is only for display. */
export interface ProcessDef {
  readonly id: string;
  readonly name: string;
  readonly command: string;
  readonly cwd: string;
  readonly launch: Launch;
  /** Applied after the env files (a process's own keys already merged over the project's). */
  readonly env?: Readonly<Record<string, string>>;
  /** Absolute paths, read again at every start, in order (the project's, then the process's own). */
  readonly envFiles?: readonly string[];
  readonly source?: DefSource;
  readonly dependsOn?: readonly Dependency[];
  readonly ready?: Probe;
  readonly restart?: RestartPolicy;
  readonly stop?: StopSpec;
  /** Whether `brum run` with no names starts it (default true). */
  readonly autostart?: boolean;
  readonly watch?: WatchSpec;
}
