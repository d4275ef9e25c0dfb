import type { RestartPolicy } from '../defs/process-def';
import { decideRestart, type RestartDecision, type RestartHistory } from '../policies/backoff';
import type { Clock } from './process-port';

/**
 * The restart policy's memory and timers for every process: what the current crash streak is, and which restarts
 * are waiting out their delay. A restart fires only if nobody called it off (a stop) or ran it early (a start)
 * in the meantime: each scheduled restart has a token, and only the current token may fire.
 */
export class RestartScheduler {
  private readonly history = new Map<string, RestartHistory>();
  private readonly pending = new Map<string, object>();

  constructor(
    private readonly clock: Clock,
    private readonly fire: (id: string) => void,
    private readonly random: () => number = Math.random,
  ) {}

  /** After an exit brum did not ask for: restart (after which delay), or not, or give up (with the reason). */
  decide(id: string, policy: RestartPolicy | undefined, exit: { code: number | null; signal: string | null }, uptimeMs: number): RestartDecision {
    const before = this.history.get(id) ?? { count: 0, firstAt: null };
    const { decision, history } = decideRestart(policy, exit, uptimeMs, before, this.clock.now(), this.random);
    this.history.set(id, history);
    return decision;
  }

  schedule(id: string, delayMs: number): void {
    const token = {};
    this.pending.set(id, token);
    void this.clock.delay(delayMs).then(() => {
      if (this.pending.get(id) !== token) return;
      this.pending.delete(id);
      this.fire(id);
    });
  }

  /** Calls off the pending restart of `id`; true when there was one. */
  cancel(id: string): boolean {
    return this.pending.delete(id);
  }

  /** A start the user asked for begins a new streak: earlier crashes no longer count toward giving up. */
  forget(id: string): void {
    this.history.delete(id);
  }
}
