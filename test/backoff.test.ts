// Restart backoff as pure arithmetic: fake policies, fake times, and random() replaced by fixed values.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideRestart, formatSeconds, NO_RESTARTS, restartDelay, type RestartHistory } from '../src/policies/backoff';
import type { RestartMode, RestartPolicy } from '../src/runtime/types';

const MID = () => 0.5; // 2 × 0.5 − 1 = 0: no jitter at all, whatever the policy's jitter.

function policy(over: Partial<RestartPolicy> = {}): RestartPolicy {
  return { mode: 'on-failure', delayMs: 1000, factor: 2, maxDelayMs: 30_000, jitter: 0, maxRestarts: 10, resetAfterMs: 60_000, ...over };
}

const CRASH = { code: 1, signal: null };
const CLEAN = { code: 0, signal: null };
const KILLED = { code: null, signal: 'SIGKILL' };

describe('restartDelay', () => {
  it('starts at delayMs and grows by factor per restart', () => {
    const p = policy();
    expect(restartDelay(p, 1, MID)).toBe(1000);
    expect(restartDelay(p, 2, MID)).toBe(2000);
    expect(restartDelay(p, 3, MID)).toBe(4000);
    expect(restartDelay(p, 5, MID)).toBe(16_000);
  });

  it('is capped at maxDelayMs, even when the power overflows', () => {
    const p = policy();
    expect(restartDelay(p, 6, MID)).toBe(30_000);
    expect(restartDelay(p, 100, MID)).toBe(30_000);
    expect(restartDelay(p, 5000, MID)).toBe(30_000);
  });

  it('a factor of 1 keeps the delay flat; a zero delay stays zero', () => {
    expect(restartDelay(policy({ factor: 1 }), 7, MID)).toBe(1000);
    expect(restartDelay(policy({ delayMs: 0 }), 5000, MID)).toBe(0);
  });

  it('jitter spreads the delay by ± jitter × delay', () => {
    const p = policy({ jitter: 0.2 });
    expect(restartDelay(p, 1, () => 0)).toBeCloseTo(800);
    expect(restartDelay(p, 1, () => 0.75)).toBeCloseTo(1100);
    expect(restartDelay(p, 1, () => 0.999_999)).toBeCloseTo(1200, 2);
    // Jitter applies after the cap: the capped delay is spread too.
    expect(restartDelay(p, 50, () => 0)).toBeCloseTo(24_000);
  });

  it('property: always within [d(1−j), d(1+j)] and never negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120_000 }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.integer({ min: 0, max: 600_000 }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (delayMs, factor, maxDelayMs, jitter, n, r) => {
          const p = policy({ delayMs, factor, maxDelayMs, jitter });
          const d = restartDelay(p, n, () => 0.5);
          const got = restartDelay(p, n, () => r);
          const slack = 1e-9 * Math.max(1, d);
          expect(got).toBeGreaterThanOrEqual(0);
          expect(got).toBeGreaterThanOrEqual(d * (1 - jitter) - slack);
          expect(got).toBeLessThanOrEqual(d * (1 + jitter) + slack);
          expect(d).toBeLessThanOrEqual(Math.max(0, maxDelayMs));
        },
      ),
    );
  });
});

