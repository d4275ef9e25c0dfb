// Waiting for readiness: attempts of one ProbeCheck, repeated until one passes, the probe's time runs out, or the
// wait is aborted. Dependents start when this resolves, so attempts are frequent (100 ms by default) and the wait
// ends the moment one passes.
import type { Probe, ProbeCheck } from '../defs/process-def';
import { formatSeconds } from './backoff';
import { execCheck, httpCheck, tcpCheck } from './probe-checks';

export { execCheck, httpCheck, tcpCheck } from './probe-checks';

/**
 * The shortest time one attempt is given, whatever the period. With a 100 ms period, cutting an attempt at the
 * period would fail checks that pass, only slowly: `docker compose exec db pg_isready` or a health endpoint that
 * queries a database routinely take several hundred ms. A hung attempt on a local port is rare, so the floor costs
 * little; the total timeout still caps it.
 */
export const ATTEMPT_TIMEOUT_FLOOR_MS = 2000;

/** A period below this would turn a probe into a busy loop (a connection storm for tcp and http). */
export const MIN_PERIOD_MS = 10;

/** `delay` may take the signal to end early; one that ignores it still works, it is raced with the abort. */
export interface ProbeClock {
  now(): number;
  delay(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface ReadyWaitOptions {
  readonly probe: Probe;
  /** For the exec kind: where its command runs. */
  readonly cwd: string;
  /** For the exec kind: its whole environment. */
  readonly env: Record<string, string>;
  /** For the log kind: whether the pattern has been seen. Called once per attempt; it should be cheap. */
  readonly logCheck?: () => boolean;
  /**
   * For the log kind: calls back when new output arrived, so the next attempt runs then instead of at the next
   * period (returns what stops the calls). Readiness then follows the line, not the polling clock.
   */
  readonly onInput?: (wake: () => void) => () => void;
  readonly clock?: ProbeClock;
  readonly signal: AbortSignal;
}

export type ReadyResult =
  | { readonly ready: true; readonly tookMs: number; readonly attempts: number }
  | { readonly ready: false; readonly reason: string };

const REAL_CLOCK: ProbeClock = {
  now: () => Date.now(),
  delay: (ms, signal) =>
    new Promise<void>((resolve) => {
      // Cleared on abort, so a cancelled wait does not keep the event loop alive for the rest of a period.
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

const ABORTED: ReadyResult = { ready: false, reason: 'aborted' };

/** How a check reads in messages: "tcp 127.0.0.1:5432", "http http://…/health", "log /Listening/", "exec pg_isready". */
export function describeCheck(check: ProbeCheck): string {
  switch (check.kind) {
    case 'tcp':
      return `tcp ${check.host.includes(':') ? `[${check.host}]` : check.host}:${check.port}`;
    case 'http':
      return `http ${check.url}`;
    case 'log':
      return `log /${check.pattern}/`;
    case 'exec':
      return `exec ${check.command}`;
  }
}

/**
 * Waits until the probe passes. Attempts start at once, then one period after the previous attempt *started*
 * (at once, if that attempt took longer than a period), so a slow attempt does not stretch the gap. Attempts never
 * overlap. Each attempt may take min(time left, max(period, ATTEMPT_TIMEOUT_FLOOR_MS)). The wait fails at the
 * deadline (timeoutMs after it began), after the last attempt that could start before it. Aborting ends the wait
 * promptly with reason "aborted", and ends the attempt under way with it.
 * Never rejects.
 */
export async function waitReady(opts: ReadyWaitOptions): Promise<ReadyResult> {
  const { probe, signal } = opts;
  const clock = opts.clock ?? REAL_CLOCK;
  const what = describeCheck(probe.check);
  if (probe.check.kind === 'log' && opts.logCheck === undefined) return { ready: false, reason: `${what}: no log to watch` };
  const periodMs = Math.max(MIN_PERIOD_MS, probe.periodMs);
  const start = clock.now();
  const deadline = start + probe.timeoutMs;
  let attempts = 0;
  for (;;) {
    if (signal.aborted) return ABORTED;
    const attemptStart = clock.now();
    // At least 1 ms: even a zero timeout gets one real attempt (a log line may already be there).
    const attemptTimeoutMs = Math.max(1, Math.min(deadline - attemptStart, Math.max(periodMs, ATTEMPT_TIMEOUT_FLOOR_MS)));
    attempts += 1;
    const passed = await runAttempt(probe.check, opts, attemptTimeoutMs);
    if (signal.aborted) return ABORTED;
    const now = clock.now();
    if (passed) return { ready: true, tookMs: now - start, attempts };
    const next = attemptStart + periodMs;
    if (next >= deadline) {
      // No attempt fits any more, but the verdict is given at the deadline, as the probe's timeout promises.
      if (deadline > now) await abortableDelay(clock, deadline - now, signal);
      return signal.aborted ? ABORTED : { ready: false, reason: `not ready after ${formatSeconds(probe.timeoutMs)} (${what})` };
    }
    if (next > now) await abortableDelay(clock, next - now, signal, probe.check.kind === 'log' ? opts.onInput : undefined);
  }
}

function runAttempt(check: ProbeCheck, opts: ReadyWaitOptions, timeoutMs: number): Promise<boolean> {
  switch (check.kind) {
    case 'tcp':
      return tcpCheck(check.host, check.port, timeoutMs, opts.signal);
    case 'http':
      return httpCheck(check.url, timeoutMs, opts.signal);
    case 'exec':
      return execCheck(check.command, opts.cwd, opts.env, timeoutMs, opts.signal);
    case 'log':
      try {
        return Promise.resolve(opts.logCheck?.() === true);
      } catch {
        // A throwing log check is a failed attempt, like any other, not the end of the wait.
        return Promise.resolve(false);
      }
  }
}

function abortableDelay(clock: ProbeClock, ms: number, signal: AbortSignal, onInput?: (wake: () => void) => () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    let stop = (): void => undefined;
    const done = (): void => {
      signal.removeEventListener('abort', done);
      stop();
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    if (onInput) stop = onInput(done);
    // A clock whose delay rejects is treated as one whose delay ended: the loop re-checks the time either way.
    clock.delay(ms, signal).then(done, done);
  });
}
