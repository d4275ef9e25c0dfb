import type { Probe, RestartPolicy, StopSpec, WatchSpec } from '../defs/process-def';

/**
 * What brum.yaml means when it leaves a field out. A short probe period is the point: dependents start within a
 * blink of readiness, where peers poll every 10–30 s.
 */
export const PROBE_DEFAULTS: Readonly<Pick<Probe, 'periodMs' | 'timeoutMs'>> = Object.freeze({
  periodMs: 100,
  timeoutMs: 60_000,
});

/** Used by the short form (`restart: on-failure`) and for every field the long form leaves out. */
export const RESTART_DEFAULTS: Readonly<Omit<RestartPolicy, 'mode'>> = Object.freeze({
  delayMs: 500,
  factor: 2,
  maxDelayMs: 30_000,
  jitter: 0.2,
  maxRestarts: 10,
  resetAfterMs: 30_000,
});

export const STOP_DEFAULTS: StopSpec = Object.freeze({ signal: 'SIGTERM', timeoutMs: 5_000 });

/** What the long form of `watch` leaves out, and all of it for the short forms (a path, a list of paths). */
export const WATCH_DEFAULTS: Readonly<Pick<WatchSpec, 'debounceMs' | 'cascade'>> = Object.freeze({
  debounceMs: 300,
  cascade: false,
});

/** The host of `ready: { tcp: 5432 }`. */
export const DEFAULT_TCP_HOST = '127.0.0.1';