describe('decideRestart', () => {
  const decide = (p: RestartPolicy | undefined, exit: { code: number | null; signal: string | null }, uptimeMs = 100, history: RestartHistory = NO_RESTARTS, now = 10_000) =>
    decideRestart(p, exit, uptimeMs, history, now, MID);

  it('no policy or mode "no": never restarts, and gives no reason', () => {
    expect(decide(undefined, CRASH).decision).toEqual({ restart: false, reason: null });
    expect(decide(policy({ mode: 'no' }), CRASH).decision).toEqual({ restart: false, reason: null });
    expect(decide(policy({ mode: 'no' }), KILLED).decision).toEqual({ restart: false, reason: null });
  });

  it('on-failure: restarts a crash or a signal, not a clean exit', () => {
    const p = policy({ mode: 'on-failure' });
    expect(decide(p, CRASH).decision).toEqual({ restart: true, attempt: 1, delayMs: 1000 });
    expect(decide(p, KILLED).decision).toEqual({ restart: true, attempt: 1, delayMs: 1000 });
    expect(decide(p, { code: null, signal: null }).decision).toMatchObject({ restart: true });
    const clean = decide(p, CLEAN, 100, { count: 3, firstAt: 5000 });
    expect(clean.decision).toEqual({ restart: false, reason: null });
    expect(clean.history).toEqual({ count: 3, firstAt: 5000 });
  });

  it('always: restarts a clean exit too', () => {
    const p = policy({ mode: 'always' });
    expect(decide(p, CLEAN).decision).toEqual({ restart: true, attempt: 1, delayMs: 1000 });
    expect(decide(p, CRASH).decision).toEqual({ restart: true, attempt: 1, delayMs: 1000 });
  });

  it('counts a streak: attempt and delay grow, firstAt is the first exit', () => {
    const p = policy();
    let history: RestartHistory = NO_RESTARTS;
    const seen: Array<[number, number]> = [];
    for (let i = 0; i < 4; i++) {
      const { decision, history: next } = decide(p, CRASH, 50, history, 1000 + i * 500);
      if (!decision.restart) throw new Error('expected a restart');
      seen.push([decision.attempt, decision.delayMs]);
      history = next;
    }
    expect(seen).toEqual([
      [1, 1000],
      [2, 2000],
      [3, 4000],
      [4, 8000],
    ]);
    expect(history).toEqual({ count: 4, firstAt: 1000 });
  });

  it('a run that lasted resetAfterMs starts a new streak', () => {
    const p = policy({ resetAfterMs: 60_000 });
    const worn: RestartHistory = { count: 7, firstAt: 1000 };
    const reset = decide(p, CRASH, 60_000, worn, 90_000);
    expect(reset.decision).toEqual({ restart: true, attempt: 1, delayMs: 1000 });
    expect(reset.history).toEqual({ count: 1, firstAt: 90_000 });
    const kept = decide(p, CRASH, 59_999, worn, 90_000);
    expect(kept.decision).toEqual({ restart: true, attempt: 8, delayMs: 30_000 });
    expect(kept.history).toEqual({ count: 8, firstAt: 1000 });
  });

  it('the reset also saves a process that had reached maxRestarts', () => {
    const p = policy({ maxRestarts: 3, resetAfterMs: 10_000 });
    const { decision } = decide(p, CRASH, 10_000, { count: 3, firstAt: 0 }, 50_000);
    expect(decision).toEqual({ restart: true, attempt: 1, delayMs: 1000 });
  });

  it('gives up once maxRestarts restarts happened, saying how many and how fast', () => {
    const p = policy({ maxRestarts: 10 });
    const history = { count: 10, firstAt: 2000 };
    const out = decide(p, CRASH, 100, history, 43_000);
    expect(out.decision).toEqual({ restart: false, reason: 'crash loop: gave up after 10 restarts in 41 s' });
    expect(out.history).toEqual(history);
    expect(decide(policy({ maxRestarts: 1 }), CRASH, 100, { count: 1, firstAt: 0 }, 1500).decision).toEqual({
      restart: false,
      reason: 'crash loop: gave up after 1 restart in 1.5 s',
    });
    // One short of the limit still restarts.
    expect(decide(p, CRASH, 100, { count: 9, firstAt: 2000 }, 43_000).decision).toMatchObject({ restart: true, attempt: 10 });
  });

  it('maxRestarts null never gives up; 0 never restarts, without a crash-loop reason', () => {
    expect(decide(policy({ maxRestarts: null }), CRASH, 100, { count: 10_000, firstAt: 0 }).decision).toMatchObject({ restart: true, attempt: 10_001 });
    expect(decide(policy({ maxRestarts: 0 }), CRASH).decision).toEqual({ restart: false, reason: null });
  });

  it('property: restarts exactly when the mode and the exit call for it', () => {
    const modes: RestartMode[] = ['no', 'on-failure', 'always'];
    fc.assert(
      fc.property(fc.constantFrom(...modes), fc.option(fc.integer({ min: 0, max: 255 })), fc.option(fc.constantFrom('SIGTERM', 'SIGKILL')), (mode, code, signal) => {
        const { decision } = decide(policy({ mode, maxRestarts: null }), { code, signal });
        const failed = code !== 0 || signal !== null;
        expect(decision.restart).toBe(mode === 'always' || (mode === 'on-failure' && failed));
      }),
    );
  });
});

describe('formatSeconds', () => {
  it('reads as people write durations', () => {
    expect(formatSeconds(41_000)).toBe('41 s');
    expect(formatSeconds(41_400)).toBe('41 s');
    expect(formatSeconds(60_000)).toBe('60 s');
    expect(formatSeconds(1500)).toBe('1.5 s');
    expect(formatSeconds(1000)).toBe('1 s');
    expect(formatSeconds(250)).toBe('0.25 s');
    expect(formatSeconds(0)).toBe('0 s');
  });
});
