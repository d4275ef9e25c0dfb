import type { RestartPolicy } from '../defs/process-def';

/**
 * The delay before restart n (1-based): min(delayMs × factor^(n-1), maxDelayMs), then ± jitter × that, using
 * random() in [0,1). Never negative. In milliseconds and not rounded: timers take fractions, and rounding would
 * push a delay just outside its jitter bounds.
 */
export function restartDelay(policy: RestartPolicy, n: number, random: () => number): number {
  // 0 × Infinity (a zero delay after enough restarts to overflow the power) would be NaN, not 0.
  if (!(policy.delayMs > 0)) return 0;
  const grown = policy.delayMs * Math.pow(policy.factor, Math.max(0, n - 1));
  const base = Number.isNaN(grown) ? policy.maxDelayMs : Math.min(grown, policy.maxDelayMs);
  const jitter = Math.max(0, policy.jitter);
  const spread = base * jitter * (2 * random() - 1);
  return Math.max(0, base + spread);
}

/** What to do after an exit brum did not ask for. */
export type RestartDecision =
  | { readonly restart: true; readonly attempt: number; readonly delayMs: number }
  /** reason: set when brum gives up on a crash loop; null when the policy simply says not to restart. */
  | { readonly restart: false; readonly reason: string | null };

/** Restarts so far in the current streak, and when the exit that began the streak happened. */
export interface RestartHistory {
  readonly count: number;
  readonly firstAt: number | null;
}

export const NO_RESTARTS: RestartHistory = { count: 0, firstAt: null };

/**
 * Pure: whether and when to restart after an unrequested exit, and the history to keep for the next one.
 * A run that lasted resetAfterMs counts as healthy, so its crash starts a new streak (and the shortest delay)
 * rather than counting towards giving up.
 */
export function decideRestart(
  policy: RestartPolicy | undefined,
  exit: { readonly code: number | null; readonly signal: string | null },
  uptimeMs: number,
  history: RestartHistory,
  now: number,
  random: () => number,
): { decision: RestartDecision; history: RestartHistory } {
  const streak = policy !== undefined && uptimeMs >= policy.resetAfterMs ? NO_RESTARTS : history;
  const stay = (reason: string | null) => ({ decision: { restart: false, reason } as const, history: streak });
  if (policy === undefined || policy.mode === 'no') return stay(null);
  // A null code without a signal is an exit brum could not read: not known to be clean, so a failure.
  const clean = exit.code === 0 && exit.signal === null;
  if (policy.mode === 'on-failure' && clean) return stay(null);
  // max_restarts 0 means "never restart", not a crash loop: there is nothing to give up on.
  if (policy.maxRestarts === 0) return stay(null);
  if (policy.maxRestarts !== null && streak.count >= policy.maxRestarts) {
    const spent = streak.firstAt === null ? 0 : now - streak.firstAt;
    const restarts = streak.count === 1 ? 'restart' : 'restarts';
    return stay(`crash loop: gave up after ${streak.count} ${restarts} in ${formatSeconds(spent)}`);
  }
  const attempt = streak.count + 1;
  return {
    decision: { restart: true, attempt, delayMs: restartDelay(policy, attempt, random) },
    history: { count: attempt, firstAt: streak.firstAt ?? now },
  };
}

/**
 * A duration for people: "41 s", "1.5 s", "0.25 s". Lives here, with no Node imports around it, so that
 * probes.ts can share it without this pure module pulling in sockets and child processes.
 */
export function formatSeconds(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s >= 10) return `${Math.round(s)} s`;
  if (s >= 1) return `${Math.round(s * 10) / 10} s`;
  return `${Math.round(s * 100) / 100} s`;
}
